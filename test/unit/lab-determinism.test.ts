/**
 * A pinned link (`until=N`) promises bit-identical weights from the same seed on the same
 * backend: the initial weights, the data order, PGD's random starts and Adam all follow from the
 * seed, and the order in which the three networks are interleaved does not matter (each has its
 * own generator and data stream). Compared bit for bit (as uint32 words), on cpu and wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { DATASETS } from '../../src/core/datasets/registry';
import { buildModelFor } from '../../src/core/lab/models';
import { LabSession } from '../../src/core/lab/session';
import { defaultLabSettings } from '../../src/core/lab/settings';
import { snapshotWeights } from '../../src/core/models';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names';
import { NODE_BACKENDS, describeOnBackends } from '../kit';

const noFiles = async () => new Uint8Array();
const STEPS = 4;

/** A lab on moons whose networks are built fresh from `seed` (as the app does without a checkpoint). */
async function makeSession(seed: number): Promise<LabSession> {
  const dataset = await DATASETS.moons.load({ seed: 1, readAsset: noFiles });
  const models = {} as Record<NetworkId, tf.LayersModel>;
  for (const id of NETWORK_IDS) models[id] = buildModelFor(dataset.info, 'mlp', 'relu', seed);
  const startPoints = {
    standard: snapshotWeights(models.standard),
    adversarial: snapshotWeights(models.adversarial),
    cure: snapshotWeights(models.cure),
  };
  const settings = {
    ...defaultLabSettings('points'),
    batchStandard: 16,
    batchAdversarial: 16,
    batchCure: 16,
    pgdSteps: 3,
  };
  return new LabSession(dataset, models, startPoints, settings, seed);
}

/** Each network's weights as raw 32-bit words, in model order. */
async function bitsOf(session: LabSession, id: NetworkId): Promise<Uint32Array[]> {
  return Promise.all(
    session.model(id).weights.map(async (w) => {
      const values = (await w.read().data()) as Float32Array;
      return new Uint32Array(values.buffer, values.byteOffset, values.length).slice();
    }),
  );
}

/** The app's order: the running network with the fewest steps, until all have `STEPS`. */
async function trainInterleaved(session: LabSession): Promise<void> {
  for (let i = 0; i < STEPS * NETWORK_IDS.length; i++) await session.step(session.nextNetwork()!);
}

/** Another order: CURE first, then PGD, then standard, each to `STEPS` in one go. */
async function trainOneAfterAnother(session: LabSession): Promise<void> {
  for (const id of [...NETWORK_IDS].reverse()) {
    for (let i = 0; i < STEPS; i++) await session.step(id);
  }
}

describeOnBackends('training from a seed', NODE_BACKENDS, () => {
  it('gives bit-identical weights for every method, whatever the interleaving', async () => {
    const first = await makeSession(11);
    const second = await makeSession(11);
    await trainInterleaved(first);
    await trainOneAfterAnother(second);
    for (const id of NETWORK_IDS) {
      expect(second.stepsTaken(id)).toBe(STEPS);
      expect(second.pausedBecause(id), id).toBeNull();
      expect(await bitsOf(second, id), id).toEqual(await bitsOf(first, id));
    }
    first.dispose();
    second.dispose();
  });

  it('gives different weights from another seed', async () => {
    const first = await makeSession(11);
    const other = await makeSession(12);
    await trainInterleaved(first);
    await trainInterleaved(other);
    for (const id of NETWORK_IDS) {
      expect(await bitsOf(other, id), id).not.toEqual(await bitsOf(first, id));
    }
    first.dispose();
    other.dispose();
  });

  it('draws the data order and PGD random starts from the seed, not from the initial weights', async () => {
    // The same initial weights (seed 11) with the session seeded 11 or 12: only the data order and
    // the attack's random starts differ, and that alone must change the trained weights.
    const dataset = await DATASETS.moons.load({ seed: 1, readAsset: noFiles });
    const runWith = async (sessionSeed: number) => {
      const models = {} as Record<NetworkId, tf.LayersModel>;
      for (const id of NETWORK_IDS) models[id] = buildModelFor(dataset.info, 'mlp', 'relu', 11);
      const starts = {
        standard: snapshotWeights(models.standard),
        adversarial: snapshotWeights(models.adversarial),
        cure: snapshotWeights(models.cure),
      };
      const settings = { ...defaultLabSettings('points'), pgdSteps: 3 };
      const session = new LabSession(dataset, models, starts, settings, sessionSeed);
      await trainInterleaved(session);
      const bits = await Promise.all(NETWORK_IDS.map((id) => bitsOf(session, id)));
      session.dispose();
      return bits;
    };
    const a = await runWith(11);
    const b = await runWith(11);
    const c = await runWith(12);
    expect(b).toEqual(a);
    for (let i = 0; i < NETWORK_IDS.length; i++) expect(c[i]).not.toEqual(a[i]);
  });
});
