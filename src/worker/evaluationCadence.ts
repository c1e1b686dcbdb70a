/**
 * When the live lab evaluates: in rounds, each round measuring the three networks one after the
 * other with the same settings, so the columns always show figures of one ε, one norm, one h.
 * A round is due at once when the lab opens, after a reset and after a change of what the
 * evaluation measures (ε, norm, h); otherwise once the lab has run for a gap after the last round
 * ended. The gap is `trainingPerEvaluation` × the last round (evaluation ≤ a third of the
 * worker), at least `minGapMs`; for freshness it is capped at `maxGapMs` (evaluation then takes
 * up to half) — unless a round alone takes longer than that cap: then freshness is out of reach
 * anyway (a slow backend, e.g. tfjs-cpu in the browser: ~50 s rounds), so the budget rules again
 * and the figures age more, which their step says.
 * Pure: the controller feeds it the wall-clock time that passes while the lab runs.
 */
export interface CadencePolicy {
  /** Shortest gap between rounds, ms of running time. */
  readonly minGapMs: number;
  /** Longest gap the freshness target allows, ms (unless a round itself takes longer). */
  readonly maxGapMs: number;
  /** Running time wanted per ms of evaluation: 2 keeps evaluation to a third of the worker. */
  readonly trainingPerEvaluation: number;
}

/**
 * Measured in the browser here (MNIST MLP, 200 test points PGD-20 + 32 probe points, batched
 * Lanczos): on wasm a round takes ~3–6 s (0.7–2.7 s per network on a loaded machine), so the gap
 * is ~6–10 s and a figure is replaced within ~20 s of running (its round, the gap, the next
 * round); on tfjs-cpu a round took ~51 s.
 */
export const LIVE_CADENCE: CadencePolicy = {
  minGapMs: 3000,
  maxGapMs: 10_000,
  trainingPerEvaluation: 2,
};

export class EvaluationCadence {
  private due = true;
  private runningSinceRound = 0;
  private lastRoundMs = 0;
  private rounds = 0;

  constructor(private readonly policy: CadencePolicy = LIVE_CADENCE) {}

  /** The lab ran (trained, or analysed between steps) for `ms` of wall-clock time. */
  elapse(ms: number): void {
    this.runningSinceRound += Math.max(0, ms);
  }

  /** What the figures measure changed, or a network's weights were replaced: evaluate next. */
  markDue(): void {
    this.due = true;
  }

  /** The running time the lab waits after a round before the next (see the file comment). */
  gapMs(): number {
    const { minGapMs, maxGapMs, trainingPerEvaluation } = this.policy;
    const budgeted = Math.max(minGapMs, trainingPerEvaluation * this.lastRoundMs);
    return this.lastRoundMs >= maxGapMs ? budgeted : Math.min(budgeted, maxGapMs);
  }

  isDue(): boolean {
    return this.due || this.runningSinceRound >= this.gapMs();
  }

  /** A round begins: its number (1, 2, …). A change during the round makes the next one due. */
  startRound(): number {
    this.due = false;
    return ++this.rounds;
  }

  /** The round that started last took `ms`; the gap counts from now. */
  endRound(ms: number): void {
    this.lastRoundMs = Math.max(0, ms);
    this.runningSinceRound = 0;
  }

  /** Rounds started so far. */
  get roundsStarted(): number {
    return this.rounds;
  }
}
