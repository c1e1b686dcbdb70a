/**
 * Attacks on MNIST-shaped inputs and robust accuracy, in node on cpu (the backend-independent
 * invariants on toy data are in test/suites/trainingAttacks.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  attackAt,
  checkSettings,
  evaluationAttack,
  evaluationAttackFamily,
  lossAndInputGradient,
  paperEvaluationAttack,
  pgd,
  randomStartPoint,
  robustAccuracy,
  robustAccuracyCurve,
  summedLossOfInputs,
  type PgdSettings,
} from '../../src/core/attacks';
import { perSampleCrossEntropy } from '../../src/core/loss';
import { buildMnistMlp, logitsOf } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { expectNoLeakAsync, read, REFERENCE_BACKEND, useBackend } from '../kit';
import { moonsBatch, pretrain, toyModel } from '../suites/trainingKit';

useBackend(REFERENCE_BACKEND);

/** Seeded "images": pixels uniform in [0, 1], a quarter of them saturated at 0 or 1. */
function images(batch: number, seed: number) {
  const rng = createRng(seed);
  const values = Float32Array.from({ length: batch * 784 }, () => {
    const u = rng.uniform();
    return u < 0.125 ? 0 : u > 0.875 ? 1 : rng.uniform();
  });
  const labels = Int32Array.from({ length: batch }, () => rng.int(10));
  return { x: tf.tensor4d(values, [batch, 28, 28, 1]), y: tf.tensor1d(labels, 'int32') };
}

