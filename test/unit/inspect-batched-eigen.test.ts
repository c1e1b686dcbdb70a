import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { crossEntropyLoss, hessianTopK } from '../../src/core/curvature';
import { modelPointLoss, topEigenpairsBatch, type PointLoss } from '../../src/core/inspect';
import { dot } from '../../src/core/linalg/vector';
import { buildMlp, buildMnistMlp, disposeModel } from '../../src/core/models';
import { expectNoLeakAsync, normal, REFERENCE_BACKEND, reportError, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

/** Wraps a PointLoss to count its calls (one per batched HVP) and the rows of each. */
function counted(loss: PointLoss) {
  const rows: number[] = [];
  const wrapped: PointLoss = (x, points) => {
    rows.push(x.shape[0]!);
    return loss(x, points);
  };
  return { rows, wrapped };
}

interface Case {
  name: string;
  build: () => tf.LayersModel;
  inputShape: number[];
  labels: number[];
  k: number;
}

const CASES: Case[] = [
  {
    name: 'softplus MLP 6-10-10-3',
    build: () =>
      buildMlp({
        inputShape: [6],
        hiddenUnits: [10, 10],
        numClasses: 3,
        activation: 'softplus',
        seed: 3,
      }),
    inputShape: [6],
    labels: [0, 2, 1, 1, 0],
    k: 3,
  },
  {
    name: 'ReLU MNIST-shaped MLP 784-32-16-10',
    build: () => buildMnistMlp({ hiddenUnits: [32, 16], seed: 5 }),
    inputShape: [28, 28, 1],
    labels: [7, 2, 1, 0],
    k: 2,
  },
];

describe.each(CASES)('topEigenpairsBatch on a $name', ({ name, build, inputShape, labels, k }) => {
  const model = build();
  const count = labels.length;
  // Points spread like data (N(0.5, 0.3²)); values need not lie in [0, 1] for the Hessian.
  const x = tf.tidy(() => tf.add(normal([count, ...inputShape], 11, 0.3), 0.5));
  const y = tf.tensor1d(labels, 'int32');
  afterAll(() => {
    tf.dispose([x, y]);
    disposeModel(model);
  });

  it('equals per-point hessianTopK with seed + p, in max(iterations) batched HVPs', async () => {
    const options = { k, seed: 40 };
    const { rows, wrapped } = counted(modelPointLoss(model, y));
    const batched = await expectNoLeakAsync(() => topEigenpairsBatch(wrapped, x, options));
    const single = await expectNoLeakAsync(async () => {
      const results = [];
      for (let p = 0; p < count; p++) {
        const xp = tf.slice(x, p, 1);
        const loss = crossEntropyLoss(model, labels[p]!);
        results.push(await hessianTopK(loss, xp, { ...options, seed: options.seed + p }));
        xp.dispose();
      }
      return results;
    });
    batched.forEach((b, p) => {
      const s = single[p]!;
      const scale = Math.max(...Array.from(s.values, Math.abs));
      // Both are Lanczos from the same start on HVPs that agree to float32 rounding (a batched
      // matMul and a one-row one may sum in different orders): each value is within its
      // stopping residual (≤ 1e-6·max|θ|) of the true one, so they agree to ~2e-6·max|θ|;
      // 1e-5 leaves room for the HVPs' own rounding.
      b.values.forEach((v, i) => {
        const error = Math.abs(v - s.values[i]!) / scale;
        reportError('cpu', `${name} point ${p} θ${i} batched vs single (rel. to max|θ|)`, error);
        expect(error).toBeLessThan(1e-5);
      });
      // Top eigenvector up to sign; its gap to the next value is ≫ the residual here.
      expect(Math.abs(dot(b.vectors[0]!, s.vectors[0]!))).toBeGreaterThan(1 - 1e-4);
      expect(b.converged).toBe(true);
      expect(Math.abs(b.iterations - s.iterations)).toBeLessThanOrEqual(1);
    });
    const iterations = batched.map((b) => b.iterations);
    // One loss call per batched HVP; round j batches the points still running.
    expect(rows.length).toBe(Math.max(...iterations));
    expect(rows.reduce((a, b) => a + b, 0)).toBe(iterations.reduce((a, b) => a + b, 0));
    rows.forEach((r, j) => expect(r).toBe(iterations.filter((n) => n > j).length));
  });
});

describe('topEigenpairsBatch on a quadratic with a known per-point spectrum', () => {
  it('scores each row with its own point: ν_p = s_p·λ_max', async () => {
    // ℓ_p(x) = s_p·½‖Dx‖² with D = diag(1…6): H_p = s_p·D², top eigenvalue 36·s_p along e₆.
    const scales = [1, 0.5, 2];
    const diag = tf.tensor1d([1, 4, 9, 16, 25, 36]);
    const s = tf.tensor1d(scales);
    const loss: PointLoss = (u, points) =>
      tf.tidy(() =>
        tf.mul(tf.gather(s, points), tf.mul(0.5, tf.sum(tf.mul(diag, tf.square(u)), 1))),
      );
    const x = normal([3, 6], 2);
    const results = await expectNoLeakAsync(() => topEigenpairsBatch(loss, x, { k: 2, seed: 1 }));
    results.forEach((r, p) => {
      // Default tolerance: |θ − λ| ≤ 1e-6·max|θ|; float32 HVPs add ~1e-7 relative.
      expect(Math.abs(r.values[0]! - 36 * scales[p]!)).toBeLessThan(1e-5 * 36 * scales[p]!);
      expect(Math.abs(r.values[1]! - 25 * scales[p]!)).toBeLessThan(1e-5 * 36 * scales[p]!);
      expect(Math.abs(r.vectors[0]![5]!)).toBeGreaterThan(1 - 1e-6);
    });
    tf.dispose([diag, s, x]);
  });

  it('rejects a batch without points', async () => {
    const x = tf.zeros([0, 3]);
    const loss: PointLoss = (u) => tf.sum(u, 1);
    await expect(topEigenpairsBatch(loss, x, { k: 1, seed: 0 })).rejects.toThrow(/P ≥ 1/);
    x.dispose();
  });
});
