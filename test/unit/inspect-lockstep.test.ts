import { describe, expect, it } from 'vitest';
import { lockstep, lockstepSettled, type BatchFn } from '../../src/core/inspect';

/** Instance i makes rounds[i] requests (i·100 + round), adding up what comes back; with the
 * doubling batch below its result is Σ 2·(i·100 + k), so each request got its own answer. */
function counting(rounds: readonly number[]) {
  return async (i: number, submit: (n: number) => Promise<number>) => {
    let total = 0;
    for (let k = 0; k < rounds[i]!; k++) total += await submit(i * 100 + k);
    return total;
  };
}

function recordingBatch() {
  const calls: { requests: number[]; instances: number[] }[] = [];
  const batch: BatchFn<number, number> = (requests, instances) => {
    calls.push({ requests: [...requests], instances: [...instances] });
    return requests.map((r) => 2 * r);
  };
  return { calls, batch };
}

const expectedTotal = (i: number, n: number) =>
  Array.from({ length: n }, (_, k) => 2 * (i * 100 + k)).reduce((a, b) => a + b, 0);

describe('lockstep', () => {
  it('runs one batched call per round, max(rounds) in all, over the instances still running', async () => {
    const rounds = [3, 1, 5, 0, 2];
    const { calls, batch } = recordingBatch();
    const results = await lockstep(rounds.length, counting(rounds), batch);
    expect(results).toEqual(rounds.map((n, i) => expectedTotal(i, n)));
    expect(calls.length).toBe(Math.max(...rounds));
    // Round k batches exactly the instances with more than k rounds, in index order.
    calls.forEach((call, k) => {
      const running = rounds.flatMap((n, i) => (n > k ? [i] : []));
      expect(call.instances).toEqual(running);
      expect(call.requests).toEqual(running.map((i) => i * 100 + k));
    });
  });

  it('accepts an async batch and interleaved async work inside the instances', async () => {
    const batch: BatchFn<number, number> = async (requests) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return requests.map((r) => r + 1);
    };
    let calls = 0;
    const counted: BatchFn<number, number> = (r, i) => {
      calls++;
      return batch(r, i);
    };
    const results = await lockstep(
      3,
      async (i, submit) => {
        let v = i;
        for (let k = 0; k <= i; k++) {
          await Promise.resolve(); // extra ticks between requests must not split a round
          v = await submit(v);
        }
        return v;
      },
      counted,
    );
    expect(results).toEqual([1, 3, 5]);
    expect(calls).toBe(3);
  });

  it('retires an instance that throws and keeps batching the others', async () => {
    const rounds = [4, 2, 3];
    const { calls, batch } = recordingBatch();
    const run = counting(rounds);
    const outcome = await lockstepSettled(
      3,
      async (i, submit) => {
        if (i === 1) {
          await submit(100);
          throw new Error('instance 1 failed');
        }
        return run(i, submit);
      },
      batch,
    );
    expect(outcome.settled[0]).toEqual({ status: 'fulfilled', value: expectedTotal(0, 4) });
    expect(outcome.settled[1]!.status).toBe('rejected');
    expect(outcome.settled[2]).toEqual({ status: 'fulfilled', value: expectedTotal(2, 3) });
    expect(outcome.rounds).toBe(4);
    expect(calls.map((c) => c.instances)).toEqual([[0, 1, 2], [0, 2], [0, 2], [0]]);
    // lockstep itself rejects with the lowest-index failure, after everyone settled.
    await expect(
      lockstep(
        2,
        async (i) => {
          throw new Error(`fail ${i}`);
        },
        batch,
      ),
    ).rejects.toThrow('fail 0');
  });

  it('rejects every request of a round whose batched call fails', async () => {
    let call = 0;
    const batch: BatchFn<number, number> = (requests) => {
      if (++call === 2) throw new Error('batch broke');
      return requests;
    };
    const outcome = await lockstepSettled(
      3,
      async (i, submit) => {
        for (let k = 0; k < 3; k++) await submit(k);
        return i;
      },
      batch,
    );
    expect(call).toBe(2); // the failure ended every instance: no third round
    for (const s of outcome.settled) {
      expect(s.status).toBe('rejected');
      if (s.status === 'rejected') expect(String(s.reason)).toMatch(/batch broke/);
    }
  });

  it('rejects a batch that returns the wrong number of results, and misuse of submit', async () => {
    await expect(
      lockstep(
        2,
        (_, submit) => submit(1),
        () => [1],
      ),
    ).rejects.toThrow(/returned 1 results for 2/);
    await expect(
      lockstep(
        2,
        // Instance 0 submits twice without awaiting (instance 1 keeps round 1 open meanwhile).
        async (i, submit) => (i === 0 ? Promise.all([submit(1), submit(2)]) : [await submit(3)]),
        (r) => r,
      ),
    ).rejects.toThrow(/already has a request/);
    expect(
      await lockstep(
        0,
        async () => 1,
        () => [],
      ),
    ).toEqual([]);
    await expect(
      lockstep(
        -1,
        async () => 1,
        () => [],
      ),
    ).rejects.toThrow(/count/);
  });
});