describe('PGD on 28×28×1 inputs in [0, 1]', () => {
  it.each([
    ['linf', 8 / 255],
    ['l2', 0.5],
  ] as const)('%s: the result lies in the ε-ball and in [0, 1]', async (norm, epsilon) => {
    const model = buildMnistMlp({ seed: 1, hiddenUnits: [32] });
    const { x, y } = images(4, 2);
    const settings: PgdSettings = {
      norm,
      epsilon,
      steps: 5,
      stepSize: epsilon / 2,
      randomStart: true,
      range: [0, 1],
    };
    const before = tf.memory().numTensors;
    const adversarial = pgd(model, x, y, settings, createRng(3));
    expect(tf.memory().numTensors).toBe(before + 1); // only the result is left
    const values = await read(adversarial.clone());
    const delta = tf.sub(adversarial, x);
    const radii = await read(
      tf.tidy(() =>
        norm === 'linf'
          ? tf.max(tf.abs(tf.reshape(delta, [4, -1])), 1)
          : tf.norm(tf.reshape(delta, [4, -1]), 'euclidean', 1),
      ),
    );
    // float32 rounding of x + δ near 1: ulp 6e-8 per coordinate (ℓ2: ·√784 at worst).
    radii.forEach((r) => expect(r).toBeLessThanOrEqual(epsilon + 2e-6));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    // The attack moved: at least one sample reaches the boundary region of the ball.
    expect(Math.max(...radii)).toBeGreaterThan(0.5 * epsilon);
    tf.dispose([adversarial, delta, x, y]);
    model.dispose();
  });

  it('random starts repeat with the seed and differ between seeds', async () => {
    const { x, y } = images(2, 4);
    const start = (seed: number, norm: 'linf' | 'l2') =>
      read(randomStartPoint(x, norm, 0.3, [0, 1], createRng(seed)));
    expect(await start(5, 'linf')).toEqual(await start(5, 'linf'));
    expect(await start(5, 'l2')).toEqual(await start(5, 'l2'));
    expect(await start(5, 'linf')).not.toEqual(await start(6, 'linf'));
    tf.dispose([x, y]);
  });

  it('lossAndInputGradient returns each sample’s own loss and ∇ₓℓ_b', async () => {
    const model = buildMnistMlp({ seed: 7, hiddenUnits: [16] });
    const { x, y } = images(3, 8);
    const before = tf.memory().numTensors;
    const { loss, grad } = lossAndInputGradient(model, x, y);
    expect(tf.memory().numTensors).toBe(before + 2); // only the two results are left
    const refLoss = await read(tf.tidy(() => perSampleCrossEntropy(logitsOf(model, x), y)));
    const refGrad = await read(tf.tidy(() => tf.grad(summedLossOfInputs(model, y))(x)));
    expect(await read(loss)).toEqual(refLoss); // same ops: bit-equal
    expect(await read(grad)).toEqual(refGrad);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('paperEvaluationAttack is ℓ∞ PGD-20, step ε/4 (2/255 at 8/255), random start', () => {
    expect(paperEvaluationAttack(8 / 255, [0, 1])).toEqual({
      norm: 'linf',
      epsilon: 8 / 255,
      steps: 20,
      stepSize: 2 / 255,
      randomStart: true,
      range: [0, 1],
    });
  });

  it('evaluationAttack is the same PGD-20 in either norm, and attackAt(family, ε) is it at ε', () => {
    for (const norm of ['linf', 'l2'] as const) {
      for (const epsilon of [0, 0.1, 8 / 255, 1.5]) {
        const expected = { norm, epsilon, steps: 20, stepSize: epsilon / 4, randomStart: true };
        expect(evaluationAttack(epsilon, norm, [0, 1])).toEqual({ ...expected, range: [0, 1] });
        expect(evaluationAttack(epsilon, norm, null)).toEqual({ ...expected, range: null });
        expect(attackAt(evaluationAttackFamily(norm, [0, 1]), epsilon)).toEqual(
          evaluationAttack(epsilon, norm, [0, 1]),
        );
      }
    }
    expect(paperEvaluationAttack(0.3, [0, 1])).toEqual(evaluationAttack(0.3, 'linf', [0, 1]));
  });

  it('rejects settings no attack can mean', () => {
    const ok = paperEvaluationAttack(0.1, [0, 1]);
    expect(() => checkSettings({ ...ok, epsilon: -1 })).toThrow(/epsilon/);
    expect(() => checkSettings({ ...ok, steps: 1.5 })).toThrow(/steps/);
    expect(() => checkSettings({ ...ok, stepSize: NaN })).toThrow(/stepSize/);
    expect(() => checkSettings({ ...ok, range: [1, 0] })).toThrow(/range/);
  });
});

describe('robust accuracy', () => {
  /** A trained toy model (80 Adam steps on 200 moons points) and its data. */
  const setup = async () => {
    const model = toyModel(91);
    const batch = moonsBatch(200, 92);
    await pretrain(model, batch, 80);
    return { model, batch };
  };

  it('is the clean accuracy at ε = 0 and never rises with ε', async () => {
    const { model, batch } = await setup();
    const clean = await read(
      tf.tidy(() =>
        tf.mean(tf.cast(tf.equal(tf.argMax(logitsOf(model, batch.x), 1), batch.y), 'float32')),
      ),
    );
    const epsilons = [0, 0.05, 0.1, 0.2, 0.3, 0.5];
    const curve = await expectNoLeakAsync(() =>
      robustAccuracyCurve(
        model,
        batch,
        epsilons,
        { norm: 'linf', steps: 10, relativeStepSize: 0.25, randomStart: true, range: [-2, 2] },
        { batchSize: 64, seed: 93 },
      ),
    );
    expect(curve.map((r) => r.epsilon)).toEqual(epsilons);
    expect(curve[0]!.accuracy).toBeCloseTo(clean[0]!, 6); // count/200 vs float32 mean
    expect(curve[0]!.accuracy).toBeGreaterThan(0.85); // the model is trained
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.accuracy).toBeLessThanOrEqual(curve[i - 1]!.accuracy);
    }
    expect(curve[curve.length - 1]!.accuracy).toBeLessThan(curve[0]!.accuracy); // attacks bite
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('does not depend on the batch size (ℓ∞ draws one number per coordinate, in order)', async () => {
    const { model, batch } = await setup();
    const settings = paperEvaluationAttack(0.2, [-2, 2]);
    const a = await robustAccuracy(model, batch, settings, { batchSize: 7, seed: 5 });
    const b = await robustAccuracy(model, batch, settings, { batchSize: 200, seed: 5 });
    expect(a).toEqual(b);
    expect(a.count).toBe(200);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });
});
