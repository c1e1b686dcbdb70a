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
import { disposeSnapshot, snapshotWeights } from '../../src/core/models';
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
    continueSavedLab(continued, stored);
    // The optimizers now hold the restored moments; continuing again replaces them, owning all.
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

  it('continues exactly: the next steps give the same losses and the same weights bit for bit', async () => {
    // Adam's moments, its β powers and the attacks' generator are part of the copy: without any
    // of them the continued steps would differ from the original's.
    const original = makeSession(7);
    await train(original, 30);
    const saved = structuredClone(savedLab(identity(), true, await readNetworks(original)));
    for (const id of NETWORK_IDS) {
      const adam = saved.networks[id].trainer.adam!;
      expect(adam.iterations).toBe(original.stepsTaken(id));
      expect(adam.moments.length).toBe(original.model(id).trainableWeights.length);
    }
    const continued = makeSession(8);
    continueSavedLab(continued, saved);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 9; i++) {
      const id = original.nextNetwork()!;
      expect(continued.nextNetwork()).toBe(id);
      const a = await original.step(id);
      const b = await continued.step(id);
      expect(b.step).toBe(a.step);
      expect(Object.is(b.metrics.loss, a.metrics.loss)).toBe(true);
    }
    for (const id of NETWORK_IDS) {
      expect(await weightsOf(continued, id)).toEqual(await weightsOf(original, id));
    }
    expect(tf.memory().numTensors).toBe(before);

    // Without the trainer state (what a copy made before this version held), the steps differ.
    const fresh = makeSession(8);
    const { networks } = saved;
    const bare = Object.fromEntries(
      NETWORK_IDS.map((id) => [id, { ...networks[id], trainer: { adam: null, rng: null } }]),
    ) as typeof networks;
    continueSavedLab(fresh, { ...saved, networks: bare });
    const twin = makeSession(8);
    continueSavedLab(twin, saved);
    await fresh.step('adversarial');
    await twin.step('adversarial');
    expect(await weightsOf(fresh, 'adversarial')).not.toEqual(await weightsOf(twin, 'adversarial'));
    for (const s of [original, continued, fresh, twin]) s.dispose();
  });

  it('refuses optimizer state that does not fit the network, changing nothing', async () => {
    const original = makeSession(7);
    await train(original, 6);
    const saved = await readNetworks(original);
    const target = makeSession(8);
    const weightsBefore = await weightsOf(target, 'cure');
    const adam = saved.cure.trainer.adam!;
    const short = { ...adam, moments: adam.moments.slice(1) };
    const weights = snapshotWeights(original.model('cure'));
    expect(() =>
      target.continueFrom('cure', weights, saved.cure.progress, { adam: short, rng: null }),
    ).toThrow(/moments for/);
    disposeSnapshot(weights);
    expect(await weightsOf(target, 'cure')).toEqual(weightsBefore);
    expect(target.stepsTaken('cure')).toBe(0);
    original.dispose();
    target.dispose();
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
