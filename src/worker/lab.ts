/**
 * The worker's live lab: opens a session on the networks `openNetworks` gives (continuing the
 * copy off a lost device when there is one, see offDeviceCopy.ts), runs the interleaved training
 * loop while "playing", evaluates the three networks in rounds (evaluationCadence.ts: at once after
 * a change of ε, norm or h, else every ~10 s of running) and streams deltas. Messages (slider
 * changes, pause) are handled between steps: the loop yields to the event loop after every step.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluationAttack } from '../core/attacks';
import { attackRange, type AssetReader, type Dataset } from '../core/datasets/types';
import { freezeNetwork, type FrozenNetwork } from '../core/inspect';
import { evaluateNetwork, predictClasses } from '../core/lab/evaluate';
import { cureStartPoint, openNetworks, startPoints, type LabSetup } from '../core/lab/openNetworks';
import {
  continueSavedLab,
  labIdentity,
  readNetworks,
  savedLab,
  type SavedLab,
} from '../core/lab/savedLab';
import { LabSession, isHealthyPause, isUntilPause, USER_PAUSE } from '../core/lab/session';
import { LIVE_EVALUATION, type CureStart, type LabSettings } from '../core/lab/settings';
import { disposeSnapshot, trainableVariables, type WeightSnapshot } from '../core/models';
import { batchFromSplit } from '../core/training';
import { messageOf } from './backends';
import { EvaluationCadence } from './evaluationCadence';
import { LabRecorder } from './labRecorder';
import {
  importedOrigin,
  installImported,
  LabImports,
  readModelFor,
  type ImportedSlot,
  type ImportOutcome,
} from './labImports';
import type { OffDeviceCopy } from './offDeviceCopy';
import type { SessionImports } from './sessionProtocol';
import { yieldToEvents } from './yieldToEvents';
import type { EvaluationRecord, ImportMode, NetworkDelta, NetworkOrigin } from './trainingProtocol';
import { NETWORK_IDS, type NetworkId } from '../core/names';

const FLUSH_MS = 150;

/** The settings an evaluation measures at (the PGD attack's ε and norm, CURE's h): when one
 * changes, every figure on screen is stale. The training-only PGD steps and step size are not. */
function evaluationKey(settings: LabSettings): string {
  return `${settings.eps}|${settings.pgdNorm}|${settings.h}`;
}

/** The networks as they were at one moment, for analysis (see LabController.freeze). */
export interface LabSnapshot {
  networks: Record<NetworkId, { frozen: FrozenNetwork; step: number }>;
  settings: LabSettings;
  dataset: Dataset;
  seed: number;
}

/** What `LabController.open` opened: each network's origin, and whether to start training. */
export interface OpenedLab {
  origins: NetworkOrigin[];
  /** False when continuing a lab that was paused. */
  play: boolean;
}

export class LabController {
  private session: LabSession | null = null;
  private running = false;
  /** Milliseconds spent in training steps since the worker started, and who waits on it. */
  private trainedMs = 0;
  private trainingWaiters: (() => void)[] = [];
  private loopPromise: Promise<void> | null = null;
  private recorder = new LabRecorder();
  private cadence = new EvaluationCadence();
  /** A round run while the lab does not train (after a settings change or reset); training,
   * stepping and closing wait for it. */
  private idleRound: Promise<void> | null = null;
  /** Bumped when the figures go stale (settings, reset): a round in progress is abandoned. */
  private evaluationGeneration = 0;
  private evalSet: { x: tf.Tensor; y: tf.Tensor1D } | null = null;
  private probe: { x: tf.Tensor; y: tf.Tensor1D } | null = null;
  private lastFlush = 0;
  /** The lab last opened: its dataset, build and seed. */
  private setup: LabSetup | null = null;
  /** Each network's start point since its last reset (null: as opened), reported in deltas. */
  private startedFrom: Record<NetworkId, CureStart | null> = {
    standard: null,
    adversarial: null,
    cure: null,
  };
  /** The weights each network was opened with (its checkpoint, or fresh): reset points. */
  private openingWeights: Record<NetworkId, WeightSnapshot> | null = null;
  /** Models the user imported into slots (kept while the same lab is reopened). */
  private readonly imports = new LabImports();

  /**
   * @param offDevice where the networks are copied off the backend; after a lost device the
   *   next `open` of the same lab continues from its rescued copy.
   */
  constructor(
    private readonly emit: (
      running: boolean,
      networks: Record<NetworkId, NetworkDelta>,
      until: number | null,
    ) => void,
    private readonly offDevice: OffDeviceCopy,
  ) {}

