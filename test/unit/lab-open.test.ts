/**
 * Opening a lab's networks (src/core/lab/openNetworks.ts) on the shipped checkpoints read from
 * disk: each network holds its checkpoint's weights bit for bit and reports its manifest; without
 * a matching checkpoint it holds fresh seeded weights; CURE's reset point follows `cureStart`;
 * and nothing leaks.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkpointFolder,
  loadCheckpoint,
  readCheckpointManifest,
} from '../../src/core/checkpoints';
import { DATASETS } from '../../src/core/datasets/registry';
import type { AssetReader, Dataset } from '../../src/core/datasets/types';
import { buildModelFor } from '../../src/core/lab/models';
import {
  cureStartPoint,
  disposeOpened,
  openNetworks,
  startPoints,
  type LabSetup,
} from '../../src/core/lab/openNetworks';
import { disposeSnapshot, type WeightSnapshot } from '../../src/core/models';
import { NETWORK_IDS } from '../../src/core/names';

const readCheckpointAsset = async (path: string) =>
  new Uint8Array(await readFile(join('public/checkpoints', path)));
const noFiles = async () => new Uint8Array();

let moons: Dataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
  moons = await DATASETS.moons.load({ seed: 1, readAsset: noFiles });
});

/** The shipped moons checkpoints are MLPs with ReLU. */
const shippedSetup = (): LabSetup => ({
  dataset: moons,
  architecture: 'mlp',
  activation: 'relu',
  seed: 3,
});

async function valuesOf(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array));
}
const modelValues = (model: tf.LayersModel) => valuesOf(model.weights.map((w) => w.read()));
const snapshotValues = (snapshot: WeightSnapshot) => valuesOf(snapshot.tensors);

describe('openNetworks', () => {
  it('opens each network on its checkpoint, bit for bit, with its manifest numbers', async () => {
    const opened = await openNetworks(shippedSetup(), readCheckpointAsset);
    for (const id of NETWORK_IDS) {
      const key = {
        dataset: 'moons',
        architecture: 'mlp',
        activation: 'relu',
        method: id,
      } as const;
      const reference = await loadCheckpoint(key, readCheckpointAsset);
      const manifest = await readCheckpointManifest(checkpointFolder(key), readCheckpointAsset);
      expect(opened.sources[id]).toEqual({
        id,
        source: 'checkpoint',
        sha256: reference.sha256,
        cleanAccuracy: manifest.evaluation.cleanAccuracy,
        pgdAccuracy: manifest.evaluation.pgd.accuracy,
        topEigenvalue: manifest.evaluation.meanTopEigenvalue,
        measuredAt: {
          eps: manifest.evaluation.pgd.eps,
          norm: manifest.evaluation.pgd.norm,
          pgdSteps: manifest.evaluation.pgd.steps,
          h: manifest.evaluation.cureH,
          testPoints: manifest.evaluation.testPoints,
          probePoints: manifest.evaluation.probePoints,
        },
        parameters: reference.model.countParams(),
      });
      expect(opened.sources[id].sha256).toMatch(/^[0-9a-f]{64}$/);
      const expected = await modelValues(reference.model);
      expect(await modelValues(opened.models[id])).toEqual(expected);
      expect(await snapshotValues(opened.openingWeights[id])).toEqual(expected);
      reference.model.dispose();
    }
    disposeOpened(opened);
  });

  it('2-D toy sets always open the MLP checkpoints, whatever architecture is asked', async () => {
    const opened = await openNetworks(
      { ...shippedSetup(), architecture: 'cnn' },
      readCheckpointAsset,
    );
    for (const id of NETWORK_IDS) expect(opened.sources[id].source).toBe('checkpoint');
    disposeOpened(opened);
  });

  it('falls back to fresh seeded weights when no checkpoint matches (activation, or none at all)', async () => {
    // Only the ReLU build on offer (moons ships the others too): a tanh lab finds none.
    const reluOnly: AssetReader = (path) =>
      path.includes('/mlp-relu/') ? readCheckpointAsset(path) : noFiles();
    const cases: [LabSetup, AssetReader][] = [
      [{ ...shippedSetup(), activation: 'tanh' }, reluOnly],
      [shippedSetup(), noFiles],
    ];
    for (const [setup, reader] of cases) {
      const opened = await openNetworks(setup, reader);
      const reference = buildModelFor(moons.info, 'mlp', setup.activation, setup.seed);
      for (const id of NETWORK_IDS) {
        expect(opened.sources[id]).toEqual({
          id,
          source: 'fresh',
          sha256: null,
          cleanAccuracy: null,
          pgdAccuracy: null,
          topEigenvalue: null,
          measuredAt: null,
          parameters: reference.countParams(),
        });
        expect(await modelValues(opened.models[id])).toEqual(await modelValues(reference));
      }
      reference.dispose();
      disposeOpened(opened);
    }
  });

  it("CURE's reset point follows cureStart; start points are copies the session may own", async () => {
    const setup = shippedSetup();
    const opened = await openNetworks(setup, readCheckpointAsset);
    const { openingWeights } = opened;
    const fresh = buildModelFor(moons.info, 'mlp', 'relu', setup.seed);
    const expected = {
      finetune: await snapshotValues(openingWeights.standard),
      checkpoint: await snapshotValues(openingWeights.cure),
      scratch: await modelValues(fresh),
    };
    fresh.dispose();
    expect(expected.finetune).not.toEqual(expected.checkpoint);
    for (const cureStart of ['finetune', 'checkpoint', 'scratch'] as const) {
      const before = tf.memory().numTensors;
      const start = cureStartPoint(setup, openingWeights, cureStart);
      expect(await snapshotValues(start)).toEqual(expected[cureStart]);
      disposeSnapshot(start);
      const points = startPoints(setup, openingWeights, cureStart);
      expect(await snapshotValues(points.standard)).toEqual(expected.finetune);
      expect(await snapshotValues(points.adversarial)).toEqual(
        await snapshotValues(openingWeights.adversarial),
      );
      expect(await snapshotValues(points.cure)).toEqual(expected[cureStart]);
      for (const id of NETWORK_IDS) disposeSnapshot(points[id]);
      expect(tf.memory().numTensors).toBe(before);
    }
    // Disposing the copies left the opening weights intact.
    expect(await snapshotValues(openingWeights.standard)).toEqual(expected.finetune);
    disposeOpened(opened);
  });

  it('keeps the tensor count flat: opening and disposing leaves nothing behind', async () => {
    disposeOpened(await openNetworks(shippedSetup(), readCheckpointAsset));
    const before = tf.memory().numTensors;
    for (const reader of [readCheckpointAsset, noFiles]) {
      disposeOpened(await openNetworks(shippedSetup(), reader));
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
