/**
 * Model import into the live lab (issue 17, item 4): `LabSession.replaceNetwork` puts another
 * model in a slot (fresh optimizer, step 0, data from the start, its weights as the reset point;
 * frozen or trained), and the worker's `LabController.importModel` checks files against the open
 * lab's dataset — a refusal changes nothing and the other networks train on; an accepted model
 * replaces the slot, is analyzed (freeze) and kept for a reopening of the same lab. Tensor counts
 * stay flat across imports and replacements.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/core/datasets/registry';
import type { Dataset } from '../../src/core/datasets/types';
import { buildModelFor } from '../../src/core/lab/models';
import { FROZEN_PAUSE, isHealthyPause, USER_PAUSE } from '../../src/core/lab/pauseReasons';
import { LabSession } from '../../src/core/lab/session';
import { defaultLabSettings, type LabSettings } from '../../src/core/lab/settings';
import { serializeModel } from '../../src/core/modelFiles';
import { logitsOf, snapshotWeights } from '../../src/core/models';
import { LabController } from '../../src/worker/lab';
import { OffDeviceCopy } from '../../src/worker/offDeviceCopy';
import type { NetworkDelta } from '../../src/worker/trainingProtocol';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names';
import { maxAbsError, REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

const noFiles = async () => new Uint8Array();
/** No checkpoints: the lab opens on fresh seeded networks. */
const noCheckpoints = async (): Promise<Uint8Array> => {
  throw new Error('no checkpoints in this test');
};

let moons: Dataset;
beforeAll(async () => {
  moons = await DATASETS.moons.load({ seed: 1, readAsset: noFiles });
});

const SETTINGS: LabSettings = {
  ...defaultLabSettings('points'),
  batchStandard: 8,
  batchAdversarial: 8,
  batchCure: 8,
  pgdSteps: 2,
};

/** A Keras-like model for the 2-D sets, unlike the lab's own MLP: 2 → `hidden` (tanh) → 2,
 * with a final softmax. */
function otherModel(hidden: number, seed: number): tf.LayersModel {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: s });
  return tf.sequential({
    name: 'tiny_keras',
    layers: [
      tf.layers.dense({
        inputShape: [2],
        units: hidden,
        activation: 'tanh',
        kernelInitializer: init(seed),
        name: 'dense',
      }),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: init(seed + 1),
        name: 'dense_1',
      }),
    ],
  });
}

/** The model's files, as the user would give them (the model is disposed unless `keep`). */
async function filesOf(model: tf.LayersModel, keep = false): Promise<Map<string, Uint8Array>> {
  const { modelJson, weights } = await serializeModel(model, 'group1-shard1of1.bin');
  if (!keep) model.dispose();
  return new Map([
    ['model.json', modelJson],
    ['group1-shard1of1.bin', weights],
  ]);
}

async function valuesOf(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.weights.map(async (w) => (await w.read().data()) as Float32Array));
}

function makeSession(): LabSession {
  const models = {} as Record<NetworkId, tf.LayersModel>;
  for (const id of NETWORK_IDS) models[id] = buildModelFor(moons.info, 'mlp', 'tanh', 7);
  const starts = {
    standard: snapshotWeights(models.standard),
    adversarial: snapshotWeights(models.adversarial),
    cure: snapshotWeights(models.cure),
  };
  return new LabSession(moons, models, starts, SETTINGS, 0);
}

