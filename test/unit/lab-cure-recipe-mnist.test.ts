/**
 * Training on from the shipped MNIST checkpoints at the app's defaults keeps their robustness, and
 * CURE restarted from the standard network with the recipe its start point derives (issue 13,
 * item 3: lr 1e-3, h ramped from the reset) becomes as robust as its shipped checkpoint. Each test
 * drives a LabSession as the worker does (src/worker/lab.ts), on the wasm backend (the one that
 * trained the checkpoints, and the fast one in node), and evaluates with the app's own
 * `evaluateNetwork` and the paper's attack on the live evaluation's test points.
 *
 * Cost, measured on the project's 2-core machine shared with other jobs: ~3 min for the file
 * (PGD-7 training is most of it); about a third of that in CPU time when the machine is idle.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperEvaluationAttack, type LabeledTensors } from '../../src/core/attacks';
import { loadCheckpoint } from '../../src/core/checkpoints';
import { DATASETS } from '../../src/core/datasets/registry';
import { attackRange, type Dataset } from '../../src/core/datasets/types';
import { cureRecipe, withCureStart } from '../../src/core/lab/cureRecipe';
import { evaluateNetwork, type Evaluation } from '../../src/core/lab/evaluate';
import { openNetworks, startPoints, type LabSetup } from '../../src/core/lab/openNetworks';
import { LabSession } from '../../src/core/lab/session';
import { defaultLabSettings, LIVE_EVALUATION, type LabSettings } from '../../src/core/lab/settings';
import { disposeSnapshot } from '../../src/core/models';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names';
import { batchFromSplit } from '../../src/core/training';
import { useBackend } from '../kit';
import { readCheckpointAsset, readDataAsset } from '../kit/assets';

useBackend('wasm');

/** Steps each network trains on from its checkpoint. */
const STEPS_CONTINUED = 300;
/**
 * Steps of CURE fine-tuned from standard. Measured (wasm, first 500 test points, PGD-20 ε = 0.1):
 * PGD 2 % at the reset, 40 % after 200 steps, 65 % after 400, 69 % after 600, 70 % after 800;
 * lr 1e-4 with a constant h (the old defaults) gave 20 % after 600 and 23 % after 1,000.
 */
const STEPS_FINETUNE = 600;
/** "Within a few points": how far below its manifest a network's PGD accuracy may end. The
 * evaluation's 500 points are half of the manifest's 1,000 (σ ≈ 1.5 points at 70 %). */
const PGD_SLACK = 0.05;
/** Training on must not trade clean accuracy away either (the reported failure: 96 → 42 %). */
const CLEAN_SLACK = 0.03;
/** Probe points for the curvature figures (few: Lanczos per point is the slow part). */
const PROBE_POINTS = 8;

let dataset: Dataset;
let setup: LabSetup;
let evalSet: LabeledTensors;
let probe: LabeledTensors;

beforeAll(async () => {
  dataset = await DATASETS.mnist.load({ seed: 0, readAsset: readDataAsset });
  setup = { dataset, architecture: 'mlp', activation: 'relu', seed: 0 };
  const first = (n: number) =>
    batchFromSplit(
      dataset.test,
      dataset.info.inputShape,
      Array.from({ length: n }, (_, i) => i),
    );
  evalSet = first(LIVE_EVALUATION.image.testPoints);
  probe = first(PROBE_POINTS);
});

afterAll(() => {
  tf.dispose([evalSet.x, evalSet.y, probe.x, probe.y]);
});

/** What the checkpoint of `id` measured (its manifest). */
async function manifestOf(id: NetworkId) {
  const { model, manifest } = await loadCheckpoint(
    { dataset: 'mnist', architecture: 'mlp', activation: 'relu', method: id },
    readCheckpointAsset,
  );
  model.dispose();
  return manifest.evaluation;
}

/** A session as the worker opens it: every network on its checkpoint, these settings. */
async function openSession(settings: LabSettings): Promise<LabSession> {
  const opened = await openNetworks(setup, readCheckpointAsset);
  for (const id of NETWORK_IDS) expect(opened.sources[id].source).toBe('checkpoint');
  const starts = startPoints(setup, opened.openingWeights, settings.cureStart);
  for (const id of NETWORK_IDS) disposeSnapshot(opened.openingWeights[id]);
  return new LabSession(dataset, opened.models, starts, settings, setup.seed);
}

async function evaluate(
  session: LabSession,
  id: NetworkId,
  settings: LabSettings,
): Promise<Evaluation> {
  return evaluateNetwork(session.model(id), evalSet, probe, {
    attack: paperEvaluationAttack(settings.eps, attackRange(dataset.info)),
    h: settings.h,
    seed: setup.seed,
  });
}

async function train(session: LabSession, id: NetworkId, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    const report = await session.step(id);
    expect(report.pausedBecause, `${id} step ${report.step}`).toBeNull();
  }
}

describe('MNIST checkpoints trained on at the app defaults (wasm)', () => {
  it.each(NETWORK_IDS)(
    `%s continued ${STEPS_CONTINUED} steps keeps its manifest's PGD accuracy`,
    async (id) => {
      const settings = defaultLabSettings('image');
      expect(settings.cureStart).toBe('checkpoint');
      const manifest = await manifestOf(id);
      const session = await openSession(settings);
      try {
        await train(session, id, STEPS_CONTINUED);
        expect(session.stepsTaken(id)).toBe(STEPS_CONTINUED);
        const after = await evaluate(session, id, settings);
        expect(after.pgdAccuracy).toBeGreaterThanOrEqual(manifest.pgd.accuracy - PGD_SLACK);
        expect(after.cleanAccuracy).toBeGreaterThanOrEqual(manifest.cleanAccuracy - CLEAN_SLACK);
      } finally {
        session.dispose();
      }
    },
  );

  it(`CURE reset to fine-tune from standard reaches its manifest's PGD accuracy in ${STEPS_FINETUNE} steps with the derived recipe`, async () => {
    // What choosing "the standard network (fine-tune)" does in the app (the store's setTraining),
    // then CURE's reset button.
    const settings = withCureStart(defaultLabSettings('image'), 'image', 'finetune');
    expect(settings).toMatchObject(cureRecipe('image', 'finetune'));
    expect(settings).toMatchObject({ lrCure: 1e-3, hSchedule: 'ramp' });
    const cure = await manifestOf('cure');
    const standard = await manifestOf('standard');
    const session = await openSession(settings);
    try {
      session.reset('cure');
      const before = await evaluate(session, 'cure', settings);
      // At the reset CURE is the standard network: as clean, as fragile.
      expect(before.pgdAccuracy).toBeLessThan(standard.pgd.accuracy + PGD_SLACK);
      await train(session, 'cure', STEPS_FINETUNE);
      const after = await evaluate(session, 'cure', settings);
      expect(after.pgdAccuracy).toBeGreaterThanOrEqual(cure.pgd.accuracy - PGD_SLACK);
      expect(after.cleanAccuracy).toBeGreaterThanOrEqual(cure.cleanAccuracy - CLEAN_SLACK);
      // And it got there by flattening: its curvature proxy fell by an order of magnitude.
      expect(after.cureDiffNorm).toBeLessThan(before.cureDiffNorm / 10);
    } finally {
      session.dispose();
    }
  });
});
