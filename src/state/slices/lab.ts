/**
 * The lab slice: the live session of three networks, as the UI shows it — its phase, where each
 * network started from, and one throttled summary per network (one update per training delta; the
 * per-step numbers go to the frame buffers in client/trainingSeries.ts).
 */
import type { StateCreator } from 'zustand/vanilla';
import type {
  EvaluationRecord,
  ImportMode,
  NetworkDelta,
  NetworkOrigin,
} from '../../worker/trainingProtocol';
import type { AppState } from '../store';
import type { LabSettings } from '../../core/lab/settings';
import type { DatasetId } from '../../core/datasets/types';
import {
  ATTACK_NORM_SYMBOLS,
  NETWORK_IDS,
  type Architecture,
  type HiddenActivation,
  type NetworkId,
} from '../../core/names';

/** What the UI shows of one network while it trains (throttled: one update per delta). */
export interface NetworkSummary {
  step: number;
  epoch: number;
  stepsPerSecond: number;
  /** Latest step's numbers (NaN before the first step since opening or reset). */
  msPerStep: number;
  loss: number;
  accuracy: number;
  /** CURE only: the regularizer, (1/B)Σ‖∇ℓ(x+hz) − ∇ℓ(x)‖, and the γ and h of the latest step. */
  regularizer: number;
  gradDiffNorm: number;
  gamma: number;
  h: number;
  evaluation: EvaluationRecord | null;
  pausedBecause: string | null;
  /** Start point of the current run when it was reset (null: as opened; see NetworkDelta). */
  startedFrom: NetworkDelta['startedFrom'];
}

/** What the open lab's networks were built for (the config may already ask for another). */
export interface LabBuild {
  dataset: DatasetId;
  architecture: Architecture;
  activation: HiddenActivation;
}

export interface LabState {
  phase: 'closed' | 'opening' | 'open' | 'failed';
  error: string | null;
  origins: NetworkOrigin[];
  /** The build `origins` belong to (null before the first lab opens). */
  build: LabBuild | null;
  running: boolean;
  networks: Record<NetworkId, NetworkSummary>;
  /** Where "Import model" puts a model and how it takes part (a drop on a column picks that
   * column's slot). */
  importChoice: { slot: NetworkId; mode: ImportMode };
}

export interface LabSlice {
  lab: LabState;
  labOpening: () => void;
  /** The worker opened the lab: each network starts at step 0 or continues at its saved step. */
  labOpened: (origins: NetworkOrigin[], build: LabBuild) => void;
  labFailed: (error: string) => void;
  /** One training delta: whether the lab runs, and each network's latest numbers. */
  trainingDelta: (running: boolean, deltas: Record<NetworkId, NetworkDelta>) => void;
  /** A model was imported into `origin.id`'s slot: its new origin, and it starts at step 0 (as
   * after a reset). */
  networkImported: (origin: NetworkOrigin) => void;
  setImportChoice: (choice: Partial<LabState['importChoice']>) => void;
}

export function emptySummary(): NetworkSummary {
  return {
    step: 0,
    epoch: 0,
    stepsPerSecond: 0,
    msPerStep: NaN,
    loss: NaN,
    accuracy: NaN,
    regularizer: NaN,
    gradDiffNorm: NaN,
    gamma: NaN,
    h: NaN,
    evaluation: null,
    pausedBecause: null,
    startedFrom: null,
  };
}

/** The summary after `delta`: its last step's numbers, or the previous ones if it has no steps. */
export function summarize(previous: NetworkSummary, delta: NetworkDelta): NetworkSummary {
  const n = delta.steps.step.length;
  const last = <K extends keyof NetworkDelta['steps']>(key: K) =>
    n > 0 ? delta.steps[key][n - 1]! : previous[key as keyof NetworkSummary];
  const reset = delta.step < previous.step;
  return {
    step: delta.step,
    epoch: delta.epoch,
    stepsPerSecond: delta.stepsPerSecond,
    msPerStep: n > 0 ? delta.steps.ms[n - 1]! : reset ? NaN : previous.msPerStep,
    loss: last('loss') as number,
    accuracy: last('accuracy') as number,
    regularizer: last('regularizer') as number,
    gradDiffNorm: last('gradDiffNorm') as number,
    gamma: last('gamma') as number,
    h: last('h') as number,
    evaluation: delta.evaluations.at(-1) ?? (reset ? null : previous.evaluation),
    pausedBecause: delta.pausedBecause,
    startedFrom: delta.startedFrom,
  };
}

/** What the live evaluation measures at, of the lab settings (the rest only trains). */
export type EvaluationSettings = Pick<LabSettings, 'eps' | 'pgdNorm' | 'h'>;

const shortNumber = (v: number) => Number(v.toPrecision(3)).toString();

/**
 * Why an evaluation record (or a checkpoint manifest's numbers) no longer answers the current
 * question: the settings it was measured at that differ from `settings`, said as the UI shows it ("ε changed to 0.2"); null when it is
 * current (or there is none). One settings change makes every column's record stale at once.
 */
export function evaluationStaleness(
  record: Pick<EvaluationRecord, 'eps' | 'norm' | 'h'> | null,
  settings: EvaluationSettings,
): string | null {
  if (record === null) return null;
  const changes: string[] = [];
  if (record.eps !== settings.eps) changes.push(`ε changed to ${shortNumber(settings.eps)}`);
  if (record.norm !== settings.pgdNorm) {
    changes.push(`norm changed to ${ATTACK_NORM_SYMBOLS[settings.pgdNorm]}`);
  }
  if (record.h !== settings.h) changes.push(`h changed to ${shortNumber(settings.h)}`);
  return changes.length === 0 ? null : changes.join(', ');
}

export const createLabSlice: StateCreator<AppState, [], [], LabSlice> = (set) => {
  const patch = (change: Partial<LabState>) =>
    set((state) => ({ lab: { ...state.lab, ...change } }));
  return {
    lab: {
      phase: 'closed',
      error: null,
      origins: [],
      build: null,
      running: false,
      networks: { standard: emptySummary(), adversarial: emptySummary(), cure: emptySummary() },
      importChoice: { slot: 'standard', mode: 'frozen' },
    },
    labOpening: () => patch({ phase: 'opening', error: null, running: false }),
    labOpened: (origins, build) => {
      const networks = {} as Record<NetworkId, NetworkSummary>;
      for (const origin of origins)
        networks[origin.id] = { ...emptySummary(), step: origin.continuedAtStep ?? 0 };
      patch({ phase: 'open', origins, build, networks });
    },
    labFailed: (error) => patch({ phase: 'failed', error }),
    trainingDelta: (running, deltas) =>
      set((state) => {
        const networks = { ...state.lab.networks };
        for (const id of NETWORK_IDS) networks[id] = summarize(state.lab.networks[id], deltas[id]);
        return { lab: { ...state.lab, running, networks } };
      }),
    networkImported: (origin) =>
      set((state) => ({
        lab: {
          ...state.lab,
          origins: state.lab.origins.map((o) => (o.id === origin.id ? origin : o)),
          networks: { ...state.lab.networks, [origin.id]: emptySummary() },
        },
      })),
    setImportChoice: (choice) =>
      set((state) => ({
        lab: { ...state.lab, importChoice: { ...state.lab.importChoice, ...choice } },
      })),
  };
};
