/**
 * A lab session: the three networks (standard, adversarial, CURE) training side by side on the
 * same data in the same order, one step at a time, fairly interleaved. Pure core: the worker
 * drives it and streams what it reports; node tests drive it directly.
 */
import * as tf from '@tensorflow/tfjs';
import type { InputRange } from '../attacks';
import { attackRange, type Dataset } from '../datasets/types';
import {
  disposeSnapshot,
  restoreWeights,
  snapshotWeights,
  trainableVariables,
  type WeightSnapshot,
} from '../models';
import { createRng, restoreRng, type Rng, type RngState } from '../random';
import { batchFromSplit, trainStep, type StepMetrics, type StepSettings } from '../training';
import {
  disposeAdamSnapshot,
  restoreAdam,
  snapshotAdam,
  type AdamSnapshot,
  type HostAdam,
} from '../training/adamState';
import { cureHAt } from './cureRecipe';
import { DataStream, type StreamPosition } from './dataStream';
import { FROZEN_PAUSE, untilPause } from './pauseReasons';
import type { LabSettings } from './settings';
import { NETWORK_IDS, type NetworkId } from '../names';

/** Where a network restarts from on reset. */
export type StartPoints = Record<NetworkId, WeightSnapshot>;

interface NetworkRun {
  readonly id: NetworkId;
  readonly model: tf.LayersModel;
  optimizer: tf.AdamOptimizer;
  rng: Rng;
  stream: DataStream;
  /** Updates tried since the last reset (or since the session opened): CURE's h ramp counts these. */
  step: number;
  /** Why the network is paused (divergence, or the user), or null while it trains. */
  pausedBecause: string | null;
  /** Consecutive steps whose loss was above EXPLODED_LOSS (the first of them, and how many). */
  exploded?: { from: number; count: number };
  /** An imported network kept as it is: never stepped; paused with FROZEN_PAUSE when nothing
   * else pauses it (see `replaceNetwork`). */
  frozen?: boolean;
}

/** How far a network has come: its step and where it is in the data order. */
export interface NetworkProgress {
  readonly step: number;
  readonly stream: StreamPosition;
}

/** A network's whole training state at one moment (`LabSession.capture`); the caller owns the
 * tensors (`disposeCapture`). */
export interface RunCapture {
  readonly weights: WeightSnapshot;
  readonly adam: AdamSnapshot;
  /** The generator of the attacks' random starts. */
  readonly rng: RngState;
  readonly progress: NetworkProgress;
}

export function disposeCapture(capture: RunCapture): void {
  disposeSnapshot(capture.weights);
  disposeAdamSnapshot(capture.adam);
}

/** What continuing exactly needs beyond weights and progress (absent: start them afresh). */
export interface TrainerState {
  readonly adam: HostAdam | null;
  readonly rng: RngState | null;
}

/** One step's report. */
export interface StepReport {
  readonly id: NetworkId;
  /** The step just taken, 1-based (equal to the number of updates tried since the last reset). */
  readonly step: number;
  readonly epoch: number;
  readonly metrics: StepMetrics;
  /** Set when this step paused the network: what happened and what to do (or that it reached
   * `until`). */
  readonly pausedBecause: string | null;
}

export { MAX_UNTIL } from './settings';
export { USER_PAUSE, untilPause, isHealthyPause, isUntilPause } from './pauseReasons';

/** A loss this large (nats, batch mean) for EXPLODED_STEPS steps in a row means the network blew
 * up even if it is still finite. In a row, because one batch can spike past it and the next come
 * back: CURE's regularizer on the 2-D sets, whose sharp ReLU boundaries make ‖∇ℓ(x+hz) − ∇ℓ(x)‖²
 * jump from ~0.03 to ~10³ between consecutive batches while the cross-entropy stays ~0.1 (the
 * soak on moons met one at step 197 of the defaults). A real divergence (lr = 10, γ = 10⁶) stays
 * up. */
const EXPLODED_LOSS = 1e3;
export const EXPLODED_STEPS = 3;

const LEARNING_RATE: Record<NetworkId, 'lrStandard' | 'lrAdversarial' | 'lrCure'> = {
  standard: 'lrStandard',
  adversarial: 'lrAdversarial',
  cure: 'lrCure',
};
const BATCH_SIZE: Record<NetworkId, 'batchStandard' | 'batchAdversarial' | 'batchCure'> = {
  standard: 'batchStandard',
  adversarial: 'batchAdversarial',
  cure: 'batchCure',
};

export class LabSession {
  private readonly runs: Record<NetworkId, NetworkRun>;
  private disposed = false;
  /** The step each network pauses at (`until=N`), or null for no limit. */
  private untilStep: number | null = null;