describe('LabSession.replaceNetwork', () => {
  it('a fine-tuned replacement trains from step 0 and resets to its own weights, bit for bit', async () => {
    const session = makeSession();
    for (let i = 0; i < 6; i++) await session.step(session.nextNetwork()!);
    const replacement = otherModel(5, 11);
    const imported = await valuesOf(replacement);
    session.replaceNetwork('adversarial', replacement, snapshotWeights(replacement), false);
    expect(session.model('adversarial')).toBe(replacement);
    expect(session.stepsTaken('adversarial')).toBe(0);
    expect(session.epochOf('adversarial')).toBe(0);
    expect(session.pausedBecause('adversarial')).toBeNull();
    expect(session.isFrozen('adversarial')).toBe(false);
    // Fewest steps first: the new network is stepped next, and it learns (PGD, its column's method).
    expect(session.nextNetwork()).toBe('adversarial');
    const first = await session.step('adversarial');
    expect(first.step).toBe(1);
    expect(first.metrics.finite).toBe(true);
    await session.step('adversarial');
    expect(await valuesOf(replacement)).not.toEqual(imported);
    session.reset('adversarial');
    expect(await valuesOf(replacement)).toEqual(imported);
    // Data from the start, a fresh optimizer and generator: the same first step again.
    expect((await session.step('adversarial')).metrics.loss).toBe(first.metrics.loss);
    session.dispose();
  });

  it('a frozen replacement is never stepped; pauses, resumes and resets leave it frozen; it stays healthy', async () => {
    const session = makeSession();
    const replacement = otherModel(4, 3);
    const imported = await valuesOf(replacement);
    session.replaceNetwork('cure', replacement, snapshotWeights(replacement), true);
    expect(session.isFrozen('cure')).toBe(true);
    expect(session.pausedBecause('cure')).toBe(FROZEN_PAUSE);
    expect(isHealthyPause(FROZEN_PAUSE)).toBe(true);
    for (let i = 0; i < 6; i++) {
      const id = session.nextNetwork();
      expect(id).not.toBe('cure');
      await session.step(id!);
    }
    session.resume('cure');
    session.setUntil(1);
    expect(session.pausedBecause('cure')).toBe(FROZEN_PAUSE);
    session.setUntil(null);
    session.pause('cure', USER_PAUSE);
    expect(session.pausedBecause('cure')).toBe(USER_PAUSE);
    session.resume('cure');
    expect(session.pausedBecause('cure')).toBe(FROZEN_PAUSE);
    session.reset('cure');
    expect(session.pausedBecause('cure')).toBe(FROZEN_PAUSE);
    for (const id of ['standard', 'adversarial'] as const) session.resume(id);
    expect(session.nextNetwork()).not.toBe('cure');
    expect(session.stepsTaken('cure')).toBe(0);
    expect(await valuesOf(replacement)).toEqual(imported);
    session.dispose();
  });

  it('keeps tf.memory().numTensors flat across replacements (old model, optimizer and start point freed)', async () => {
    const session = makeSession();
    const replace = async (seed: number) => {
      const model = otherModel(6, seed);
      session.replaceNetwork('standard', model, snapshotWeights(model), false);
      for (let i = 0; i < 3; i++) await session.step('standard');
    };
    await replace(1);
    const after = tf.memory().numTensors;
    for (let seed = 2; seed < 5; seed++) {
      await replace(seed);
      expect(tf.memory().numTensors).toBe(after);
    }
    session.dispose();
  });
});

/** A controller on a fresh moons lab; `deltas` collects what it streams. */
async function openLab(seed = 0) {
  const deltas: Record<NetworkId, NetworkDelta>[] = [];
  const offDevice = new OffDeviceCopy();
  const lab = new LabController((_, networks) => deltas.push(networks), offDevice);
  const setup = { dataset: moons, architecture: 'mlp', activation: 'tanh', seed } as const;
  await lab.open(setup, SETTINGS, noCheckpoints);
  return { lab, deltas, offDevice, setup };
}

const stepsOf = (deltas: Record<NetworkId, NetworkDelta>[], id: NetworkId) =>
  deltas.at(-1)![id].step;

