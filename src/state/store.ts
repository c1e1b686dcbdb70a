/**
 * The one app store (zustand, vanilla so that non-React code — the engine client, the URL sync,
 * the test hook — reads and writes it too). Slices: config (mirrored in the URL), engine (backend
 * status), data (the loaded dataset's test split for the gallery), lab (training summaries),
 * inspection (stamps of the analysis panels' results), notices (messages for the user). Per-step
 * numbers and analysis arrays bypass this store through frame buffers; only summaries come here.
 */
import { createStore } from 'zustand/vanilla';
import type { DatasetInfo, DatasetSplit } from '../core/datasets/types';
import type { BackendName, BackendStatus } from '../worker/protocol';
import type { InspectJob } from '../worker/inspectProtocol';
import type { EvaluationRecord, NetworkOrigin } from '../worker/trainingProtocol';
import { DATASETS } from '../core/datasets/registry';
import type { InspectSettings } from '../core/lab/inspectSettings';
import type { LabSettings } from '../core/lab/settings';
import { DEFAULT_CONFIG, inspectDefaultsFor, trainingDefaultsFor, type Config } from './config';
import { type NetworkId } from '../core/names';

export interface ConfigSlice {
  config: Config;
  setConfig: (patch: Partial<Config>) => void;
  /** Changes training settings; they apply at the next step of each network. */
  setTraining: (patch: Partial<LabSettings>) => void;
  /** Changes what the analysis panels compute or how they draw it. */
  setInspect: (patch: Partial<InspectSettings>) => void;
}

export type EnginePhase = 'starting' | 'ready' | 'failed';

export interface EngineSlice {
  engine: {
    phase: EnginePhase;
    /** Latest progress line while choosing a backend. */
    progress: string | null;
    status: BackendStatus | null;
    error: string | null;
    /** The check computation's result on the active backend. */
    selfTest: { backend: BackendName; values: number[]; ok: boolean } | null;
  };
}

export interface DataSlice {
  data: {
    loading: boolean;
    info: DatasetInfo | null;
    seed: number | null;
    test: DatasetSplit | null;
    /** The training split, for 2-D toy sets only (drawn under their decision maps). */
    train: DatasetSplit | null;
    trainCount: number;
    error: string | null;
  };
}

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
}

export interface LabSlice {
  lab: {
    phase: 'closed' | 'opening' | 'open' | 'failed';
    error: string | null;
    origins: NetworkOrigin[];
    running: boolean;
    networks: Record<NetworkId, NetworkSummary>;
  };
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
  };
}

/** Which computation a panel's picture came from (the arrays are in client/inspectionFrames). */
export interface ResultStamp {
  /** The request it answered, and that request's analysis key (sample, settings, lab). */
  id: number;
  key: string;
  /** Training step of the network's weights, and the sample (null: a batch of test points). */
  step: number;
  sample: number | null;
  ms: number;
}

/** An analysis job in flight. */
export interface InspectionJobStatus {
  id: number;
  key: string;
  /** performance.now() when it was requested. */
  startedAt: number;
  /** What it is computing now (null before its first progress report). */
  part: string | null;
  network: NetworkId | null;
  /** Parts done over parts in all, 0–1. */
  fraction: number;
}

export interface InspectionSlice {
  inspection: {
    /** Per `${part}:${network}`: the stamp of the result the panel holds. */
    stamps: Record<string, ResultStamp>;
    /** The analysis key the panels should show now, per job (null while the lab is closed). */
    wanted: Record<InspectJob, string | null>;
    jobs: Record<InspectJob, InspectionJobStatus | null>;
    error: string | null;
  };
}

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: string;
}

export interface NoticeSlice {
  notices: Notice[];
  addNotice: (kind: Notice['kind'], text: string) => void;
  dismissNotice: (id: number) => void;
}

export type AppState = ConfigSlice &
  EngineSlice &
  DataSlice &
  LabSlice &
  InspectionSlice &
  NoticeSlice;

let nextNoticeId = 1;

export function createAppStore(initialConfig: Config = DEFAULT_CONFIG) {
  return createStore<AppState>()((set) => ({
    config: initialConfig,
    setConfig: (patch) =>
      set((state) => {
        const next = { ...state.config, ...patch };
        // A dataset of another kind (images ↔ 2-D points) needs other units: its own defaults.
        const kindChanged =
          patch.dataset !== undefined &&
          DATASETS[patch.dataset].info.kind !== DATASETS[state.config.dataset].info.kind;
        if (kindChanged && !patch.training) next.training = trainingDefaultsFor(next.dataset);
        if (kindChanged && !patch.inspect) next.inspect = inspectDefaultsFor(next.dataset);
        return { config: next };
      }),
    setTraining: (patch) =>
      set((state) => ({
        config: { ...state.config, training: { ...state.config.training, ...patch } },
      })),
    setInspect: (patch) =>
      set((state) => ({
        config: { ...state.config, inspect: { ...state.config.inspect, ...patch } },
      })),
    engine: { phase: 'starting', progress: null, status: null, error: null, selfTest: null },
    data: {
      loading: false,
      info: null,
      seed: null,
      test: null,
      train: null,
      trainCount: 0,
      error: null,
    },
    lab: {
      phase: 'closed',
      error: null,
      origins: [],
      running: false,
      networks: { standard: emptySummary(), adversarial: emptySummary(), cure: emptySummary() },
    },
    inspection: {
      stamps: {},
      wanted: { sample: null, batch: null },
      jobs: { sample: null, batch: null },
      error: null,
    },
    notices: [],
    addNotice: (kind, text) =>
      set((state) => ({ notices: [...state.notices, { id: nextNoticeId++, kind, text }] })),
    dismissNotice: (id) =>
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
