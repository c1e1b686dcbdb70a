/**
 * The shipped checkpoints (issue 4, item 1; issue 13, item 4): every dataset × build × method
 * folder under public/checkpoints holds a valid manifest that names its folder, a standard tfjs LayersModel that
 * loads both through `loadCheckpoint` and through plain `tf.loadLayersModel`, with the app's
 * architecture, taking inputs in the dataset's units, and scoring on a slice of the test set what its
 * manifest says.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FORMAT,
  checkpointFolder,
  checkpointManifestSchema,
  loadCheckpoint,
  type CheckpointKey,
} from '../../src/core/checkpoints';
import { DATASETS } from '../../src/core/datasets/registry';
import { DATASET_IDS, type Dataset, type DatasetId } from '../../src/core/datasets/types';
import { buildModelFor } from '../../src/core/lab/models';
import { readModelFiles } from '../../src/core/modelFiles';
import { batchFromSplit } from '../../src/core/training';
import { REFERENCE_BACKEND, useBackend } from '../kit';
import { CHECKPOINTS_DIR, readCheckpointAsset, readDataAsset } from '../kit/assets';
import { NETWORK_IDS } from '../../src/core/names';
import { SHIPPED_BUILDS, shipsCheckpoint } from '../../src/core/checkpointCatalog';

/** Test points whose clean accuracy is recomputed (the first ones, as the manifest's). */
const SLICE = 100;

/**
 * How far the accuracy on the first `n` of the manifest's `N` test points may sit from the
 * manifest's accuracy p. Treating the slice as n draws without replacement from the N points, the
 * slice's accuracy has standard deviation σ = √(p(1−p)/n · (N−n)/(N−1)); we allow 4σ (a
 * two-sided miss probability of ~6e-5 for a random slice) plus 1/n for rounding and backend
 * float differences (trained on wasm, checked on cpu), with p(1−p) floored at 0.01 so that a
 * 99–100 % manifest still allows one or two misses. When the slice is the whole set (n = N), only
 * that 1/n of float slack remains.
 */
function accuracyTolerance(p: number, n: number, total: number): number {
  if (n >= total) return 1 / n;
  const variance = (Math.max(p * (1 - p), 0.01) / n) * ((total - n) / (total - 1));
  return 4 * Math.sqrt(variance) + 1 / n;
}

const datasets = new Map<string, Dataset>();
async function datasetOf(id: DatasetId, seed: number): Promise<Dataset> {
  const key = `${id}:${seed}`;
  let dataset = datasets.get(key);
  if (!dataset) {
    dataset = await DATASETS[id].load({ seed, readAsset: readDataAsset });
    datasets.set(key, dataset);
  }
  return dataset;
}

useBackend(REFERENCE_BACKEND);

const SHIPPED: CheckpointKey[] = DATASET_IDS.flatMap((dataset) =>
  SHIPPED_BUILDS[dataset].flatMap((build) =>
    NETWORK_IDS.map((method) => ({ dataset, ...build, method })),
  ),
);

it('the catalog says which builds open trained (2-D toy sets: the MLP, whatever is picked)', () => {
  expect(shipsCheckpoint('mnist', 'mlp', 'relu')).toBe(true);
  expect(shipsCheckpoint('moons', 'mlp', 'relu')).toBe(true);
  expect(shipsCheckpoint('moons', 'cnn', 'relu')).toBe(true);
  // Builds whose retrain did not show the effect are not listed: they open untrained.
  expect(shipsCheckpoint('spirals', 'mlp', 'tanh')).toBe(false);
  expect(shipsCheckpoint('circles', 'mlp', 'gelu')).toBe(false);
  for (const dataset of DATASET_IDS) {
    for (const { architecture, activation } of SHIPPED_BUILDS[dataset]) {
      expect(shipsCheckpoint(dataset, architecture, activation)).toBe(true);
    }
  }
});

it('a checkpoint ships for every dataset, build and method listed, and nothing else', async () => {
  const found: string[] = [];
  for (const dataset of await readdir(CHECKPOINTS_DIR)) {
    for (const build of await readdir(join(CHECKPOINTS_DIR, dataset))) {
      for (const method of await readdir(join(CHECKPOINTS_DIR, dataset, build)))
        found.push(`${dataset}/${build}/${method}`);
    }
  }
  expect(found.sort()).toEqual(SHIPPED.map(checkpointFolder).sort());
});

describe.each(SHIPPED)('$dataset/$architecture-$activation/$method', (key) => {
  const { dataset: id, method } = key;
  it('manifest validates and names its folder; model loads both ways, fits the app, scores as stated', async () => {
    const before = tf.memory().numTensors;
    const folder = checkpointFolder(key);
    const rawManifest = JSON.parse(
      new TextDecoder().decode(await readCheckpointAsset(`${folder}/manifest.json`)),
    );
    const manifest = checkpointManifestSchema.parse(rawManifest);
    expect(manifest.format).toBe(CHECKPOINT_FORMAT);
    expect(manifest.dataset).toBe(id);
    expect(manifest.method).toBe(method);
    expect(manifest.architecture).toBe(key.architecture);
    expect(manifest.activation).toBe(key.activation);
    expect(manifest.evaluation.probePoints).toBeGreaterThanOrEqual(100);

    // The app's path.
    const loaded = await loadCheckpoint(key, readCheckpointAsset);
    expect(loaded.manifest).toEqual(manifest);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Anyone's path: the standard tfjs loader on the same bytes.
    const { artifacts } = await readModelFiles(
      await readCheckpointAsset(`${folder}/model.json`),
      `${folder}/model.json`,
      (path) => readCheckpointAsset(`${folder}/${path}`),
    );
    const plain = await tf.loadLayersModel(tf.io.fromMemory(artifacts));

    const dataset = await datasetOf(id, manifest.seed);
    const { info } = dataset;
    const fresh = buildModelFor(info, key.architecture, key.activation, manifest.seed);
    try {
      for (const model of [loaded.model, plain]) {
        expect(model.countParams()).toBe(fresh.countParams());
        expect(model.inputs[0]!.shape).toEqual([null, ...info.inputShape]);
        expect(model.outputs[0]!.shape).toEqual([null, info.classNames.length]);
      }

      const n = Math.min(SLICE, manifest.evaluation.testPoints);
      const slice = batchFromSplit(
        dataset.test,
        info.inputShape,
        Array.from({ length: n }, (_, i) => i),
      );
      const [lo, hi] = info.inputRange;
      const range = tf.tidy(() => [tf.min(slice.x), tf.max(slice.x)] as const);
      expect((await range[0].data())[0]).toBeGreaterThanOrEqual(lo);
      expect((await range[1].data())[0]).toBeLessThanOrEqual(hi);
      const accuracies: number[] = [];
      for (const model of [loaded.model, plain]) {
        const correct = tf.tidy(() => {
          const logits = model.predict(slice.x) as tf.Tensor;
          expect(logits.shape).toEqual([n, info.classNames.length]);
          return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), slice.y), 'int32'));
        });
        accuracies.push((await correct.data())[0]! / n);
        correct.dispose();
      }
      tf.dispose([slice.x, slice.y, ...range]);
      // Both loaders give the same network.
      expect(accuracies[1]).toBe(accuracies[0]);
      const p = manifest.evaluation.cleanAccuracy;
      const tolerance = accuracyTolerance(p, n, manifest.evaluation.testPoints);
      expect(Math.abs(accuracies[0]! - p)).toBeLessThanOrEqual(tolerance);
    } finally {
      loaded.model.dispose();
      plain.dispose();
      fresh.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
