/**
 * The frame buffers of training: per network, bounded columnar series of every streamed number.
 * Filled from `trainingDelta` events, outside React; charts read them in requestAnimationFrame
 * and compare `version` to know when to redraw.
 */
import type { NetworkDelta, StepColumns } from '../worker/trainingProtocol';
import type { SeriesSnapshot } from '../core/session/sessionFile';
import { SeriesBuffer } from './seriesBuffer';
import { NETWORK_IDS, type NetworkId } from '../core/names';

export const STEP_SERIES = ['loss', 'accuracy', 'ms', 'regularizer', 'gradDiffNorm', 'h'] as const;
export const EVAL_SERIES = [
  'cleanAccuracy',
  'pgdAccuracy',
  'cureDiffNorm',
  'topEigenvalue',
] as const;
export type SeriesName = (typeof STEP_SERIES)[number] | (typeof EVAL_SERIES)[number];

export type NetworkSeries = Record<SeriesName, SeriesBuffer>;

function emptySeries(): NetworkSeries {
  const names = [...STEP_SERIES, ...EVAL_SERIES];
  return Object.fromEntries(names.map((name) => [name, new SeriesBuffer()])) as NetworkSeries;
}

export class TrainingSeries {
  readonly networks: Record<NetworkId, NetworkSeries> = {
    standard: emptySeries(),
    adversarial: emptySeries(),
    cure: emptySeries(),
  };
  /** Bumped on every change; readers redraw when it differs from what they drew. */
  version = 0;

  append(deltas: Record<NetworkId, NetworkDelta>): void {
    for (const id of NETWORK_IDS) {
      const delta = deltas[id];
      const series = this.networks[id];
      const steps: StepColumns = delta.steps;
      // A step counter that went backwards means the network was reset: start its curves anew.
      const last = series.loss.latest?.step ?? 0;
      if (steps.step.length > 0 && steps.step[0]! <= last) this.clearNetwork(id);
      for (let i = 0; i < steps.step.length; i++) {
        for (const name of STEP_SERIES) series[name].append(steps.step[i]!, steps[name][i]!);
      }
      for (const record of delta.evaluations) {
        for (const name of EVAL_SERIES) series[name].append(record.step, record[name]);
      }
    }
    this.version++;
  }

  clearNetwork(id: NetworkId): void {
    for (const buffer of Object.values(this.networks[id])) buffer.clear();
    this.version++;
  }

  /** Drops network `id`'s points after `step`: it continues from there. */
  truncateAfter(id: NetworkId, step: number): void {
    for (const buffer of Object.values(this.networks[id])) buffer.truncateAfter(step);
    this.version++;
  }

  clear(): void {
    for (const id of NETWORK_IDS) this.clearNetwork(id);
  }

  /** Every curve, copied: what a saved session keeps. */
  snapshot(): Record<NetworkId, Record<string, SeriesSnapshot>> {
    const of = (id: NetworkId) =>
      Object.fromEntries(
        Object.entries(this.networks[id]).map(([name, buffer]) => [name, buffer.snapshot()]),
      );
    return { standard: of('standard'), adversarial: of('adversarial'), cure: of('cure') };
  }

  /** The curves of a saved session (names this app does not draw are skipped; missing ones
   * start empty). */
  restore(histories: Record<NetworkId, Record<string, SeriesSnapshot>>): void {
    for (const id of NETWORK_IDS) {
      for (const [name, buffer] of Object.entries(this.networks[id])) {
        const saved = histories[id][name];
        if (saved) buffer.restore(saved);
        else buffer.clear();
      }
    }
    this.version++;
  }
}

/** The app's one set of training series. */
export const trainingSeries = new TrainingSeries();
