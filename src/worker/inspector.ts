/**
 * The worker's analysis jobs. A job freezes the three networks as they are (training goes on
 * meanwhile), computes the panels' parts stage by stage — each stage for the three networks in
 * column order, so all three landscapes appear before any spectrum — and posts every part as soon
 * as it is ready, stamped with the network's step and the sample. Between parts it yields, so
 * training steps and messages (a cancel, a newer request) interleave. A newer job of the same
 * kind supersedes a running one: dragging a slider never queues stale work.
 */
import * as tf from '@tensorflow/tfjs';
import { attackRange } from '../core/datasets/types';
import { planeDirections, type PlaneDirections } from '../core/geometry';
import type { InspectSettings } from '../core/lab/inspectSettings';
import {
  boundsAnalysis,
  curvatureMeanAnalysis,
  robustCurveAnalysis,
} from '../core/lab/batchAnalysis';
import type { LanczosResult } from '../core/curvature/lanczos';
import { evaluationAttack } from '../core/attacks';
import {
  analysePoint,
  fieldAnalysis,
  planeAnalysis,
  profileAnalysis,
  profileSteps,
  spectrumAnalysis,
  stripAnalysis,
} from '../core/lab/sampleAnalysis';
import type { Vector } from '../core/linalg/vector';
import type { ForwardPlan } from '../core/models';
import { createRng } from '../core/random';
import { batchFromSplit } from '../core/training';
import type { InspectJob, InspectResult } from './inspectProtocol';
import type { JobRegistry } from './jobs';
import type { LabController, LabSnapshot } from './lab';
import type { EngineEvent } from './protocol';
import { yieldToEvents } from './yieldToEvents';
import { NETWORK_IDS, type NetworkId } from '../core/names';

/** Gallery inputs whose predictions the strip shows (every point of a 2-D toy set). */
const STRIP_IMAGES = 48;

/** Training time owed per ms of analysis: while a job runs, each may take up to half of the
 * worker (the client's gap between jobs, inspectSchedule.ts, bounds the share over time). The
 * batch job once owed 2 ms per ms, and with its robust curve (~4–13 s of PGD per network on
 * wasm) one refresh took minutes of wall time. */
const TRAINING_SHARE: Record<InspectJob, number> = { sample: 1, batch: 1 };

/** A part's payload: the result without its stamp. */
type Payload<P extends InspectResult['part']> = Omit<
  Extract<InspectResult, { part: P }>,
  'type' | 'id' | 'job' | 'network' | 'step' | 'sample' | 'ms' | 'part'
>;

interface JobContext {
  id: number;
  job: InspectJob;
  sample: number | null;
  snapshot: LabSnapshot;
  /** Parts posted so far and in all (stages × networks): the job's progress. */
  partsDone: number;
  partsTotal: number;
}

