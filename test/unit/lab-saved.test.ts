/**
 * The lab's copy off the backend (src/core/lab/savedLab.ts) and its keeper in the worker
 * (src/worker/offDeviceCopy.ts): take → restore gives the same weights bit for bit, the same
 * steps and data positions; the copy is plain data (it survives structuredClone); after a lost
 * device no new copy is taken, and only the same lab continues the rescued one.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/core/datasets/registry';
import type { Dataset } from '../../src/core/datasets/types';
import { buildModelFor } from '../../src/core/lab/models';
import {
  continueSavedLab,
  labIdentity,
  readNetworks,
  savedLab,
  savedSteps,
  SAVED_LAB_VERSION,
} from '../../src/core/lab/savedLab';
import { LabSession } from '../../src/core/lab/session';
import { defaultLabSettings } from '../../src/core/lab/settings';
import { snapshotWeights } from '../../src/core/models';
import { OffDeviceCopy } from '../../src/worker/offDeviceCopy';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names';

const noFiles = async () => new Uint8Array();
let moons: Dataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
  moons = await DATASETS.moons.load({ seed: 1, readAsset: noFiles });
});

/** A session on fresh networks built from `modelSeed` (data order from seed 0). */
function makeSession(modelSeed: number): LabSession {
  const models = {} as Record<NetworkId, tf.LayersModel>;
  for (const id of NETWORK_IDS) models[id] = buildModelFor(moons.info, 'mlp', 'tanh', modelSeed);
  const starts = {
    standard: snapshotWeights(models.standard),
    adversarial: snapshotWeights(models.adversarial),
    cure: snapshotWeights(models.cure),
  };
  const settings = {
    ...defaultLabSettings('points'),
    batchStandard: 8,
    batchAdversarial: 16,
    batchCure: 8,
    pgdSteps: 2,
  };
  return new LabSession(moons, models, starts, settings, 0);
}

async function train(session: LabSession, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await session.step(session.nextNetwork()!);
}

async function weightsOf(session: LabSession, id: NetworkId): Promise<Float32Array[]> {
  return Promise.all(
    session.model(id).weights.map(async (w) => (await w.read().data()) as Float32Array),
  );
}

const identity = () =>
  labIdentity({ dataset: moons, architecture: 'mlp', activation: 'tanh', seed: 0 });

describe('savedLab', () => {
  it('take → restore: same weights bit for bit, same steps and data positions', async () => {
    const original = makeSession(7);
    await train(original, 40);
    const saved = savedLab(identity(), true, await readNetworks(original));
    expect(saved.version).toBe(SAVED_LAB_VERSION);
    expect(savedSteps(saved)).toEqual({
      standard: original.stepsTaken('standard'),
      adversarial: original.stepsTaken('adversarial'),
      cure: original.stepsTaken('cure'),
    });
    // Plain data: what sessions and autosave would store comes back the same.
    const stored = structuredClone(saved);
    expect(stored).toEqual(saved);

    const continued = makeSession(8); // other weights, step 0
    const before = tf.memory().numTensors;
    continueSavedLab(continued, stored);
    expect(tf.memory().numTensors).toBe(before);
    for (const id of NETWORK_IDS) {
      expect(await weightsOf(continued, id)).toEqual(await weightsOf(original, id));
      expect(continued.stepsTaken(id)).toBe(original.stepsTaken(id));
      expect(continued.progressOf(id)).toEqual(original.progressOf(id));
      expect(continued.pausedBecause(id)).toBeNull();
    }
    // Restoring took nothing from the copy: it can be restored again.
    expect(stored).toEqual(saved);
    original.dispose();
    continued.dispose();
  });

  it('names a lab by dataset, architecture, activation and seed', () => {
    const base = { dataset: moons, architecture: 'mlp', activation: 'tanh', seed: 0 } as const;
    expect(labIdentity(base)).toBe(identity());
    expect(labIdentity({ ...base, seed: 1 })).not.toBe(identity());
    expect(labIdentity({ ...base, activation: 'relu' })).not.toBe(identity());
    expect(labIdentity({ ...base, architecture: 'cnn' })).not.toBe(identity());
  });
});

describe('OffDeviceCopy', () => {
  it('keeps the last copy made before the device was lost and gives it to the same lab only', async () => {
    const session = makeSession(7);
    const copy = new OffDeviceCopy();
    copy.opening();
    copy.opened(null);
    expect(copy.markLost()).toBeNull();
    copy.opening(); // a new lab: its backend is not lost
    copy.opened(null);
    await train(session, 6);
    await copy.save(
      session,
      identity(),
      () => false,
      () => true,
    );
    const steps = { standard: 2, adversarial: 2, cure: 2 };
    await train(session, 3);
    // A copy whose lab changed while it was read is dropped.
    await copy.save(
      session,
      identity(),
      () => true,
      () => false,
    );
    expect(copy.markLost()).toEqual(steps);
    // Lost: nothing read now is trusted.
    await copy.save(
      session,
      identity(),
      () => true,
      () => true,
    );
    expect(copy.markLost()).toEqual(steps);
    copy.rescue();
    expect(copy.takeRescued('another lab')).toBeNull();
    expect(copy.takeRescued(identity())).toBeNull(); // given up by the call before

    copy.opening();
    copy.opened(null);
    await copy.save(
      session,
      identity(),
      () => true,
      () => true,
    );
    copy.markLost();
    copy.rescue();
    const rescued = copy.takeRescued(identity());
    expect(rescued && savedSteps(rescued)).toEqual({ standard: 3, adversarial: 3, cure: 3 });
    expect(rescued?.running).toBe(true);
    expect(copy.takeRescued(identity())).toBeNull();
    session.dispose();
  });
});
