/**
 * The worker's live lab: opens a session on the shipped checkpoints, runs the interleaved
 * training loop while "playing", evaluates each network on a cadence that keeps evaluation under
 * ~10% of training time, and streams deltas. Messages (slider changes, pause) are handled between
 * steps: the loop yields to the event loop after every step.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluationAttack } from '../core/attacks';
import { loadCheckpoint, type Method } from '../core/checkpoints';
import type { AssetReader, Dataset } from '../core/datasets/types';
import { freezeNetwork, type FrozenNetwork } from '../core/inspect';
import { evaluateNetwork } from '../core/lab/evaluate';
import { buildModelFor, type Architecture } from '../core/lab/models';
import { LabSession, type NetworkProgress } from '../core/lab/session';
import {
  LIVE_EVALUATION,
  NETWORK_IDS,
  type LabSettings,
  type NetworkId,
} from '../core/lab/settings';
import {
  disposeSnapshot,
  logitsOf,
  readHostWeights,
  snapshotFromHost,
  snapshotWeights,
  type HostWeights,
  trainableVariables,
  type HiddenActivation,
  type WeightSnapshot,
} from '../core/models';
import { batchFromSplit } from '../core/training';
import { messageOf } from './backends';
import { LabRecorder } from './labRecorder';
import { yieldToEvents } from './yieldToEvents';
import type { NetworkDelta, NetworkOrigin } from './trainingProtocol';

const METHOD_OF: Record<NetworkId, Method> = {
  standard: 'standard',
  adversarial: 'adversarial',
  cure: 'cure',
};
/** Evaluation may take at most this fraction of training time. */
const EVAL_BUDGET = 0.1;
const FLUSH_MS = 150;
/** While training, the weights are copied off the backend this often (they outlive a lost GPU). */
const HOST_COPY_MS = 10_000;

interface EvalClock {
  /** Training ms accumulated since the last evaluation. */
  trainMs: number;
  /** Duration of the last evaluation (ms); 0 before the first. */
  lastEvalMs: number;
}

/** The networks as they were at one moment, for analysis (see LabController.freeze). */
export interface LabSnapshot {
  networks: Record<NetworkId, { frozen: FrozenNetwork; step: number }>;
  settings: LabSettings;
  dataset: Dataset;
  seed: number;
}

/** The lab's networks copied off the backend, to continue from after the backend is gone. */
export interface SavedLab {
  /** The lab they belong to (dataset, architecture, activation, seed). */
  readonly identity: string;
  /** Whether the networks were training when the copy was made. */
  readonly running: boolean;
  readonly networks: Record<NetworkId, { weights: HostWeights; progress: NetworkProgress }>;
}

/** What `LabController.open` opened: each network's origin, and whether to start training. */
export interface OpenedLab {
  origins: NetworkOrigin[];
  /** False when continuing a lab that was paused. */
  play: boolean;
}

function labIdentity(
  dataset: Dataset,
  architecture: Architecture,
  activation: HiddenActivation,
  seed: number,
): string {
  return JSON.stringify([dataset.info.name, architecture, activation, seed]);
}

export class LabController {
  private session: LabSession | null = null;
  private running = false;
  /** Milliseconds spent in training steps since the worker started, and who waits on it. */
  private trainedMs = 0;
  private trainingWaiters: (() => void)[] = [];
  private loopPromise: Promise<void> | null = null;
  private recorder = new LabRecorder();
  private clocks = {} as Record<NetworkId, EvalClock>;
  private evalSet: { x: tf.Tensor; y: tf.Tensor1D } | null = null;
  private probe: { x: tf.Tensor; y: tf.Tensor1D } | null = null;
  private lastFlush = 0;
  private architecture: Architecture = 'mlp';
  private activation: HiddenActivation = 'relu';
  private dataset: Dataset | null = null;
  private seed = 0;
  /** The weights each network was opened with (its checkpoint, or fresh): reset points. */
  private opened: Record<NetworkId, WeightSnapshot> | null = null;
  /** The latest copy of the networks off the backend, and when it was made. */
  private saved: SavedLab | null = null;
  private savedAt = 0;
  /** Set once the backend is known lost: what reads back now cannot be trusted. */
  private backendLost = false;

  constructor(
    private readonly emit: (running: boolean, networks: Record<NetworkId, NetworkDelta>) => void,
  ) {}