  /**
   * Opens a session on the checkpoints of `setup.dataset` (fresh seeded networks where none
   * exist), or continues the copy rescued after a lost device when it is of the same lab; reset
   * still goes back to the checkpoints.
   */
  async open(
    setup: LabSetup,
    settings: LabSettings,
    readCheckpoint: AssetReader,
    until: number | null = null,
    saved: SavedLab | null = null,
    savedImports: SessionImports | null = null,
  ): Promise<OpenedLab> {
    // A saved session (or autosave) given by the client wins over a copy rescued from a lost
    // device; either must be of this very lab.
    const rescued = this.offDevice.takeRescued(labIdentity(setup));
    if (saved && saved.identity !== labIdentity(setup)) {
      throw new Error(`the saved lab is of ${saved.identity}, not of ${labIdentity(setup)}`);
    }
    const resume = saved ?? rescued;
    await this.close();
    this.offDevice.opening();
    const { models, sources, openingWeights } = await openNetworks(setup, readCheckpoint);
    this.setup = setup;
    this.openingWeights = openingWeights;
    const { dataset, seed } = setup;
    const starts = startPoints(setup, openingWeights, settings.cureStart);
    this.session = new LabSession(dataset, models, starts, settings, seed);
    const points = LIVE_EVALUATION[dataset.info.kind];
    this.evalSet = firstTestPoints(dataset, points.testPoints);
    this.probe = firstTestPoints(dataset, points.probePoints);
    this.cadence = new EvaluationCadence();
    this.startedFrom = { standard: null, adversarial: null, cure: null };
    // A saved session's slots hold exactly its imports (checked again here, as on import).
    if (saved) await this.adoptImports(setup, savedImports);
    await this.installImports(setup, this.session);
    if (resume) continueSavedLab(this.session, resume);
    else if (settings.cureStart !== 'checkpoint' && !this.imports.has('cure')) {
      // A lab asked to fine-tune CURE from standard (or train it from scratch) starts it there,
      // with its recipe's ramp from step 0 — not on CURE's own checkpoint until the first reset.
      this.session.reset('cure');
      this.startedFrom.cure = settings.cureStart;
    }
    // A pinned link's networks stop at `until`; one continued past it stays there, paused.
    this.session.setUntil(until);
    const origins = NETWORK_IDS.map((id): NetworkOrigin => ({
      ...sources[id],
      continuedAtStep: resume ? resume.networks[id].progress.step : null,
      imported: null,
    }));
    this.offDevice.opened(resume);
    // A lab continued paused would show no figures until played: evaluate it at once (a lab
    // that trains is evaluated by its loop).
    if (resume && !resume.running) this.reevaluate();
    return { origins: this.imports.showIn(origins), play: resume ? resume.running : true };
  }

  /**
   * The whole lab, read off the backend at one moment between steps (a saved session, the
   * autosave): weights, optimizer state, generators, steps, data positions, whether it trains.
   */
  async save(): Promise<{ lab: SavedLab; until: number | null }> {
    const session = this.requireSession();
    const running = this.running; // as the networks are captured, synchronously, next
    const networks = await readNetworks(session);
    return {
      lab: savedLab(labIdentity(this.setup!), running, networks),
      until: session.until,
    };
  }

  /**
   * Copies the networks' weights and progress off the backend. Called while training every few
   * seconds and after every control, so a lost GPU device costs at most that much training.
   */
  async saveToHost(): Promise<void> {
    const session = this.session;
    const setup = this.setup;
    if (!session || !setup) return;
    await this.offDevice.save(
      session,
      labIdentity(setup),
      () => this.running,
      () => this.session === session,
    );
  }