  /**
   * Takes ownership of the models (disposed with the session) and of the start points.
   * @param models the three networks, already holding their starting weights.
   * @param startPoints weights each network returns to on reset (see `setStartPoint`).
   */
  constructor(
    private readonly dataset: Dataset,
    models: Record<NetworkId, tf.LayersModel>,
    private readonly startPoints: StartPoints,
    private settings: LabSettings,
    private readonly seed: number,
  ) {
    const make = (id: NetworkId): NetworkRun => ({
      id,
      model: models[id],
      optimizer: tf.train.adam(settings[LEARNING_RATE[id]]),
      rng: this.rngFor(id),
      stream: new DataStream(dataset.train.count, seed),
      step: 0,
      pausedBecause: null,
    });
    this.runs = {
      standard: make('standard'),
      adversarial: make('adversarial'),
      cure: make('cure'),
    };
  }

  get currentSettings(): LabSettings {
    return this.settings;
  }

  model(id: NetworkId): tf.LayersModel {
    return this.runs[id].model;
  }

  stepsTaken(id: NetworkId): number {
    return this.runs[id].step;
  }

  /** Epochs of data network `id` has seen since its last reset. */
  epochOf(id: NetworkId): number {
    return this.runs[id].stream.epoch;
  }

  pausedBecause(id: NetworkId): string | null {
    const run = this.runs[id];
    return run.pausedBecause ?? (run.frozen ? FROZEN_PAUSE : null);
  }

  /** Whether network `id` is an import kept frozen (analyzed, never trained). */
  isFrozen(id: NetworkId): boolean {
    return this.runs[id].frozen === true;
  }

  /** The step networks pause at, or null. */
  get until(): number | null {
    return this.untilStep;
  }

  /**
   * Every network pauses once it has taken `until` steps (null: no limit). A running network
   * already there pauses at once; one paused by a failure keeps that reason.
   */
  setUntil(until: number | null): void {
    this.untilStep = until;
    if (until === null) return;
    for (const id of NETWORK_IDS) {
      const run = this.runs[id];
      if (run.pausedBecause === null && run.step >= until) run.pausedBecause = untilPause(until);
    }
  }

  /** New settings, applied from the next step on (learning rates included). */
  setSettings(settings: LabSettings): void {
    this.settings = settings;
    for (const id of NETWORK_IDS) {
      // tfjs marks learningRate protected, but Adam reads it afresh on every update: setting it
      // keeps the moment estimates (a new optimizer would throw them away).
      (this.runs[id].optimizer as unknown as { learningRate: number }).learningRate =
        settings[LEARNING_RATE[id]];
    }
  }

  /** The network to step next: the running one with the fewest steps (ties in column order). */
  nextNetwork(): NetworkId | null {
    let best: NetworkRun | null = null;
    for (const id of NETWORK_IDS) {
      const run = this.runs[id];
      if (run.pausedBecause !== null || run.frozen) continue;
      if (best === null || run.step < best.step) best = run;
    }
    return best?.id ?? null;
  }

  pause(id: NetworkId, reason: string): void {
    this.runs[id].pausedBecause = reason;
  }

  resume(id: NetworkId): void {
    this.runs[id].pausedBecause = null;
  }

