/**
 * Runs N copies of a single-point asynchronous algorithm in lockstep, so that the one expensive
 * call each of them makes per round (an HVP, a batch of PGD radii) becomes ONE batched call over
 * all of them. The algorithms stay unchanged: each instance gets a `submit` function where it
 * would otherwise call its own evaluator (an `hvp` closure for `lanczosTopK`, a radius
 * evaluator for the robustness search).
 *
 * Scheduling is deterministic and needs no timers: the batched call runs as soon as every
 * instance still running has a request waiting. An instance is retired when its own promise
 * settles (success or error); instances finish after different numbers of rounds, so later
 * rounds batch only the ones still running. A round therefore costs one batched call, and the
 * whole run costs max over instances of their rounds (not the sum).
 */

/** One instance's evaluator: hands a request to the batcher, resolves with its own result. */
export type Submit<Request, Result> = (request: Request) => Promise<Result>;

/**
 * The batched evaluation of one round.
 * @param requests the waiting requests, in increasing instance order.
 * @param instances the instance index (0 ≤ i < count) of each request, same order.
 * @returns one result per request, same order (may be async).
 * It is called from inside the `submit` (or the retirement) that completed the round, i.e.
 * synchronously within some instance's call; it must not call `submit` itself.
 */
export type BatchFn<Request, Result> = (
  requests: readonly Request[],
  instances: readonly number[],
) => readonly Result[] | Promise<readonly Result[]>;

interface Waiting<Request, Result> {
  readonly request: Request;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/** The shared state of one lockstep run: who is still running and who is waiting. */
class Batcher<Request, Result> {
  private readonly active = new Set<number>();
  private readonly waiting = new Map<number, Waiting<Request, Result>>();
  /** Batched calls made so far. */
  rounds = 0;

  constructor(
    count: number,
    private readonly batch: BatchFn<Request, Result>,
  ) {
    for (let i = 0; i < count; i++) this.active.add(i);
  }

  submit(instance: number, request: Request): Promise<Result> {
    if (!this.active.has(instance)) {
      return Promise.reject(new Error(`lockstep: instance ${instance} submitted after it ended`));
    }
    if (this.waiting.has(instance)) {
      // A second request before the first is answered would deadlock the round count.
      return Promise.reject(new Error(`lockstep: instance ${instance} already has a request`));
    }
    const result = new Promise<Result>((resolve, reject) => {
      this.waiting.set(instance, { request, resolve, reject });
    });
    this.flushIfReady();
    return result;
  }

  retire(instance: number): void {
    this.active.delete(instance);
    this.flushIfReady();
  }

  /** Runs the batched call once every running instance waits (requests of instances that
   * ended without awaiting theirs ride along and are still answered). */
  private flushIfReady(): void {
    if (this.waiting.size === 0) return;
    for (const i of this.active) if (!this.waiting.has(i)) return;
    const instances = [...this.waiting.keys()].sort((a, b) => a - b);
    const entries = instances.map((i) => this.waiting.get(i)!);
    this.waiting.clear();
    this.rounds++;
    void this.run(
      entries.map((e) => e.request),
      instances,
    ).then(
      (results) => entries.forEach((e, k) => e.resolve(results[k]!)),
      (error: unknown) => entries.forEach((e) => e.reject(error)),
    );
  }

  private async run(requests: Request[], instances: number[]): Promise<readonly Result[]> {
    const results = await this.batch(requests, instances);
    if (results.length !== requests.length) {
      throw new Error(`lockstep: batch returned ${results.length} results for ${requests.length}`);
    }
    return results;
  }
}

/** What a lockstep run produced. */
export interface LockstepOutcome<T> {
  /** Each instance's outcome, by instance index. */
  readonly settled: PromiseSettledResult<T>[];
  /** Batched calls made (= max over instances of the requests each made, when every instance
   * awaits each request before the next). */
  readonly rounds: number;
}

/**
 * Runs `count` instances in lockstep and waits until every one has settled (so no instance is
 * still using shared tensors when this returns, even when some failed).
 * @param instance the single-point algorithm; instance i calls `submit` instead of its own
 *   evaluator and must await each result before submitting again.
 * @param batch evaluates all requests of one round at once. If it throws or rejects, every
 *   request of that round rejects with its error.
 */
export async function lockstepSettled<Request, Result, T>(
  count: number,
  instance: (index: number, submit: Submit<Request, Result>) => Promise<T>,
  batch: BatchFn<Request, Result>,
): Promise<LockstepOutcome<T>> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be ≥ 0, got ${count}`);
  const batcher = new Batcher(count, batch);
  // Every instance counts as running before any starts, so an early submit waits for the rest.
  const runs = Array.from({ length: count }, async (_, i) => {
    try {
      return await instance(i, (request) => batcher.submit(i, request));
    } finally {
      batcher.retire(i);
    }
  });
  const settled = await Promise.allSettled(runs);
  return { settled, rounds: batcher.rounds };
}

/**
 * As `lockstepSettled`, returning the instances' results in index order; if any instance
 * failed, rejects (after all have settled) with the error of the lowest-index failure.
 */
export async function lockstep<Request, Result, T>(
  count: number,
  instance: (index: number, submit: Submit<Request, Result>) => Promise<T>,
  batch: BatchFn<Request, Result>,
): Promise<T[]> {
  const { settled } = await lockstepSettled(count, instance, batch);
  return settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
}