  /**
   * Opens a session on the checkpoints of `dataset` (fresh seeded networks where none exist), or
   * continues `resume` (see `takeSaved`) when it is of the same lab; reset still goes back to
   * the checkpoints.
   */
  async open(
    dataset: Dataset,
    architecture: Architecture,
    activation: HiddenActivation,
    seed: number,
    settings: LabSettings,
    readCheckpoint: AssetReader,
    resume: SavedLab | null = null,
  ): Promise<OpenedLab> {
    await this.close();
    this.saved = null;
    this.backendLost = false;
    this.architecture = architecture;
    this.activation = activation;
    const models = {} as Record<NetworkId, tf.LayersModel>;
    const origins: NetworkOrigin[] = [];
    for (const id of NETWORK_IDS) {
      const opened = await this.openNetwork(dataset, seed, id, readCheckpoint);
      models[id] = opened.model;
      origins.push(opened.origin);
    }
    this.dataset = dataset;
    this.seed = seed;
    this.opened = {
      standard: snapshotWeights(models.standard),
      adversarial: snapshotWeights(models.adversarial),
      cure: snapshotWeights(models.cure),
    };
    const startPoints = {
      standard: cloneSnapshot(this.opened.standard),
      adversarial: cloneSnapshot(this.opened.adversarial),
      cure: this.cureStart(settings),
    };
    this.session = new LabSession(dataset, models, startPoints, settings, seed);
    const count = (n: number) =>
      Array.from({ length: Math.min(n, dataset.test.count) }, (_, i) => i);
    this.evalSet = batchFromSplit(
      dataset.test,
      dataset.info.inputShape,
      count(LIVE_EVALUATION.testPoints),
    );
    this.probe = batchFromSplit(
      dataset.test,
      dataset.info.inputShape,
      count(LIVE_EVALUATION.probePoints),
    );
    for (const id of NETWORK_IDS) this.clocks[id] = { trainMs: 0, lastEvalMs: 0 };
    const identity = labIdentity(dataset, architecture, activation, seed);
    const continued = resume?.identity === identity ? resume : null;
    if (continued) {
      for (const origin of origins) {
        const { weights, progress } = continued.networks[origin.id];
        const snapshot = snapshotFromHost(weights);
        try {
          this.session.continueFrom(origin.id, snapshot, progress);
        } finally {
          disposeSnapshot(snapshot);
        }
        origin.continuedAtStep = progress.step;
      }
    }
    // Nothing to read back yet: a fresh lab's copy would be its checkpoints (what reopening gives
    // anyway), and a continued lab's is the copy it continued from.
    this.saved = continued;
    this.savedAt = performance.now();
    return { origins, play: continued ? continued.running : true };
  }

  /**
   * Copies the networks' weights and progress off the backend. Called while training every
   * HOST_COPY_MS and after every control, so a lost GPU device costs at most that much training.
   */
  async saveToHost(): Promise<void> {
    const session = this.session;
    if (!session || !this.dataset || this.backendLost) return;
    const networks = {} as SavedLab['networks'];
    try {
      for (const id of NETWORK_IDS) {
        networks[id] = {
          weights: await readHostWeights(session.model(id)),
          progress: session.progressOf(id),
        };
      }
    } catch {
      // The backend is failing (its device lost?): keep the last good copy.
      return;
    }
    if (this.session !== session || this.backendLost) return;
    this.saved = {
      identity: labIdentity(this.dataset, this.architecture, this.activation, this.seed),
      running: this.running,
      networks,
    };
    this.savedAt = performance.now();
  }

  /** The backend's device is lost: keep the last copy made before, make no new ones. */
  markBackendLost(): void {
    this.backendLost = true;
  }

  /** The latest copy off the backend, kept. */
  peekSaved(): SavedLab | null {
    return this.saved;
  }

  /** The latest copy off the backend (given up: the next open may continue from it). */
  takeSaved(): SavedLab | null {
    const saved = this.saved;
    this.saved = null;
    return saved;
  }

  setSettings(settings: LabSettings): void {
    const session = this.requireSession();
    const cureStartChanged = settings.cureStart !== session.currentSettings.cureStart;
    session.setSettings(settings);
    if (cureStartChanged) session.setStartPoint('cure', this.cureStart(settings));
  }

