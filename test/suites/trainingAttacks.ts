/**
 * Backend-independent checks of the attacks (FGSM, PGD ℓ∞/ℓ2) that adversarial training and
 * robust accuracy rely on. Run on cpu in node and on webgl, webgpu and wasm in headless Chromium.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  perSampleCrossEntropyFused,
  fgsm,
  pgd,
  pgdIteration,
  randomStartPoint,
  type AttackNorm,
  type PgdSettings,
} from '../../src/core/attacks';
import { perSampleCrossEntropy } from '../../src/core/loss';
import { logitsOf } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import type { Batch } from '../../src/core/training';
import { describeOnBackends, read, relativeError, type BackendName } from '../kit';
import { moonsBatch, perSampleLosses, pretrain, toyModel } from './trainingKit';

/** Moons points pushed against the top of the range [−2, 2], so the clamp has work to do. */
function nearTheEdge(batch: Batch): Batch {
  return { x: tf.tidy(() => tf.clipByValue(tf.mul(batch.x, 1.6), -2, 2)), y: batch.y };
}

/** Max over samples of ‖δ_b‖ (ℓ∞ or ℓ2), and the extreme coordinates. */
async function measure(adversarial: tf.Tensor, origin: tf.Tensor, norm: AttackNorm) {
  const perSample = tf.tidy(() => {
    const delta = tf.sub(adversarial, origin);
    return norm === 'linf'
      ? tf.max(tf.abs(delta), 1)
      : tf.sqrt(tf.sum(tf.square(tf.reshape(delta, [delta.shape[0]!, -1])), 1));
  });
  const radius = Math.max(...(await read(perSample)));
  const values = await read(adversarial.clone());
  return { radius, lo: Math.min(...values), hi: Math.max(...values) };
}

function ballChecks(): void {
  it.each(['linf', 'l2'] as const)(
    '%s: every PGD iterate stays in the ε-ball and the data range',
    async (norm) => {
      const model = toyModel(51);
      const moons = moonsBatch(32, 52);
      const batch = nearTheEdge(moons);
      const epsilon = norm === 'linf' ? 0.3 : 0.5;
      const settings: PgdSettings = {
        norm,
        epsilon,
        steps: 6,
        stepSize: epsilon / 2, // large steps, so projection and clamp are exercised
        randomStart: true,
        range: [-2, 2],
      };
      let current = randomStartPoint(batch.x, norm, epsilon, settings.range, createRng(53));
      for (let i = 0; i <= settings.steps; i++) {
        const { radius, lo, hi } = await measure(current, batch.x, norm);
        // x₀ + δ rounds to float32 (|x| ≤ 2: ulp 2.4e-7), so ‖δ‖ may exceed ε by ~1e-7·√d.
        expect(radius).toBeLessThanOrEqual(epsilon + 1e-6);
        expect(lo).toBeGreaterThanOrEqual(-2);
        expect(hi).toBeLessThanOrEqual(2);
        const next = pgdIteration(model, current, batch.x, batch.y, settings);
        current.dispose();
        current = next;
      }
      current.dispose();
      tf.dispose([moons.x, moons.y, batch.x]);
      model.dispose();
    },
  );

  it.each(['linf', 'l2'] as const)('%s: ε = 0 returns the input unchanged', async (norm) => {
    const model = toyModel(61);
    const batch = moonsBatch(16, 62);
    const settings: PgdSettings = {
      norm,
      epsilon: 0,
      steps: 3,
      stepSize: 0.1,
      randomStart: true,
      range: [-2, 2],
    };
    const adversarial = pgd(model, batch.x, batch.y, settings, createRng(63));
    // Exact: δ is clipped to 0 (ℓ∞) or scaled by 0 (ℓ2), and x + 0 = x in floating point.
    expect(await read(adversarial)).toEqual(await read(batch.x.clone()));
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('FGSM equals one PGD step of size ε from the clean input', async () => {
    const model = toyModel(71);
    const batch = moonsBatch(16, 72);
    const epsilon = 0.2;
    const range = [-2, 2] as const;
    const a = fgsm(model, batch.x, batch.y, epsilon, range);
    const settings: PgdSettings = {
      norm: 'linf',
      epsilon,
      steps: 1,
      stepSize: epsilon,
      randomStart: false,
      range,
    };
    const b = pgd(model, batch.x, batch.y, settings, createRng(0));
    expect(await read(a)).toEqual(await read(b)); // the same ops in the same order: bit-equal
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it.each(['linf', 'l2'] as const)('%s: PGD raises the loss of a trained model', async (norm) => {
    const model = toyModel(81);
    const batch = moonsBatch(64, 82);
    await pretrain(model, batch, 10);
    const epsilon = norm === 'linf' ? 0.15 : 0.25;
    const settings: PgdSettings = {
      norm,
      epsilon,
      steps: 10,
      stepSize: epsilon / 4,
      randomStart: false,
      range: [-2, 2],
    };
    const adversarial = pgd(model, batch.x, batch.y, settings, createRng(83));
    const before = await perSampleLosses(model, batch);
    const after = await perSampleLosses(model, batch, adversarial);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(after)).toBeGreaterThan(mean(before));
    // Per sample too: from the clean point, steps of ε/4 only climb on these smooth-enough
    // losses (ReLU kinks could in principle make one step overshoot; none do here).
    after.forEach((l, i) => expect(l).toBeGreaterThanOrEqual(before[i]! - 1e-6));
    adversarial.dispose();
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });
}

function fusedLossChecks(): void {
  it('the fused cross-entropy matches loss.ts: value, input gradient, input-HVP', async () => {
    const model = toyModel(91, 'tanh');
    const batch = moonsBatch(8, 92);
    const rng = createRng(93);
    const direction = tf.tensor2d(
      Array.from({ length: 16 }, () => rng.normal()),
      [8, 2],
    );
    const measure = (loss: typeof perSampleCrossEntropy) =>
      tf.tidy(() => {
        const f = (u: tf.Tensor) => tf.sum(loss(logitsOf(model, u), batch.y));
        const hvp = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(u), direction)))(batch.x);
        return tf.concat([
          loss(logitsOf(model, batch.x), batch.y),
          tf.grad(f)(batch.x).flatten(),
          hvp.flatten(),
        ]);
      });
    const fused = await read(measure(perSampleCrossEntropyFused));
    const reference = await read(measure(perSampleCrossEntropy));
    // Different exact derivative graphs of the same function: float32 rounding (cpu 1e-7).
    expect(relativeError(fused, reference)).toBeLessThan(1e-5);
    tf.dispose([batch.x, batch.y, direction]);
    model.dispose();
  });
}

/** The attack suite, once on each of `backends` (test/kit/backends.ts). */
export function trainingAttacksSuite(backends: readonly BackendName[]): void {
  describeOnBackends('attacks', backends, () => {
    describe('PGD and FGSM', ballChecks);
    describe('fused cross-entropy', fusedLossChecks);
  });
}
