/**
 * Every shipped demo shows the paper's effect (issue 13, item 4): for every dataset and shipped
 * build, the standard network's checkpoint is measured (in its manifest, on the test points at the
 * dataset's default ε) less robust and more curved than the adversarial and the CURE network's.
 * A retrain that loses the effect fails here. And a live evaluation of one toy set's checkpoints,
 * on the app's core, agrees with their manifests.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { paperEvaluationAttack } from '../../src/core/attacks';
import {
  checkpointFolder,
  loadCheckpoint,
  readCheckpointManifest,
  type CheckpointKey,
  type CheckpointManifest,
} from '../../src/core/checkpoints';
import { DATASETS } from '../../src/core/datasets/registry';
import { attackRange, DATASET_IDS, type DatasetId } from '../../src/core/datasets/types';
import { evaluateNetwork } from '../../src/core/lab/evaluate';
import { defaultLabSettingsFor } from '../../src/core/lab/settings';
import {
  ARCHITECTURES,
  HIDDEN_ACTIVATIONS,
  NETWORK_IDS,
  type NetworkId,
} from '../../src/core/names';
import { batchFromSplit } from '../../src/core/training';
import { REFERENCE_BACKEND, useBackend } from '../kit';
import { readCheckpointAsset } from '../kit/assets';

useBackend(REFERENCE_BACKEND);

/** The manifests of one dataset's shipped builds, three networks each (absent builds skipped). */
async function shippedBuilds(dataset: DatasetId) {
  const builds: { build: string; manifests: Record<NetworkId, CheckpointManifest> }[] = [];
  for (const architecture of ARCHITECTURES) {
    for (const activation of HIDDEN_ACTIVATIONS) {
      const manifests = {} as Record<NetworkId, CheckpointManifest>;
      try {
        for (const method of NETWORK_IDS) {
          const key: CheckpointKey = { dataset, architecture, activation, method };
          manifests[method] = await readCheckpointManifest(
            checkpointFolder(key),
            readCheckpointAsset,
          );
        }
      } catch {
        continue;
      }
      builds.push({ build: `${architecture}-${activation}`, manifests });
    }
  }
  return builds;
}

describe.each(DATASET_IDS)('%s', (dataset) => {
  it('standard is less robust and more curved than adversarial and CURE, at the default ε', async () => {
    const builds = await shippedBuilds(dataset);
    expect(builds.map((b) => b.build)).toContain('mlp-relu');
    const eps = defaultLabSettingsFor(DATASETS[dataset].info).eps;
    for (const { build, manifests } of builds) {
      const e = (id: NetworkId) => manifests[id].evaluation;
      for (const id of NETWORK_IDS) expect(e(id).pgd.eps, `${build} ${id}: ε`).toBe(eps);
      for (const robust of ['adversarial', 'cure'] as const) {
        const what = `${build}: standard vs ${robust}`;
        expect(e('standard').pgd.accuracy, `${what}, PGD accuracy`).toBeLessThan(
          e(robust).pgd.accuracy,
        );
        expect(e('standard').meanTopEigenvalue, `${what}, λmax`).toBeGreaterThan(
          e(robust).meanTopEigenvalue,
        );
        expect(e('standard').meanCureValue, `${what}, CURE value`).toBeGreaterThan(
          e(robust).meanCureValue,
        );
      }
    }
  });
});

it('a live evaluation of the moons checkpoints agrees with their manifests (and shows the effect)', async () => {
  const dataset = await DATASETS.moons.load({ seed: 0, readAsset: readCheckpointAsset });
  const settings = defaultLabSettingsFor(dataset.info);
  const live = {} as Record<NetworkId, { pgd: number; lambda: number; clean: number }>;
  for (const method of NETWORK_IDS) {
    const key = { dataset: 'moons', architecture: 'mlp', activation: 'relu', method } as const;
    const { model, manifest } = await loadCheckpoint(key, readCheckpointAsset);
    const e = manifest.evaluation;
    expect(manifest.seed).toBe(0);
    const points = (n: number) =>
      batchFromSplit(
        dataset.test,
        dataset.info.inputShape,
        Array.from({ length: n }, (_, i) => i),
      );
    const testSet = points(e.testPoints);
    const probe = points(e.probePoints);
    try {
      const measured = await evaluateNetwork(model, testSet, probe, {
        attack: paperEvaluationAttack(settings.eps, attackRange(dataset.info)),
        h: e.cureH,
        seed: 0,
        lanczosIterations: 30,
      });
      live[method] = {
        pgd: measured.pgdAccuracy,
        lambda: measured.topEigenvalue,
        clean: measured.cleanAccuracy,
      };
      // Same points, weights and attack as the manifest (trained on wasm, evaluated here on cpu):
      // clean accuracy exactly, PGD within a few points (random starts), λmax within a few %.
      expect(measured.cleanAccuracy, method).toBeCloseTo(e.cleanAccuracy, 5);
      expect(Math.abs(measured.pgdAccuracy - e.pgd.accuracy), method).toBeLessThanOrEqual(0.03);
      expect(Math.abs(measured.topEigenvalue / e.meanTopEigenvalue - 1), method).toBeLessThan(0.05);
    } finally {
      model.dispose();
      tf.dispose([testSet.x, testSet.y, probe.x, probe.y]);
    }
  }
  for (const robust of ['adversarial', 'cure'] as const) {
    expect(live.standard.pgd).toBeLessThan(live[robust].pgd);
    expect(live.standard.lambda).toBeGreaterThan(live[robust].lambda);
  }
});