describe('LabController.importModel', () => {
  it('refuses bad files naming the fault, leaving the slot and the tensors as they were', async () => {
    const { lab, deltas } = await openLab();
    await lab.control('step', 'all');
    const before = tf.memory().numTensors;
    const good = await filesOf(otherModel(4, 1));
    const nan = new Map(good);
    const weights = good.get('group1-shard1of1.bin')!.slice();
    new DataView(weights.buffer).setFloat32(0, NaN, true);
    nan.set('group1-shard1of1.bin', weights);
    const missing = new Map([['model.json', good.get('model.json')!]]);
    const wrongClasses = await filesOf(
      tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 3, name: 'out' })] }),
    );
    const cases: [Map<string, Uint8Array>, RegExp][] = [
      [nan, /weight 'dense\/kernel' holds a non-finite value \(NaN\)/],
      [missing, /weight file 'group1-shard1of1.bin' is not among the given files/],
      [new Map([['model.json', new Uint8Array([1, 2, 3])]]), /model.json: not valid JSON/],
      [wrongClasses, /outputs 3 values, but the dataset has 2 classes/],
    ];
    for (const [files, fault] of cases) {
      const announced: unknown[] = [];
      const outcome = await lab.importModel('adversarial', files, 'frozen', (o) =>
        announced.push(o),
      );
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.message).toMatch(fault);
      expect(announced).toEqual([]);
      expect(lab.importedSlot('adversarial')).toBeNull();
      expect(tf.memory().numTensors).toBe(before);
    }
    await lab.control('step', 'all');
    expect(stepsOf(deltas, 'adversarial')).toBe(2);
    await lab.close();
  });

  it('imports into a slot: announced before its first delta, analyzed as given, frozen or fine-tuned, flat in tensors', async () => {
    const { lab, deltas } = await openLab();
    await lab.control('step', 'all');
    const source = otherModel(5, 21);
    const files = await filesOf(source, true);
    let announcedAfter = -1;
    const announce = () => (announcedAfter = deltas.length);
    const outcome = await lab.importModel('cure', files, 'frozen', announce);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.origin).toMatchObject({
      id: 'cure',
      source: 'imported',
      continuedAtStep: null,
      imported: {
        name: 'tiny_keras',
        file: 'model.json',
        mode: 'frozen',
        inputRange: [0, 1],
        strippedSoftmax: true,
        parameterCount: 2 * 5 + 5 + 5 * 2 + 2,
      },
    });
    const slot = lab.importedSlot('cure')!;
    expect(slot.mode).toBe('frozen');
    expect([...slot.files.keys()]).toEqual(['model.json', 'group1-shard1of1.bin']);
    expect(slot.info.sha256).toBe(outcome.origin.imported!.sha256);
    // Announced after the old network's last delta, before the new one's first: step 0, frozen.
    expect(deltas[announcedAfter - 1]!.cure.step).toBe(1);
    expect(deltas[announcedAfter]!.cure).toMatchObject({ step: 0, pausedBecause: FROZEN_PAUSE });

    // The panels' frozen copy computes what the imported model computes (logits).
    const snapshot = lab.freeze();
    const x = tf.tensor2d([
      [0.3, -0.2],
      [1.5, 0.4],
    ]);
    const [got, want] = tf.tidy(() => [
      tf.softmax(logitsOf(snapshot.networks.cure.frozen.plan, x)),
      source.predict(x) as tf.Tensor,
    ]);
    expect(maxAbsError(await got!.data(), await want!.data())).toBeLessThan(1e-6);
    tf.dispose([x, got!, want!]);
    for (const id of NETWORK_IDS) snapshot.networks[id].frozen.dispose();
    source.dispose();

    // Frozen: step and play leave it at step 0; the others train.
    await lab.control('step', 'all');
    await lab.control('step', 'all');
    expect(stepsOf(deltas, 'cure')).toBe(0);
    expect(stepsOf(deltas, 'standard')).toBe(3);

    // Fine-tuned into another slot, twice: it trains; the tensor count is the same after each.
    const other = await filesOf(otherModel(5, 31));
    const first = await lab.importModel('standard', other, 'finetune');
    expect(first.ok).toBe(true);
    await lab.control('step', 'all');
    expect(stepsOf(deltas, 'standard')).toBe(1);
    const count = tf.memory().numTensors;
    expect((await lab.importModel('standard', other, 'finetune')).ok).toBe(true);
    await lab.control('step', 'all');
    expect(stepsOf(deltas, 'standard')).toBe(1);
    expect(tf.memory().numTensors).toBe(count);
    await lab.close();
  });

  it('imports while training: the others keep their steps and go on; the slot starts at 0', async () => {
    const { lab, deltas } = await openLab();
    await lab.control('play', 'all');
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await until(() => (deltas.at(-1)?.standard.step ?? 0) >= 3);
    const files = await filesOf(otherModel(3, 5));
    const before = stepsOf(deltas, 'standard');
    let announcedAfter = -1;
    const outcome = await lab.importModel('adversarial', files, 'finetune', () => {
      announcedAfter = deltas.length;
    });
    expect(outcome.ok).toBe(true);
    const next = deltas[announcedAfter]!;
    expect(next.adversarial.step).toBe(0);
    expect(next.standard.step).toBeGreaterThanOrEqual(before);
    await until(() => stepsOf(deltas, 'adversarial') >= 2);
    await until(() => stepsOf(deltas, 'standard') > next.standard.step);
    await lab.control('pause', 'all');
    await lab.close();
  });

  it('the same lab reopened (another backend, a lost device) keeps its imports; another lab drops them', async () => {
    const { lab, setup, offDevice } = await openLab(4);
    const files = await filesOf(otherModel(4, 8));
    expect((await lab.importModel('cure', files, 'finetune')).ok).toBe(true);
    const reopened = await lab.open(setup, { ...SETTINGS, cureStart: 'finetune' }, noCheckpoints);
    const cure = reopened.origins.find((o) => o.id === 'cure')!;
    expect(cure.source).toBe('imported');
    expect(cure.imported?.mode).toBe('finetune');
    expect(lab.importedSlot('cure')).not.toBeNull();
    // Its imported weights stay its reset point whatever CURE's start setting says.
    lab.setSettings({ ...SETTINGS, cureStart: 'scratch' });
    await lab.control('reset', 'cure');
    const snapshot = lab.freeze();
    expect(snapshot.networks.cure.frozen.plan.weights[0]!.shape).toEqual([2, 4]);
    for (const id of NETWORK_IDS) snapshot.networks[id].frozen.dispose();

    // After a lost device the import continues from the copy off the device, as the others do.
    await lab.control('reset', 'all');
    await lab.control('step', 'all');
    await lab.control('step', 'all');
    const copied = lab.freeze();
    const weights = await Promise.all(
      copied.networks.cure.frozen.plan.weights.map(async (w) => Array.from(await w.data())),
    );
    for (const id of NETWORK_IDS) copied.networks[id].frozen.dispose();
    offDevice.markLost();
    await lab.close();
    offDevice.rescue();
    const continued = await lab.open(setup, SETTINGS, noCheckpoints);
    expect(continued.origins.find((o) => o.id === 'cure')).toMatchObject({
      source: 'imported',
      continuedAtStep: 2,
    });
    const now = lab.freeze();
    expect(
      await Promise.all(
        now.networks.cure.frozen.plan.weights.map(async (w) => Array.from(await w.data())),
      ),
    ).toEqual(weights);
    for (const id of NETWORK_IDS) now.networks[id].frozen.dispose();

    const other = await lab.open({ ...setup, seed: 5 }, SETTINGS, noCheckpoints);
    expect(other.origins.map((o) => o.source)).toEqual(['fresh', 'fresh', 'fresh']);
    expect(other.origins.every((o) => o.imported === null)).toBe(true);
    expect(lab.importedSlot('cure')).toBeNull();
    await lab.close();
  });
});
