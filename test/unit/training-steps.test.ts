/**
 * Training steps in node on cpu: seeded runs repeat exactly, one interface dispatches every
 * method, non-finite weights are reported, the h schedule, and batches from dataset splits.
 * (Loss decrease, flat tensor counts and NaN inputs run on every backend: test/suites.)
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { twoMoons } from '../../src/core/datasets/toy';
import { copyWeights, trainableVariables } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import {
  batchFromSplit,
  fgsmRsAttack,
  hAt,
  paperHRamp,
  trainStep,
  TRAINING_METHODS,
  TRAINING_STEPS,
  type StepMetrics,
} from '../../src/core/training';
import { TOY_METHODS } from '../suites/training';
import { moonsBatch, toyModel } from '../suites/trainingKit';
import { REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

/** Runs `steps` steps from a fresh seeded model; returns metrics (ms dropped) and weights. */
async function seededRun(settingsIndex: number, steps: number) {
  const model = toyModel(101, 'gelu');
  const batch = moonsBatch(32, 102);
  const target = { model, optimizer: tf.train.adam(0.05), rng: createRng(103) };
  const metrics: Omit<StepMetrics, 'ms'>[] = [];
  for (let i = 0; i < steps; i++) {
    const { ms: _ms, ...rest } = await trainStep(target, batch, TOY_METHODS[settingsIndex]!);
    metrics.push(rest);
  }
  const weights = trainableVariables(model).map((v) => Array.from(v.dataSync()));
  target.optimizer.dispose();
  tf.dispose([batch.x, batch.y]);
  model.dispose();
  return { metrics, weights };
}

describe('training steps', () => {
  it.each(TOY_METHODS.map((s, i) => [s.method, i] as const))(
    '%s: a seeded run repeats exactly on cpu',
    async (_name, index) => {
      const a = await seededRun(index, 6);
      const b = await seededRun(index, 6);
      expect(b.metrics).toEqual(a.metrics); // bit for bit, random starts included
      expect(b.weights).toEqual(a.weights);
    },
  );

  it('20 steps of every method, interleaved, leave the tensor count flat', async () => {
    const batch = moonsBatch(32, 141);
    const targets = TOY_METHODS.map((settings, i) => ({
      settings,
      target: { model: toyModel(142 + i), optimizer: tf.train.adam(0.01), rng: createRng(i) },
    }));
    // The first step of each creates its optimizer's slots (kept until the optimizer is freed).
    for (const { target, settings } of targets) await trainStep(target, batch, settings);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 20; step++) {
      for (const { target, settings } of targets) await trainStep(target, batch, settings);
      expect(tf.memory().numTensors).toBe(before);
    }
    for (const { target } of targets) {
      target.optimizer.dispose();
      target.model.dispose();
    }
    tf.dispose([batch.x, batch.y]);
  });

  it('one interface: TRAINING_STEPS has a step for every method, trainStep dispatches', () => {
    expect(Object.keys(TRAINING_STEPS).sort()).toEqual([...TRAINING_METHODS].sort());
    expect(TOY_METHODS.map((s) => s.method).sort()).toEqual([...TRAINING_METHODS].sort());
  });

  it('reports non-finite weights (NaN, ±Inf) and leaves them alone', async () => {
    const model = toyModel(111);
    const batch = moonsBatch(8, 112);
    const target = { model, optimizer: tf.train.sgd(0.1), rng: createRng(113) };
    const variable = trainableVariables(model)[0]!;
    for (const bad of [NaN, Infinity]) {
      const filled = tf.fill(variable.shape, bad);
      variable.assign(filled);
      filled.dispose();
      for (const settings of TOY_METHODS) {
        const m = await trainStep(target, batch, settings);
        expect([m.finite, m.applied]).toEqual([false, false]);
      }
    }
    target.optimizer.dispose();
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('CURE fine-tuned from a standard network starts from its exact weights (copyWeights)', async () => {
    const standard = toyModel(121);
    const cure = toyModel(122);
    copyWeights(standard, cure);
    const values = (m: tf.LayersModel) =>
      trainableVariables(m).map((v) => Array.from(v.dataSync()));
    expect(values(cure)).toEqual(values(standard));
    standard.dispose();
    cure.dispose();
  });

  it('FGSM-RS trains on ℓ∞ PGD-1 with a random start and step α', () => {
    expect(fgsmRsAttack({ epsilon: 0.1, stepSize: 0.125, range: [0, 1] })).toEqual({
      norm: 'linf',
      epsilon: 0.1,
      steps: 1,
      stepSize: 0.125,
      randomStart: true,
      range: [0, 1],
    });
  });
});

describe('h schedule', () => {
  it("per-epoch: the paper's ramp rescaled, holding the last value", () => {
    const schedule = paperHRamp(1.5, 10); // final h 1.5, 10 steps per epoch
    const perEpoch = [0, 10, 20, 30, 40, 50, 990].map((step) => hAt(schedule, step));
    // 0.1, 0.4, 0.8, 1.8, 3 scaled by 1.5/3; float64 arithmetic.
    [0.05, 0.2, 0.4, 0.9, 1.5, 1.5, 1.5].forEach((h, i) => expect(perEpoch[i]).toBeCloseTo(h, 12));
    expect(hAt(schedule, 9)).toBeCloseTo(0.05, 12);
  });

  it('linear and constant', () => {
    const linear = { kind: 'linear', from: 0.1, to: 1.1, steps: 100 } as const;
    expect(hAt(linear, 0)).toBe(0.1);
    expect(hAt(linear, 50)).toBeCloseTo(0.6, 12);
    expect(hAt(linear, 500)).toBe(1.1);
    expect(hAt({ kind: 'constant', h: 0.7 }, 12345)).toBe(0.7);
    expect(() => hAt({ kind: 'per-epoch', values: [], stepsPerEpoch: 1 }, 0)).toThrow();
  });
});

describe('batchFromSplit', () => {
  it('copies the chosen rows and labels, in order', async () => {
    const split = twoMoons(10, 0.1, createRng(131));
    const batch = batchFromSplit(split, [2], [3, 0, 9]);
    expect(batch.x.shape).toEqual([3, 2]);
    expect(batch.y.dtype).toBe('int32');
    const expected = [3, 0, 9].flatMap((i) => [split.x[2 * i]!, split.x[2 * i + 1]!]);
    expect(Array.from(await batch.x.data())).toEqual(expected);
    expect(Array.from(await batch.y.data())).toEqual([3, 0, 9].map((i) => split.y[i]!));
    expect(() => batchFromSplit(split, [2], [10])).toThrow(/outside/);
    tf.dispose([batch.x, batch.y]);
  });
});
