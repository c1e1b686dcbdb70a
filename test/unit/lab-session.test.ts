import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/core/datasets/registry';
import { DataStream } from '../../src/core/lab/dataStream';
import { buildModelFor } from '../../src/core/lab/models';
import {
  EXPLODED_STEPS,
  LabSession,
  isHealthyPause,
  isUntilPause,
  untilPause,
} from '../../src/core/lab/session';
import { defaultLabSettings } from '../../src/core/lab/settings';
import {
  disposeSnapshot,
  readHostWeights,
  snapshotFromHost,
  snapshotWeights,
  trainableVariables,
} from '../../src/core/models';
import { REFERENCE_BACKEND, useBackend } from '../kit';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names';

useBackend(REFERENCE_BACKEND);

const noFiles = async () => new Uint8Array();

/** Small batches and PGD-2: quick steps. */
const SMALL = {
  ...defaultLabSettings('points'),
  batchStandard: 8,
  batchAdversarial: 8,
  batchCure: 8,
  pgdSteps: 2,
};

async function makeSession(seed = 0, activation: 'tanh' | 'relu' = 'tanh', gamma?: number) {
  const dataset = await DATASETS.moons.load({ seed: 1, readAsset: noFiles });
  const models = {} as Record<NetworkId, tf.LayersModel>;
  for (const id of NETWORK_IDS) models[id] = buildModelFor(dataset.info, 'mlp', activation, 7);
  const startPoints = {
    standard: snapshotWeights(models.standard),
    adversarial: snapshotWeights(models.adversarial),
    cure: snapshotWeights(models.cure),
  };
  const settings = gamma === undefined ? SMALL : { ...SMALL, gamma };
  return new LabSession(dataset, models, startPoints, settings, seed);
}

async function runRound(session: LabSession, steps: number) {
  const order: NetworkId[] = [];
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const id = session.nextNetwork()!;
    order.push(id);
    losses.push((await session.step(id)).metrics.loss);
  }
  return { order, losses };
}

async function weightsOf(session: LabSession, id: NetworkId): Promise<Float32Array[]> {
  return Promise.all(
    session.model(id).weights.map(async (w) => (await w.read().data()) as Float32Array),
  );
}

describe('DataStream', () => {
  it('visits every example once per epoch, in the same seeded order for every reader', () => {
    const a = new DataStream(10, 3);
    const b = new DataStream(10, 3);
    const epochA = [...a.next(4), ...a.next(6)];
    expect([...epochA].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...b.next(10)]).toEqual(epochA);
    expect(a.epoch).toBe(1);
    expect([...new DataStream(10, 4).next(10)]).not.toEqual(epochA);
  });

  it('continues from a position another stream of the same seed reported', () => {
    const a = new DataStream(10, 3);
    a.next(7);
    a.next(7);
    const b = new DataStream(10, 3);
    b.seek(a.position());
    expect(b.position()).toEqual({ epoch: 1, cursor: 4 });
    expect(b.epoch).toBe(a.epoch);
    expect([...b.next(13)]).toEqual([...a.next(13)]);
    expect(() => b.seek({ epoch: 0, cursor: 11 })).toThrow(/beyond 10/);
    expect(() => b.seek({ epoch: -1, cursor: 0 })).toThrow(/invalid stream position/);
  });
});

