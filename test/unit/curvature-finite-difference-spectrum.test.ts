import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  crossEntropyLoss,
  finiteDifferenceTopK,
  hessianTopK,
  type PerSampleLoss,
} from '../../src/core/curvature';
import { finiteDifferenceTopKBatch, modelPointLoss } from '../../src/core/inspect';
import { buildMlp, buildMnistMlp, disposeModel } from '../../src/core/models';
import {
  expectNoLeakAsync,
  fround,
  normal,
  normals,
  quadraticLoss,
  randomOrthogonal,
  REFERENCE_BACKEND,
  reportError,
  useBackend,
  withSpectrum,
} from '../kit';

useBackend(REFERENCE_BACKEND);

async function both(loss: PerSampleLoss, xs: number[], shape: number[], h: number, k: number) {
  return expectNoLeakAsync(async () => {
    const x = tf.tensor(xs, [1, ...shape]);
    try {
      const exact = await hessianTopK(loss, x, { k, seed: 5 });
      const fd = await finiteDifferenceTopK(loss, x, h, { k, seed: 5 });
      return { exact, fd };
    } finally {
      x.dispose();
    }
  });
}

describe('finiteDifferenceTopK', () => {
  it('recovers the spectrum of a quadratic ½xᵀAx at any h (its gradient is linear)', async () => {
    const d = 16;
    const lambda = Array.from({ length: d }, (_, i) => 4 - i * 0.5);
    const a = fround(withSpectrum(lambda, randomOrthogonal(d, 8)));
    const loss = quadraticLoss(a, new Array(d).fill(0), new Array(d).fill(0), 0);
    for (const h of [0.05, 3]) {
      const { fd } = await both(loss, normals(d, 2), [d], h, 3);
      // The central difference of a linear gradient is exact; float32 gradients at x ± hv
      // (‖·‖ ~ 4·(‖x‖ + h)) round to ~1e-6 each, divided by 2h: ≤ 1e-4 at h = 0.05.
      fd.values.forEach((v, i) => expect(Math.abs(v - lambda[i]!)).toBeLessThan(1e-4));
    }
  });

  it('tends to the exact spectrum of a smooth (softplus) model as h → 0', async () => {
    const model = buildMlp({
      inputShape: [6],
      hiddenUnits: [10, 10],
      numClasses: 3,
      activation: 'softplus',
      seed: 3,
    });
    const loss = crossEntropyLoss(model, 1);
    const xs = normals(6, 4);
    const errors: number[] = [];
    for (const h of [0.3, 0.03]) {
      const { exact, fd } = await both(loss, xs, [6], h, 2);
      const scale = Math.abs(exact.values[0]!);
      errors.push(Math.abs(fd.values[0]! - exact.values[0]!) / scale);
      reportError('cpu', `softplus MLP λmax, finite difference h = ${h} vs exact`, errors.at(-1)!);
    }
    // O(h²): ten times smaller h, ~100 times smaller error (float32 rounding ~1e-6/h aside).
    expect(errors[1]!).toBeLessThan(1e-3);
    expect(errors[1]!).toBeLessThan(errors[0]! / 10);
    disposeModel(model);
  });

  it('sees a kink within h that the exact Hessian cannot (ℓ = Σ relu(xᵢ))', async () => {
    const loss: PerSampleLoss = (x) => tf.tidy(() => tf.sum(tf.relu(x), 1) as tf.Tensor1D);
    // x₁ = 0.01 lies within h = 0.5 of the kink (crossed along any v with |v₁| > 0.02); the
    // others are 5 away.
    const { exact, fd } = await both(loss, [0.01, 5, -5, 6], [4], 0.5, 1);
    expect(Math.abs(exact.values[0]!)).toBeLessThan(1e-6);
    // Along a unit v the difference is sign(v₁)·e₁ (a step, not linear in v), so the curvature
    // vᵀA(v) = |v₁| ≤ 1, 1 along e₁. Lanczos's raw Ritz value overshoots (1.64 measured); the
    // re-measured value is a real curvature along the direction found: in (0.5, 1].
    expect(fd.values[0]!).toBeGreaterThan(0.5);
    expect(fd.values[0]!).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('rejects a step that is not positive', async () => {
    const x = tf.zeros([1, 3]);
    const loss: PerSampleLoss = (u) => tf.sum(u, 1);
    await expect(finiteDifferenceTopK(loss, x, 0, { k: 1, seed: 0 })).rejects.toThrow(/h must be/);
    x.dispose();
  });
});

describe('finiteDifferenceTopKBatch', () => {
  it('equals per-point finiteDifferenceTopK with seed + p (ReLU MNIST-shaped MLP)', async () => {
    const model = buildMnistMlp({ hiddenUnits: [32, 16], seed: 5 });
    const labels = [7, 2, 1];
    const x = tf.tidy(() => tf.add(normal([3, 28, 28, 1], 11, 0.3), 0.5));
    const y = tf.tensor1d(labels, 'int32');
    const h = 0.8;
    const options = { k: 2, seed: 40 };
    const batched = await expectNoLeakAsync(() =>
      finiteDifferenceTopKBatch(modelPointLoss(model, y), x, h, options),
    );
    for (let p = 0; p < labels.length; p++) {
      const xp = tf.slice(x, p, 1);
      const single = await finiteDifferenceTopK(crossEntropyLoss(model, labels[p]!), xp, h, {
        ...options,
        seed: options.seed + p,
      });
      xp.dispose();
      const scale = Math.abs(single.values[0]!);
      // Same start, same products up to float32 summation order in a batched matMul.
      batched[p]!.values.forEach((v, i) => {
        const error = Math.abs(v - single.values[i]!) / scale;
        reportError('cpu', `finite-difference spectrum point ${p} θ${i} batched vs single`, error);
        expect(error).toBeLessThan(1e-4);
      });
    }
    tf.dispose([x, y]);
    disposeModel(model);
  });
});
