/**
 * The stable softmax cross-entropy on one backend: value, gradient and Hessian-vector product
 * (tf.grad of tf.grad) against float64 closed forms, including logits that overflow a naive
 * softmax. Tiny tensors ([4, 10] at most).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { meanCrossEntropy, perSampleCrossEntropy } from '../../src/core/loss';
import { createRng } from '../../src/core/random';
import {
  describeOnBackends,
  expectNoLeak,
  expectNoLeakAsync,
  maxAbsError,
  readAll,
  reportError,
  softmax64,
  type BackendName,
} from '../kit';

/** A batch of logits and labels; logits rounded to float32 so the float64 reference sees the
 * same inputs as tfjs. */
interface Batch {
  logits: number[][];
  labels: number[];
}

function randomBatch(b: number, k: number, scale: number, seed: number): Batch {
  const rng = createRng(seed);
  const logits = Array.from({ length: b }, () =>
    Array.from({ length: k }, () => Math.fround(scale * rng.normal())),
  );
  return { logits, labels: Array.from({ length: b }, () => rng.int(k)) };
}

const EXTREME: Batch = {
  logits: [
    [1000, 0, -1000],
    [-1000, -1001, -999.5],
    [80, 90, 100], // exp(100) overflows float32: a naive softmax gives NaN
    [1e-3, -2e-3, 0],
  ],
  labels: [2, 0, 1, 2],
};

function loss64(z: readonly number[], y: number): number {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((a, zi) => a + Math.exp(zi - m), 0)) - z[y]!;
}

const tensors = (batch: Batch) => ({
  z: tf.tensor2d(batch.logits),
  y: tf.tensor1d(batch.labels, 'int32'),
});

/** The cross-entropy suite, once on each of `backends` (test/kit/backends.ts). */
export function crossEntropySuite(backends: readonly BackendName[]): void {
  describeOnBackends('softmax cross-entropy', backends, (backend) => {
    perSampleTests(backend);
    meanTests(backend);
  });
}

function perSampleTests(backend: string): void {
  describe.each([
    ['random logits, B=4, K=10', randomBatch(4, 10, 3, 11)],
    ['extreme logits', EXTREME],
  ])('perSampleCrossEntropy: %s', (name, batch) => {
    it('value equals the float64 reference', async () => {
      const { loss } = await expectNoLeakAsync(() =>
        readAll(
          tf.tidy(() => {
            const { z, y } = tensors(batch);
            return { loss: perSampleCrossEntropy(z, y) };
          }),
        ),
      );
      let worst = 0;
      loss.forEach((g, i) => {
        const ref = loss64(batch.logits[i]!, batch.labels[i]!);
        const scaled = Math.abs(g - ref) / Math.max(1, Math.abs(ref));
        worst = Math.max(worst, scaled);
        // A few float32 ulps of the result (ulp ≈ 1.2e-7 relative; 1.2e-4 at a loss of 2000).
        // Measured max, cpu/webgl/webgpu/wasm: 5.2e-8/9.0e-8/9.0e-8/5.2e-8.
        expect(scaled, `sample ${i}: ${g} vs ${ref}`).toBeLessThanOrEqual(1e-6);
      });
      reportError(backend, `${name} value`, worst);
    });

    it('gradient wrt the logits is softmax − onehot', async () => {
      const { grad } = await expectNoLeakAsync(() =>
        readAll(
          tf.tidy(() => {
            const { z, y } = tensors(batch);
            const f = (u: tf.Tensor) => tf.sum(perSampleCrossEntropy(u as tf.Tensor2D, y));
            return { grad: tf.grad(f)(z) };
          }),
        ),
      );
      const ref = batch.logits.flatMap((z, i) =>
        softmax64(z).map((p, k) => p - (k === batch.labels[i] ? 1 : 0)),
      );
      const error = maxAbsError(grad, ref);
      reportError(backend, `${name} grad`, error);
      // Entries are in [−1, 1]; float32 rounding of exp, sum and division: ~1e-7 each.
      // Measured max, cpu/webgl/webgpu/wasm: 7.0e-8/1.1e-7/1.1e-7/7.0e-8.
      expect(error).toBeLessThan(1e-6);
    });

    it('Hessian-vector product (tf.grad of tf.grad) is (diag p − ppᵀ)v per sample', async () => {
      const k = batch.logits[0]!.length;
      const rng = createRng(5);
      const v = batch.logits.map(() => Array.from({ length: k }, () => Math.fround(rng.normal())));
      const { hvp } = await expectNoLeakAsync(() =>
        readAll(
          tf.tidy(() => {
            const { z, y } = tensors(batch);
            const vt = tf.tensor2d(v);
            const grad = tf.grad((u: tf.Tensor) =>
              tf.sum(perSampleCrossEntropy(u as tf.Tensor2D, y)),
            );
            return { hvp: tf.grad((u: tf.Tensor) => tf.sum(tf.mul(grad(u), vt)))(z) };
          }),
        ),
      );
      const ref = batch.logits.flatMap((z, i) => {
        const p = softmax64(z);
        const pv = p.reduce((a, pk, j) => a + pk * v[i]![j]!, 0);
        return p.map((pk, j) => pk * v[i]![j]! - pk * pv);
      });
      const error = maxAbsError(hvp, ref);
      reportError(backend, `${name} HVP`, error);
      // |v| ~ 1, p ≤ 1: float32 rounding of a handful of products and sums. Measured max,
      // cpu/webgl/webgpu/wasm: 1.3e-7/1.3e-7/1.3e-7/4.5e-8.
      expect(error).toBeLessThan(1e-6);
    });
  });
}