describe('LabSession', () => {
  it('interleaves fairly: every running network gets the same number of steps', async () => {
    const session = await makeSession();
    const { order } = await runRound(session, 12);
    expect(order.slice(0, 3)).toEqual(['standard', 'adversarial', 'cure']);
    for (const id of NETWORK_IDS) expect(session.stepsTaken(id)).toBe(4);
    session.pause('adversarial', 'Paused.');
    await runRound(session, 4);
    expect(session.stepsTaken('adversarial')).toBe(4);
    expect(session.stepsTaken('standard')).toBe(6);
    expect(session.stepsTaken('cure')).toBe(6);
    session.dispose();
  });

  it('repeats exactly for the same seed on cpu', async () => {
    const first = await makeSession(5);
    const second = await makeSession(5);
    const a = await runRound(first, 9);
    const b = await runRound(second, 9);
    expect(b.losses).toEqual(a.losses);
    expect(await weightsOf(second, 'adversarial')).toEqual(await weightsOf(first, 'adversarial'));
    first.dispose();
    second.dispose();
  });

  it('until=N pauses each network after its N-th step, a healthy pause; no limit clears it', async () => {
    const session = await makeSession();
    session.setUntil(3);
    let steps = 0;
    for (let id = session.nextNetwork(); id !== null; id = session.nextNetwork()) {
      const report = await session.step(id);
      steps++;
      expect(report.pausedBecause).toBe(report.step === 3 ? untilPause(3) : null);
    }
    expect(steps).toBe(9);
    for (const id of NETWORK_IDS) {
      expect(session.stepsTaken(id)).toBe(3);
      expect(session.pausedBecause(id)).toBe('Paused at step 3 (until=3).');
      expect(isUntilPause(session.pausedBecause(id))).toBe(true);
      expect(isHealthyPause(session.pausedBecause(id))).toBe(true);
    }
    expect(isHealthyPause('Step 4: the loss exploded to 1e+4 nats.')).toBe(false);
    // A lower limit pauses a running network already past it at once; none lets them run on.
    session.resume('standard');
    session.setUntil(2);
    expect(session.pausedBecause('standard')).toBe(untilPause(2));
    session.setUntil(null);
    session.resume('standard');
    await session.step('standard');
    expect(session.pausedBecause('standard')).toBeNull();
    session.dispose();
  });

  it('reset restores the start weights bit for bit and replays the same run', async () => {
    const session = await makeSession();
    const before = await weightsOf(session, 'cure');
    const run1 = await runRound(session, 6);
    expect(await weightsOf(session, 'cure')).not.toEqual(before);
    for (const id of NETWORK_IDS) session.reset(id);
    expect(await weightsOf(session, 'cure')).toEqual(before);
    expect(session.stepsTaken('cure')).toBe(0);
    const run2 = await runRound(session, 6);
    expect(run2.losses).toEqual(run1.losses);
    session.dispose();
  });

  it('a NaN in one network pauses only that one, with a message, and changes nothing else', async () => {
    const session = await makeSession();
    await runRound(session, 3);
    const [first] = trainableVariables(session.model('adversarial'));
    const nan = tf.fill(first!.shape, NaN);
    first!.assign(nan);
    nan.dispose();
    const poisoned = await weightsOf(session, 'adversarial');
    const report = await session.step('adversarial');
    expect(report.metrics.finite).toBe(false);
    expect(report.pausedBecause).toMatch(/NaN or infinite.*Lower the learning rate/);
    expect(session.nextNetwork()).not.toBe('adversarial');
    expect(await weightsOf(session, 'adversarial')).toEqual(poisoned);
    await runRound(session, 4);
    expect(session.stepsTaken('standard')).toBe(3);
    expect(session.stepsTaken('cure')).toBe(3);
    expect(session.pausedBecause('standard')).toBeNull();
    session.dispose();
  });

  it('a loss above 10³ for a step or two trains on; three steps in a row pause, naming them', async () => {
    // ReLU: its first CURE step at γ = 10⁶ is far above 10³ nats (tanh's is not).
    const session = await makeSession(0, 'relu', 1e6);
    const calm = SMALL;
    const lossesOf: number[] = [];
    // One spike, then calm: the streak is forgotten.
    let report = await session.step('cure');
    lossesOf.push(report.metrics.loss);
    expect(report.pausedBecause).toBeNull();
    session.setSettings(calm);
    report = await session.step('cure');
    expect(report.metrics.loss).toBeLessThan(1e3);
    expect(report.pausedBecause).toBeNull();
    // Then a blow-up that stays: paused at its third step.
    session.setSettings({ ...calm, gamma: 1e6 });
    for (let i = 0; i < EXPLODED_STEPS; i++) {
      report = await session.step('cure');
      lossesOf.push(report.metrics.loss);
      if (i < EXPLODED_STEPS - 1) expect(report.pausedBecause).toBeNull();
    }
    expect(lossesOf.every((loss) => loss > 1e3)).toBe(true);
    expect(report.pausedBecause).toMatch(
      /^Steps 3–5: the loss exploded, above 1000 nats each step \(last .*\)\. Lower the learning rate or γ/,
    );
    expect(session.nextNetwork()).not.toBe('cure');
    session.reset('cure');
    expect(session.pausedBecause('cure')).toBeNull();
    session.dispose();
  });

  it('continues from a copy off the backend: same weights bit for bit, step and data position', async () => {
    const original = await makeSession(3);
    await runRound(original, 10);
    const before = tf.memory().numTensors;
    const copy = {} as Record<NetworkId, Awaited<ReturnType<typeof readHostWeights>>>;
    for (const id of NETWORK_IDS) copy[id] = await readHostWeights(original.model(id));
    expect(tf.memory().numTensors).toBe(before);
    const continued = await makeSession(3);
    const opened = tf.memory().numTensors;
    for (const id of NETWORK_IDS) {
      const snapshot = snapshotFromHost(copy[id]);
      continued.continueFrom(id, snapshot, original.progressOf(id));
      disposeSnapshot(snapshot);
      expect(await weightsOf(continued, id)).toEqual(await weightsOf(original, id));
      expect(continued.stepsTaken(id)).toBe(original.stepsTaken(id));
      expect(continued.epochOf(id)).toBe(original.epochOf(id));
    }
    expect(tf.memory().numTensors).toBe(opened);
    // The loss of the next step depends only on the weights and the next batch (PGD's random
    // start aside): equal losses mean both sessions go on with the same examples.
    for (const id of ['standard', 'cure'] as const) {
      const next = await original.step(id);
      const resumed = await continued.step(id);
      expect(resumed.step).toBe(next.step);
      expect(resumed.metrics.loss).toBe(next.metrics.loss);
    }
    original.dispose();
    continued.dispose();
  });

  it('keeps the tensor count flat over many steps of all three methods', async () => {
    const session = await makeSession();
    await runRound(session, 6);
    const before = tf.memory().numTensors;
    await runRound(session, 30);
    expect(tf.memory().numTensors).toBe(before);
    session.setSettings({ ...session.currentSettings, gamma: 9, lrCure: 0.002 });
    const report = await session.step('cure');
    expect(report.metrics.method === 'cure' && report.metrics.gamma).toBe(9);
    expect(tf.memory().numTensors).toBe(before);
    session.dispose();
  });
});