  /** One training step of network `id` on its next batch. Non-finite or exploding steps pause it. */
  async step(id: NetworkId): Promise<StepReport> {
    if (this.disposed) throw new Error('the session was disposed');
    const run = this.runs[id];
    const indices = run.stream.next(this.settings[BATCH_SIZE[id]]);
    const batch = batchFromSplit(this.dataset.train, this.dataset.info.inputShape, indices);
    let metrics: StepMetrics;
    try {
      metrics = await trainStep(
        { model: run.model, optimizer: run.optimizer, rng: run.rng },
        batch,
        this.stepSettings(id, run.step),
      );
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
    run.step++;
    const problem = this.divergence(run, metrics);
    if (problem) run.pausedBecause = problem;
    else if (this.untilStep !== null && run.step >= this.untilStep) {
      run.pausedBecause = untilPause(this.untilStep);
    }
    return {
      id,
      step: run.step,
      epoch: run.stream.epoch,
      metrics,
      pausedBecause: run.pausedBecause,
    };
  }

  /** Why a step should pause its network, or null if it is healthy. */
  private divergence(run: NetworkRun, metrics: StepMetrics): string | null {
    const { id, step } = run;
    const advice =
      id === 'cure'
        ? 'Lower the learning rate or γ, then reset this network.'
        : 'Lower the learning rate, then reset this network.';
    if (!metrics.finite) {
      return `Step ${step}: the loss or its gradient became NaN or infinite (loss ${metrics.loss}); the update was not applied. ${advice}`;
    }
    if (!(metrics.loss > EXPLODED_LOSS)) {
      delete run.exploded;
      return null;
    }
    run.exploded = { from: run.exploded?.from ?? step, count: (run.exploded?.count ?? 0) + 1 };
    if (run.exploded.count < EXPLODED_STEPS) return null;
    const steps = `Steps ${run.exploded.from}–${step}`;
    return `${steps}: the loss exploded, above ${EXPLODED_LOSS} nats each step (last ${metrics.loss.toPrecision(3)}). ${advice}`;
  }

  /** Back to the network's start point: weights bit for bit, a fresh optimizer, step 0, data
   * order from the start, and running again. */
  reset(id: NetworkId): void {
    const run = this.runs[id];
    restoreWeights(run.model, this.startPoints[id]);
    run.optimizer.dispose();
    run.optimizer = tf.train.adam(this.settings[LEARNING_RATE[id]]);
    run.rng = this.rngFor(id);
    run.stream.rewind();
    run.step = 0;
    run.pausedBecause = null;
    delete run.exploded;
  }

  /** The network's step and data position, to continue from with `continueFrom`. */
  progressOf(id: NetworkId): NetworkProgress {
    const run = this.runs[id];
    return { step: run.step, stream: run.stream.position() };
  }

  /**
   * Network `id`'s weights, optimizer state, generator and progress, copied synchronously (no
   * step can come between them). Pair with `continueFrom` to go on exactly from here.
   */
  capture(id: NetworkId): RunCapture {
    const run = this.runs[id];
    const weights = snapshotWeights(run.model);
    return {
      weights,
      adam: snapshotAdam(run.optimizer),
      rng: run.rng.state(),
      progress: this.progressOf(id),
    };
  }

  /**
   * Continues from weights and progress saved from an earlier session on the same data (e.g.
   * before the GPU was lost, or a saved session). With `trainer`'s Adam state and generator the
   * next steps are bit for bit those the saved session would have taken; without them the
   * optimizer's moments and the attacks' random state start afresh. Throws, changing nothing, if
   * the weights or the optimizer state do not fit the network.
   */
  continueFrom(
    id: NetworkId,
    weights: WeightSnapshot,
    progress: NetworkProgress,
    trainer: TrainerState = { adam: null, rng: null },
  ): void {
    const run = this.runs[id];
    const optimizer = tf.train.adam(this.settings[LEARNING_RATE[id]]);
    try {
      if (trainer.adam) restoreAdam(optimizer, trainer.adam, trainableVariables(run.model));
      restoreWeights(run.model, weights);
    } catch (error) {
      optimizer.dispose();
      throw error;
    }
    run.optimizer.dispose();
    run.optimizer = optimizer;
    run.rng = trainer.rng ? restoreRng(trainer.rng) : this.rngFor(id);
    run.stream.seek(progress.stream);
    run.step = progress.step;
    run.pausedBecause = null;
  }

  /** Replaces a network's reset point (e.g. CURE's start: checkpoint, standard's weights, scratch). */
  setStartPoint(id: NetworkId, weights: WeightSnapshot): void {
    disposeSnapshot(this.startPoints[id]);
    this.startPoints[id] = weights;
  }

  /**
   * Puts another model in network `id`'s place (an imported one): the old model, optimizer and
   * start point are disposed; the new one starts at step 0 with a fresh Adam and generator, the
   * data order from the start, and `startPoint` as its reset point. Takes ownership of `model`
   * and `startPoint`. A `frozen` network is never stepped (it stays paused with FROZEN_PAUSE);
   * otherwise it trains with its column's method like the others.
   */
  replaceNetwork(
    id: NetworkId,
    model: tf.LayersModel,
    startPoint: WeightSnapshot,
    frozen: boolean,
  ): void {
    if (this.disposed) throw new Error('the session was disposed');
    const old = this.runs[id];
    old.optimizer.dispose();
    if (old.model !== model) old.model.dispose();
    this.setStartPoint(id, startPoint);
    old.stream.rewind();
    this.runs[id] = {
      ...old,
      model,
      optimizer: tf.train.adam(this.settings[LEARNING_RATE[id]]),
      rng: this.rngFor(id),
      step: 0,
      pausedBecause: null,
      frozen,
    };
  }

  /** A copy of a network's current weights (the caller owns it). */
  snapshot(id: NetworkId): WeightSnapshot {
    return snapshotWeights(this.runs[id].model);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const id of NETWORK_IDS) {
      this.runs[id].optimizer.dispose();
      this.runs[id].model.dispose();
      disposeSnapshot(this.startPoints[id]);
    }
  }

  private rngFor(id: NetworkId): Rng {
    return createRng((this.seed * 31 + NETWORK_IDS.indexOf(id) + 1) >>> 0);
  }

  private range(): InputRange | null {
    return attackRange(this.dataset.info);
  }

  private stepSettings(id: NetworkId, step: number): StepSettings {
    const s = this.settings;
    if (id === 'standard') return { method: 'standard' };
    if (id === 'adversarial') {
      return {
        method: 'pgd',
        attack: {
          norm: s.pgdNorm,
          epsilon: s.eps,
          steps: s.pgdSteps,
          stepSize: s.pgdStepSize,
          randomStart: true,
          range: this.range(),
        },
      };
    }
    return { method: 'cure', form: s.cureForm, gamma: s.gamma, h: cureHAt(s, step) };
  }
}