  /**
   * Imports a LayersModel into slot `id` (issue 17, item 4). The files are checked against the
   * open lab's dataset while the networks keep training; a refusal changes nothing. Accepted, the
   * model takes the slot's place between two steps (LabSession.replaceNetwork): what the old
   * network reported is flushed first, then `announce` gets the slot's new origin (before any
   * delta of the new network), the figures are evaluated anew and training goes on as it was.
   */
  async importModel(
    id: NetworkId,
    files: ReadonlyMap<string, Uint8Array>,
    mode: ImportMode,
    announce: (origin: NetworkOrigin) => void = () => undefined,
  ): Promise<ImportOutcome> {
    const session = this.requireSession();
    const setup = this.setup!;
    const result = await readModelFor(files, setup.dataset);
    if (!result.ok) return result;
    const wasRunning = this.running;
    // A round in progress is abandoned after its current network (its figures would be of the
    // old one): the import waits for one evaluation at most, not a whole round.
    this.evaluationGeneration++;
    await this.stop();
    if (this.session !== session) {
      result.model.dispose();
      return { ok: false, message: 'the lab was reopened while the model was being checked' };
    }
    this.flush();
    installImported(session, id, result.model, mode);
    const slot: ImportedSlot = { files: new Map(files), mode, info: result.info };
    this.imports.set(labIdentity(setup), id, slot);
    this.startedFrom[id] = null;
    this.recorder.resetRate(id);
    const origin = importedOrigin(id, slot);
    announce(origin);
    this.reevaluate();
    this.flush();
    // The copy off the device must hold the new network (a lost device reinstalls the import and
    // continues this copy); it is taken synchronously, before training resumes.
    const saved = this.saveToHost();
    if (wasRunning) this.start();
    await saved;
    return { ok: true, origin };
  }

  /** What slot `id` holds if the user imported a model into it (files, mode, the checks' info). */
  importedSlot(id: NetworkId): ImportedSlot | null {
    return this.imports.get(id);
  }

  /** Makes the imports of lab `setup` those a saved session holds (none where it holds none). */
  private async adoptImports(setup: LabSetup, imports: SessionImports | null): Promise<void> {
    const lab = labIdentity(setup);
    for (const [id] of this.imports.keepFor(lab)) this.imports.drop(id);
    for (const id of NETWORK_IDS) {
      const slot = imports?.[id];
      if (!slot) continue;
      const files = new Map(slot.files.map((f) => [f.name, f.bytes]));
      const result = await readModelFor(files, setup.dataset);
      if (!result.ok) throw new Error(`the model imported into ${id}: ${result.message}`);
      result.model.dispose();
      this.imports.set(lab, id, { files, mode: slot.mode, info: result.info });
    }
  }

  /**
   * Installs again the imports of the lab being opened, if it is theirs (else drops them). Each
   * is checked anew and its info taken from that check (so a slot restored from a saved session
   * needs only its files and mode to be right).
   */
  private async installImports(setup: LabSetup, session: LabSession): Promise<void> {
    const lab = labIdentity(setup);
    for (const [id, slot] of this.imports.keepFor(lab)) {
      const result = await readModelFor(slot.files, setup.dataset);
      if (this.session !== session) {
        if (result.ok) result.model.dispose();
        return;
      }
      // The same files passed the same checks before; a refusal now would be a bug.
      if (!result.ok) {
        console.error(`imported ${id} model refused on reopening: ${result.message}`);
        this.imports.drop(id);
        continue;
      }
      installImported(session, id, result.model, slot.mode);
      this.imports.set(lab, id, { ...slot, info: result.info });
    }
  }

  setSettings(settings: LabSettings): void {
    const session = this.requireSession();
    const cureStartChanged = settings.cureStart !== session.currentSettings.cureStart;
    const evaluationChanged = evaluationKey(settings) !== evaluationKey(session.currentSettings);
    session.setSettings(settings);
    if (evaluationChanged) this.reevaluate();
    // An imported CURE network keeps its own weights as its reset point.
    if (!cureStartChanged || this.imports.has('cure')) return;
    const start = cureStartPoint(this.setup!, this.openingWeights!, settings.cureStart);
    session.setStartPoint('cure', start);
  }