function meanTests(backend: string): void {
  describe('meanCrossEntropy', () => {
    it('is the batch mean, with gradient (softmax − onehot) / B', async () => {
      const batch = randomBatch(4, 5, 2, 3);
      const { value, grad } = await expectNoLeakAsync(() =>
        readAll(
          tf.tidy(() => {
            const { z, y } = tensors(batch);
            return {
              value: meanCrossEntropy(z, y),
              grad: tf.grad((u: tf.Tensor) => meanCrossEntropy(u as tf.Tensor2D, y))(z),
            };
          }),
        ),
      );
      const ref = batch.logits.reduce((a, z, i) => a + loss64(z, batch.labels[i]!), 0) / 4;
      reportError(backend, 'mean value', Math.abs(value[0]! - ref));
      // float32 ulps of an O(1) value; measured cpu/webgl/webgpu/wasm 2.2e-8/2.6e-7/2.2e-8/2.2e-8.
      expect(Math.abs(value[0]! - ref)).toBeLessThan(1e-6);
      const refGrad = batch.logits.flatMap((z, i) =>
        softmax64(z).map((p, k) => (p - (k === batch.labels[i] ? 1 : 0)) / 4),
      );
      reportError(backend, 'mean grad', maxAbsError(grad, refGrad));
      // As for the per-sample gradient; measured ≤ 1.2e-8 on every backend.
      expect(maxAbsError(grad, refGrad)).toBeLessThan(1e-6);
    });

    it('rejects mismatched shapes and non-integer labels with a clear error', () => {
      expectNoLeak(() =>
        tf.tidy(() => {
          const z = tf.zeros([2, 3]) as tf.Tensor2D;
          expect(() => meanCrossEntropy(z, tf.tensor1d([0, 1, 2], 'int32'))).toThrow(/labels/);
          expect(() => meanCrossEntropy(z, tf.tensor1d([0, 1]))).toThrow(/int32/);
          expect(() =>
            perSampleCrossEntropy(
              tf.zeros([3]) as unknown as tf.Tensor2D,
              tf.tensor1d([0], 'int32'),
            ),
          ).toThrow(/logits/);
        }),
      );
    });
  });
}
