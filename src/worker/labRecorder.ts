/**
 * Collects what the training loop reports between two deltas and packs it into the columnar typed
 * arrays of a `trainingDelta` (only what is new; the client appends it to its series buffers).
 */
import type { StepReport } from '../core/lab/session';
import type { EvaluationRecord, NetworkDelta, StepColumns } from './trainingProtocol';
import { NETWORK_IDS, type NetworkId } from '../core/names';

type Pending = { [K in keyof StepColumns]: number[] };

const emptyPending = (): Pending => ({
  step: [],
  loss: [],
  accuracy: [],
  ms: [],
  regularizer: [],
  gradDiffNorm: [],
  gamma: [],
  h: [],
});

/** Steps per second over the last few steps of one network. */
class RateMeter {
  private times: number[] = [];

  tick(now: number): void {
    this.times.push(now);
    if (this.times.length > 20) this.times.shift();
  }

  reset(): void {
    this.times = [];
  }

  rate(): number {
    const n = this.times.length;
    if (n < 2) return 0;
    return ((n - 1) * 1000) / (this.times[n - 1]! - this.times[0]!);
  }
}

export class LabRecorder {
  private pending: Record<NetworkId, Pending> = {
    standard: emptyPending(),
    adversarial: emptyPending(),
    cure: emptyPending(),
  };
  private evaluations: Record<NetworkId, EvaluationRecord[]> = {
    standard: [],
    adversarial: [],
    cure: [],
  };
  private readonly rates: Record<NetworkId, RateMeter> = {
    standard: new RateMeter(),
    adversarial: new RateMeter(),
    cure: new RateMeter(),
  };

  recordStep(report: StepReport): void {
    const p = this.pending[report.id];
    const m = report.metrics;
    p.step.push(report.step);
    p.loss.push(m.loss);
    p.accuracy.push(m.accuracy);
    p.ms.push(m.ms);
    p.regularizer.push(m.method === 'cure' ? m.regularizer : NaN);
    p.gradDiffNorm.push(m.method === 'cure' ? m.gradDiffNorm : NaN);
    p.gamma.push(m.method === 'cure' ? m.gamma : NaN);
    p.h.push(m.method === 'cure' ? m.h : NaN);
    this.rates[report.id].tick(performance.now());
  }

  recordEvaluation(id: NetworkId, record: EvaluationRecord): void {
    this.evaluations[id].push(record);
  }

  /** Forgets a network's rate history (after a reset or a pause). */
  resetRate(id: NetworkId): void {
    this.rates[id].reset();
  }

  /** Everything recorded since the last call, with each network's current state. */
  takeDelta(
    state: (
      id: NetworkId,
    ) => Pick<NetworkDelta, 'step' | 'epoch' | 'pausedBecause' | 'startedFrom'>,
  ): Record<NetworkId, NetworkDelta> {
    const out = {} as Record<NetworkId, NetworkDelta>;
    for (const id of NETWORK_IDS) {
      const p = this.pending[id];
      out[id] = {
        steps: {
          step: Float64Array.from(p.step),
          loss: Float32Array.from(p.loss),
          accuracy: Float32Array.from(p.accuracy),
          ms: Float32Array.from(p.ms),
          regularizer: Float32Array.from(p.regularizer),
          gradDiffNorm: Float32Array.from(p.gradDiffNorm),
          gamma: Float32Array.from(p.gamma),
          h: Float32Array.from(p.h),
        },
        evaluations: this.evaluations[id],
        stepsPerSecond: this.rates[id].rate(),
        ...state(id),
      };
      this.pending[id] = emptyPending();
      this.evaluations[id] = [];
    }
    return out;
  }
}