export class Inspector {
  private readonly running: Record<InspectJob, number | null> = { sample: null, batch: null };
  /** Settles when the running sample job ends: the batch job waits for it (the picture of the
   * selected input matters more than the test-point statistics). */
  private sampleDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly post: (event: EngineEvent) => void,
    private readonly jobs: JobRegistry,
    private readonly lab: LabController,
  ) {}

  /** Jobs that hold frozen networks: the running ones and superseded ones not yet stopped. */
  private readonly active = new Set<number>();

  /** How many analysis jobs hold frozen copies of the networks now. */
  runningJobs(): number {
    return this.active.size;
  }

  /**
   * Cancels every analysis job and resolves once none computes any more (or after `timeoutMs`).
   * Before the backend changes: a job still issuing ops would run them on the next backend with
   * tensors of the old one.
   */
  async stopAll(timeoutMs = 10_000): Promise<void> {
    for (const id of this.active) this.jobs.cancel(id);
    const deadline = performance.now() + timeoutMs;
    while (this.active.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async inspectSample(id: number, sample: number, settings: InspectSettings): Promise<void> {
    await this.run(id, 'sample', sample, async (context) => {
      const { dataset } = context.snapshot;
      // point, plane, strip, spectrum, profile (and the input-plane field of 2-D sets).
      context.partsTotal = (dataset.info.kind === 'points' ? 6 : 5) * NETWORK_IDS.length;
      if (sample >= dataset.test.count) {
        throw new Error(`sample ${sample} does not exist (${dataset.test.count} test inputs)`);
      }
      const input = batchFromSplit(dataset.test, dataset.info.inputShape, [sample]);
      try {
        await this.sampleStages(context, input.x, dataset.test.y[sample]!, settings);
      } finally {
        tf.dispose([input.x, input.y]);
      }
    });
  }

  async inspectBatch(id: number, settings: InspectSettings): Promise<void> {
    await this.run(id, 'batch', null, async (context) => {
      const { dataset, settings: training, seed } = context.snapshot;
      context.partsTotal = 3 * NETWORK_IDS.length;
      const first = (n: number) =>
        batchFromSplit(
          dataset.test,
          dataset.info.inputShape,
          Array.from({ length: Math.min(n, dataset.test.count) }, (_, i) => i),
        );
      const boundsPoints = first(settings.boundsPoints);
      const curvePoints = first(settings.curvePoints);
      const range = attackRange(dataset.info);
      // The means' exact eigenpairs are the bounds' (same points, k = 1, same seed): made once.
      const eigen: Partial<Record<NetworkId, LanczosResult[]>> = {};
      try {
        await this.stage(context, 'curvatureMean', async (model, id) => {
          const { eigen: pairs, ...payload } = await curvatureMeanAnalysis(model, boundsPoints, {
            fdH: settings.fdH,
            seed,
          });
          eigen[id] = pairs;
          return payload;
        });
        await this.stage(context, 'bounds', (model, id) =>
          boundsAnalysis(model, boundsPoints, {
            c: settings.boundsC,
            maxRadius: 5 * settings.radius,
            seed,
            eigen: eigen[id],
          }),
        );
        await this.stage(context, 'robustCurve', (model) =>
          robustCurveAnalysis(
            model,
            curvePoints,
            { epsilon: training.eps, norm: training.pgdNorm, range, seed },
            () => this.pause(context),
          ),
        );
      } finally {
        tf.dispose([boundsPoints.x, boundsPoints.y, curvePoints.x, curvePoints.y]);
      }
    });
  }

  /** The stages of a sample job, in the order the panels most need them. */
  private async sampleStages(
    context: JobContext,
    x: tf.Tensor,
    label: number,
    settings: InspectSettings,
  ): Promise<void> {
    const { dataset, settings: training, seed } = context.snapshot;
    const range = attackRange(dataset.info);
    const planes = {} as Record<NetworkId, PlaneDirections>;
    const topVectors: Partial<Record<NetworkId, Vector | null>> = {};
    const spectrumOptions = {
      topK: settings.topK,
      full: settings.fullSpectrum,
      fdH: settings.fdH,
      seed,
    };
    const eigenFirst = settings.plane === 'eigenvector';
    // With the eigenvector plane the spectrum (its top vector) must come before the plane.
    if (eigenFirst) await this.spectrumStage(context, x, label, spectrumOptions, topVectors);
    await this.stage(context, 'point', async (model, id) => {
      const { grad, ...point } = await analysePoint(model, x, label);
      const eigen = topVectors[id] ?? null;
      // Shared: every column slices input space along the standard network's plane (its point
      // analysis comes first, in column order).
      planes[id] =
        settings.planeBasis === 'shared' && id !== 'standard'
          ? planes.standard
          : planeDirections(grad, settings.plane, eigen, createRng(seed));
      return { ...point, label };
    });
    await this.stage(context, 'plane', (model, id) =>
      planeAnalysis(model, x, label, planes[id], {
        basis: settings.planeBasis,
        radius: settings.radius,
        resolution: settings.resolution,
        attack: evaluationAttack(training.eps, training.pgdNorm, range),
        seed,
      }),
    );
    if (dataset.info.kind === 'points') {
      await this.stage(context, 'field', (model) =>
        fieldAnalysis(model, dataset.info.inputRange, settings.resolution, {
          epsilon: training.eps,
          norm: training.pgdNorm,
        }),
      );
    }
    const strip = batchFromSplit(
      dataset.test,
      dataset.info.inputShape,
      Array.from(
        {
          length:
            dataset.info.kind === 'image'
              ? Math.min(STRIP_IMAGES, dataset.test.count)
              : dataset.test.count,
        },
        (_, i) => i,
      ),
    );
    try {
      await this.stage(context, 'strip', (model) => stripAnalysis(model, strip.x));
    } finally {
      tf.dispose([strip.x, strip.y]);
    }
    if (!eigenFirst) await this.spectrumStage(context, x, label, spectrumOptions, topVectors);
    const hs = profileSteps(settings.radius, settings.fdH);
    await this.stage(context, 'profile', (model) => profileAnalysis(model, x, label, hs));
  }

  /** The spectrum stage; it keeps each network's top eigenvector for the eigenvector plane. */
  private async spectrumStage(
    context: JobContext,
    x: tf.Tensor,
    label: number,
    options: { topK: number; full: boolean; fdH: number; seed: number },
    topVectors: Partial<Record<NetworkId, Vector | null>>,
  ): Promise<void> {
    await this.stage(context, 'spectrum', async (model, id) => {
      const { topVector, ...payload } = await spectrumAnalysis(model, x, label, options);
      topVectors[id] = topVector;
      return payload;
    });
  }

  /** Runs one part for the three networks in turn, posting each result with its stamp. */
  private async stage<P extends InspectResult['part']>(
    context: JobContext,
    part: P,
    compute: (model: ForwardPlan, id: NetworkId) => Promise<Payload<P>>,
  ): Promise<void> {
    for (const id of NETWORK_IDS) {
      this.post({
        type: 'inspectProgress',
        id: context.id,
        job: context.job,
        part,
        network: id,
        fraction: Math.min(1, context.partsDone / context.partsTotal),
      });
      await this.pause(context);
      const { frozen, step } = context.snapshot.networks[id];
      const start = performance.now();
      const payload = await compute(frozen.plan, id);
      const ms = performance.now() - start;
      // Payload<P> and the stamp make an InspectResult of part P; TypeScript cannot narrow the
      // union by a generic discriminant, hence the cast.
      const result = {
        type: 'inspectResult',
        id: context.id,
        job: context.job,
        network: id,
        step,
        sample: context.sample,
        ms,
        part,
        ...payload,
      } as unknown as InspectResult;
      this.post(result);
      context.partsDone++;
      // Fair share: training gets at least as much of the worker as the analysis took.
      await this.lab.trainingTime(ms * TRAINING_SHARE[context.job]);
    }
  }

  /** A turn for training and messages; for a batch job, also waits out a running sample job.
   * Throws if the job was cancelled meanwhile. */
  private async pause(context: JobContext): Promise<void> {
    await yieldToEvents();
    if (context.job === 'batch') {
      while (this.running.sample !== null) await this.sampleDone;
    }
    this.jobs.throwIfCancelled(context.id);
  }

  /** Supersedes the running job of this kind, freezes the networks, runs, cleans up. */
  private async run(
    id: number,
    job: InspectJob,
    sample: number | null,
    body: (context: JobContext) => Promise<void>,
  ): Promise<void> {
    const previous = this.running[job];
    if (previous !== null) this.jobs.cancel(previous);
    this.running[job] = id;
    let done = () => {};
    if (job === 'sample') this.sampleDone = new Promise((resolve) => (done = resolve));
    const snapshot = this.lab.freeze();
    this.active.add(id);
    try {
      await body({ id, job, sample, snapshot, partsDone: 0, partsTotal: 1 });
    } finally {
      for (const networkId of NETWORK_IDS) snapshot.networks[networkId].frozen.dispose();
      this.active.delete(id);
      if (this.running[job] === id) this.running[job] = null;
      // Wakes a waiting batch job even when superseded: it re-checks for the newer sample job.
      done();
    }
  }
}
