/** The shape of window.__curvatureLab, shared by the app (testHook.ts) and the e2e tests. */
import type { AppState, ViewState } from '../state/store';
import type { InspectPart } from '../worker/inspectProtocol';
import type { BackendName } from '../worker/protocol';
import type { ProbeRecord } from './backendProbe';
import type { ResultOf } from './inspectionFrames';
import type { NetworkId } from '../core/names';

export interface TestHook {
  /** A snapshot of the store's data fields (functions stripped). */
  state(): Pick<
    AppState,
    | 'config'
    | 'engine'
    | 'data'
    | 'lab'
    | 'inspection'
    | 'notices'
    | 'offline'
    | 'sessions'
    | 'view'
  >;
  /** Applies a partial view, as a talk-mode scene would (the store's setView). */
  setView(patch: Partial<ViewState>): void;
  /** Resolves once the engine has chosen a backend (rejects if it failed). */
  whenReady(): Promise<void>;
  /** Runs the fixed check computation on the active backend and returns its values. */
  tinyOp(): Promise<{ backend: BackendName; values: number[] }>;
  /** Resolves once every network has taken at least `steps` steps since it was opened or reset
   * (or once `network` has, if given). */
  waitForSteps(steps: number, network?: NetworkId): Promise<void>;
  /** What a network predicts now at the given inputs (each an array of input values). */
  predict(network: NetworkId, inputs: number[][]): Promise<{ step: number; pred: number[] }>;
  /** Plays, pauses, steps or resets networks, resolving once the engine has done it. */
  control(action: 'play' | 'pause' | 'step' | 'reset', network: NetworkId | 'all'): Promise<void>;
  /** Poisons one weight of a network with NaN (its next step must pause it, and only it). */
  injectNaN(network: NetworkId): Promise<void>;
  /** The engine's tf.memory(), and how many analysis jobs are running (their frozen networks
   * count among the tensors while they run). */
  memory(): Promise<{ numTensors: number; numBytes: number; analysisJobs: number }>;
  /**
   * Resolves once every analysis panel holds a current result: all parts of the sample analysis
   * for the selected sample and settings (and of the batch analysis, unless `batch` is false),
   * for the three networks — computed at the networks' current steps if `atCurrentSteps`.
   */
  waitForAnalysis(options?: { batch?: boolean; atCurrentSteps?: boolean }): Promise<void>;
  /** The latest analysis result of a part for a network (the panels' frame buffer), or null. */
  result<P extends InspectPart>(part: P, network: NetworkId): ResultOf<P> | null;
  /** Each network's step and `weightsSha256` now, as an export's provenance records them (the
   * same engine request, from one frozen copy of the three). */
  weights(): Promise<{ id: NetworkId; step: number; weightsSha256: string }[]>;
  /** Destroys the WebGPU device as if the GPU had been lost. */
  loseDevice(): Promise<void>;
  /** Kills the engine worker: by an uncaught error ('error'), or by closing it silently ('exit',
   * noticed by the heartbeat). */
  crashEngine(how: 'error' | 'exit'): void;
  /** The backend probes run for forced backends so far (what each cost, what it measured). */
  backendProbes(): ProbeRecord[];
}

declare global {
  interface Window {
    __curvatureLab?: TestHook;
  }
}