  async control(
    action: 'play' | 'pause' | 'step' | 'reset',
    network: NetworkId | 'all',
  ): Promise<void> {
    const session = this.requireSession();
    const ids = network === 'all' ? [...NETWORK_IDS] : [network];
    switch (action) {
      case 'play':
        // Playing a network on from `until` leaves the pinned experiment: no network stops there
        // any more. (The play that follows opening a lab keeps it.)
        if (ids.some((id) => isUntilPause(session.pausedBecause(id)))) session.setUntil(null);
        for (const id of ids) session.resume(id);
        this.start();
        return;
      case 'pause':
        if (network === 'all') await this.stop();
        else session.pause(network, USER_PAUSE);
        this.flush();
        if (!this.running) await this.saveToHost();
        return;
      case 'step':
        await this.stop();
        for (const id of ids) {
          if (!isHealthyPause(session.pausedBecause(id)) || session.isFrozen(id)) continue;
          await this.trainOnce(id);
        }
        this.flush();
        await this.saveToHost();
        return;
      case 'reset':
        for (const id of ids) {
          session.reset(id);
          this.recorder.resetRate(id);
          if (id === 'cure' && !this.imports.has('cure')) {
            this.startedFrom.cure = session.currentSettings.cureStart;
          }
        }
        this.reevaluate();
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
    const step = session.stepsTaken(id);
    const shape = this.setup!.dataset.info.inputShape;
    return { step, pred: await predictClasses(session.model(id), inputs, shape) };
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
    if (this.openingWeights) {
      for (const id of NETWORK_IDS) disposeSnapshot(this.openingWeights[id]);
    }
    this.openingWeights = null;
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
    await this.idleRound;
  }

  private async loop(): Promise<void> {
    await this.idleRound;
    let last = performance.now();
    while (this.running && this.session) {
      // Wall-clock time while running counts (steps, and the analysis jobs between them): the
      // figures' age as the audience sees it.
      this.cadence.elapse(performance.now() - last);
      if (this.cadence.isDue()) {
        await this.evaluateRound();
        this.flush();
        if (!this.running || !this.session) break;
      }
      last = performance.now();
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
      if (this.offDevice.isDue()) await this.saveToHost();
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
  }

  /** The figures on screen no longer answer the current question (or a network was reset):
   * evaluate all three next — at once when the lab does not train. */
  private reevaluate(): void {
    this.evaluationGeneration++;
    this.cadence.markDue();
    if (this.running || this.idleRound) return; // the loop, or the idle round, picks it up
    this.idleRound = (async () => {
      try {
        while (!this.running && this.session && this.cadence.isDue()) {
          await this.evaluateRound();
          this.flush();
        }
      } catch (error) {
        // Network failures pause that network inside the round; anything else is a bug to see,
        // not a reason for stop() and close(), which await this promise, to fail.
        console.error(`evaluation round failed: ${messageOf(error)}`);
      } finally {
        this.idleRound = null;
      }
    })();
  }

  /**
   * One round: the three networks in column order, each at its current step, with the same
   * settings (taken once: a change during the round makes the next round due). The records are
   * handed over together, so the columns change together. A network that diverged is skipped
   * (its weights are not worth measuring); one whose evaluation fails is paused with the reason.
   * Between networks, messages are handled: a settings change or reset then abandons the round
   * (its figures would be stale on arrival) and the next one starts at once.
   */
  private async evaluateRound(): Promise<void> {
    const session = this.requireSession();
    const generation = this.evaluationGeneration;
    const round = this.cadence.startRound();
    const started = performance.now();
    const settings = session.currentSettings;
    const { dataset, seed } = this.setup!;
    const testSet = this.evalSet!;
    const probe = this.probe!;
    const attack = evaluationAttack(settings.eps, settings.pgdNorm, attackRange(dataset.info));
    const conditions = {
      round,
      eps: attack.epsilon,
      norm: attack.norm,
      pgdSteps: attack.steps,
      h: settings.h,
      testPoints: testSet.y.shape[0],
      probePoints: probe.y.shape[0],
    };
    const records: [NetworkId, EvaluationRecord][] = [];
    for (const id of NETWORK_IDS) {
      if (!isHealthyPause(session.pausedBecause(id))) continue;
      try {
        const result = await evaluateNetwork(session.model(id), testSet, probe, {
          attack,
          h: settings.h,
          seed,
        });
        records.push([id, { step: session.stepsTaken(id), ...conditions, ...result }]);
      } catch (error) {
        session.pause(id, `Evaluation failed: ${messageOf(error)}. Reset it, or switch backend.`);
      }
      await yieldToEvents();
      if (this.evaluationGeneration !== generation || this.session !== session) return;
    }
    for (const [id, record] of records) this.recorder.recordEvaluation(id, record);
    this.cadence.endRound(performance.now() - started);
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
        startedFrom: this.startedFrom[id],
      })),
      session.until,
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
    const { dataset, seed } = this.setup!;
    return { networks, settings: session.currentSettings, dataset, seed };
  }

  private requireSession(): LabSession {
    if (!this.session) throw new Error('no lab session is open');
    return this.session;
  }
}

/** The first `n` test points (all of them if fewer), as one batch. */
function firstTestPoints(dataset: Dataset, n: number): { x: tf.Tensor; y: tf.Tensor1D } {
  const indices = Array.from({ length: Math.min(n, dataset.test.count) }, (_, i) => i);
  return batchFromSplit(dataset.test, dataset.info.inputShape, indices);
}