  async control(
    action: 'play' | 'pause' | 'step' | 'reset',
    network: NetworkId | 'all',
  ): Promise<void> {
    const session = this.requireSession();
    const ids = network === 'all' ? [...NETWORK_IDS] : [network];
    switch (action) {
      case 'play':
        for (const id of ids) session.resume(id);
        this.start();
        return;
      case 'pause':
        if (network === 'all') await this.stop();
        else session.pause(network, 'Paused.');
        this.flush();
        if (!this.running) await this.saveToHost();
        return;
      case 'step':
        await this.stop();
        for (const id of ids) {
          if (session.pausedBecause(id) !== null && session.pausedBecause(id) !== 'Paused.')
            continue;
          await this.trainOnce(id);
        }
        this.flush();
        await this.saveToHost();
        return;
      case 'reset':
        for (const id of ids) {
          session.reset(id);
          this.recorder.resetRate(id);
          this.clocks[id] = { trainMs: 0, lastEvalMs: 0 };
        }
        this.flush();
        if (!this.running) await this.saveToHost();
        return;
    }
  }

  /** The classes network `id` predicts now at `inputs` (flat, row-major), and its step. */
  async predict(
    id: NetworkId,
    inputs: Float32Array,
  ): Promise<{ step: number; pred: Int32Array<ArrayBuffer> }> {
    const session = this.requireSession();
    const shape = this.dataset!.info.inputShape;
    const size = shape.reduce((a, b) => a * b, 1);
    if (inputs.length === 0 || inputs.length % size !== 0) {
      throw new Error(`inputs must hold whole inputs of ${size} values, got ${inputs.length}`);
    }
    const pred = tf.tidy(() =>
      tf.argMax(
        logitsOf(session.model(id), tf.tensor(inputs, [inputs.length / size, ...shape])),
        1,
      ),
    );
    try {
      return { step: session.stepsTaken(id), pred: Int32Array.from(await pred.data()) };
    } finally {
      pred.dispose();
    }
  }

  /** Poisons one weight with NaN: the next step of that network must pause it, and only it. */
  injectNaN(id: NetworkId): void {
    const [first] = trainableVariables(this.requireSession().model(id));
    if (!first) throw new Error(`${id} has no trainable weights`);
    const poisoned = tf.fill(first.shape, NaN);
    first.assign(poisoned);
    poisoned.dispose();
  }

  async close(): Promise<void> {
    await this.stop();
    this.session?.dispose();
    this.session = null;
    if (this.opened) for (const id of NETWORK_IDS) disposeSnapshot(this.opened[id]);
    this.opened = null;
    tf.dispose(
      [this.evalSet?.x, this.evalSet?.y, this.probe?.x, this.probe?.y].filter(
        (t): t is tf.Tensor => !!t,
      ),
    );
    this.evalSet = null;
    this.probe = null;
  }

  private start(): void {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  private async stop(): Promise<void> {
    this.running = false;
    await this.loopPromise;
    this.loopPromise = null;
  }

  private async loop(): Promise<void> {
    while (this.running && this.session) {
      const id = this.session.nextNetwork();
      if (id === null) break;
      try {
        await this.trainOnce(id);
      } catch (error) {
        // A backend failure (e.g. a lost GPU device) must not kill the worker: pause the network
        // with the reason; the others keep going if they can.
        this.session?.pause(
          id,
          `Training stopped: ${messageOf(error)}. Reset it, or switch backend.`,
        );
      }
      if (performance.now() - this.lastFlush > FLUSH_MS) this.flush();
      if (performance.now() - this.savedAt > HOST_COPY_MS) await this.saveToHost();
      this.wakeTrainingWaiters();
      await yieldToEvents();
    }
    this.running = false;
    this.wakeTrainingWaiters();
    this.flush();
  }

  /**
   * Resolves once training has run `ms` more milliseconds — at once when nothing trains. The
   * analysis jobs wait on it between their parts, so that however slow the backend, training
   * keeps at least its share of the worker.
   */
  async trainingTime(ms: number): Promise<void> {
    const target = this.trainedMs + ms;
    while (this.running && this.trainedMs < target) {
      await new Promise<void>((resolve) => this.trainingWaiters.push(resolve));
    }
  }

  private wakeTrainingWaiters(): void {
    const waiters = this.trainingWaiters;
    this.trainingWaiters = [];
    for (const wake of waiters) wake();
  }

  private async trainOnce(id: NetworkId): Promise<void> {
    const session = this.requireSession();
    const report = await session.step(id);
    this.trainedMs += report.metrics.ms;
    this.recorder.recordStep(report);
    const clock = this.clocks[id];
    clock.trainMs += report.metrics.ms;
    if (report.pausedBecause === null && clock.trainMs * EVAL_BUDGET >= clock.lastEvalMs) {
      await this.evaluate(id);
    }
  }

  private async evaluate(id: NetworkId): Promise<void> {
    const session = this.requireSession();
    const settings = session.currentSettings;
    const info = this.dataset!.info;
    const range = info.kind === 'image' ? info.inputRange : null;
    const attack = evaluationAttack(settings.eps, settings.pgdNorm, range);
    const result = await evaluateNetwork(session.model(id), this.evalSet!, this.probe!, {
      attack,
      h: settings.h,
      seed: this.seed,
    });
    const step = session.stepsTaken(id);
    this.recorder.recordEvaluation(id, { step, ...result });
    this.clocks[id] = { trainMs: 0, lastEvalMs: result.ms };
  }

  private flush(): void {
    const session = this.session;
    if (!session) return;
    this.lastFlush = performance.now();
    this.emit(
      this.running,
      this.recorder.takeDelta((id) => ({
        step: session.stepsTaken(id),
        epoch: session.epochOf(id),
        pausedBecause: session.pausedBecause(id),
      })),
    );
  }

  /**
   * Frozen copies of the three networks as they are now, with their step counts: the analysis
   * panels compute on these while the networks keep training. The caller disposes them.
   */
  freeze(): LabSnapshot {
    const session = this.requireSession();
    const networks = {} as LabSnapshot['networks'];
    for (const id of NETWORK_IDS) {
      networks[id] = { frozen: freezeNetwork(session.model(id)), step: session.stepsTaken(id) };
    }
    return { networks, settings: session.currentSettings, dataset: this.dataset!, seed: this.seed };
  }

  private requireSession(): LabSession {
    if (!this.session) throw new Error('no lab session is open');
    return this.session;
  }

  private async openNetwork(
    dataset: Dataset,
    seed: number,
    id: NetworkId,
    readCheckpoint: AssetReader,
  ): Promise<{ model: tf.LayersModel; origin: NetworkOrigin }> {
    const method = METHOD_OF[id];
    const wanted = dataset.info.kind === 'points' ? 'mlp' : this.architecture;
    try {
      const { model, manifest, sha256 } = await loadCheckpoint(
        dataset.info.id,
        method,
        readCheckpoint,
      );
      if (manifest.architecture === wanted && manifest.activation === this.activation) {
        const e = manifest.evaluation;
        return {
          model,
          origin: {
            id,
            source: 'checkpoint',
            method,
            sha256,
            cleanAccuracy: e.cleanAccuracy,
            pgdAccuracy: e.pgd.accuracy,
            topEigenvalue: e.meanTopEigenvalue,
            parameters: model.countParams(),
            continuedAtStep: null,
          },
        };
      }
      model.dispose();
    } catch {
      // No checkpoint for this dataset/architecture: start from fresh seeded weights (said in origin).
    }
    const model = buildModelFor(dataset.info, this.architecture, this.activation, seed);
    return {
      model,
      origin: {
        id,
        source: 'fresh',
        method,
        sha256: null,
        cleanAccuracy: null,
        pgdAccuracy: null,
        topEigenvalue: null,
        parameters: model.countParams(),
        continuedAtStep: null,
      },
    };
  }

  /** CURE's reset point for the `cureStart` setting (a new snapshot; the session will own it). */
  private cureStart(settings: LabSettings): WeightSnapshot {
    const opened = this.opened!;
    if (settings.cureStart === 'finetune') return cloneSnapshot(opened.standard);
    if (settings.cureStart === 'checkpoint') return cloneSnapshot(opened.cure);
    const fresh = buildModelFor(this.dataset!.info, this.architecture, this.activation, this.seed);
    const snapshot = snapshotWeights(fresh);
    fresh.dispose();
    return snapshot;
  }
}

function cloneSnapshot(snapshot: WeightSnapshot): WeightSnapshot {
  return { tensors: snapshot.tensors.map((t) => tf.keep(t.clone())) };
}
