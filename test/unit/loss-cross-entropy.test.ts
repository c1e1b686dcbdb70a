import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanCrossEntropy, perSampleCrossEntropy } from '../../src/core/loss';
import { createRng } from '../../src/core/random';
import { expectNoLeak, maxAbsError, take } from './autodiff-testkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

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

/** Float64 softmax of one row, max-shifted. */
function softmax64(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((zi) => Math.exp(zi - m));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((ei) => ei / total);
}

function loss64(z: readonly number[], y: number): number {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((a, zi) => a + Math.exp(zi - m), 0)) - z[y]!;
}

const tensors = (batch: Batch) => ({
  z: tf.tensor2d(batch.logits),
  y: tf.tensor1d(batch.labels, 'int32'),
});

describe.each([
  ['random logits, B=4, K=10', randomBatch(4, 10, 3, 11)],
  ['extreme logits', EXTREME],
])('perSampleCrossEntropy: %s', (_name, batch) => {
  it('value equals the float64 reference', () => {
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const { z, y } = tensors(batch);
        return take(perSampleCrossEntropy(z, y));
      }),
    );
    got.forEach((g, i) => {
      const ref = loss64(batch.logits[i]!, batch.labels[i]!);
      // A few float32 ulps of the result (ulp ≈ 1.2e-7 relative; 1.2e-4 at a loss of 2000).
      expect(Math.abs(g - ref)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref)));
    });
  });

  it('gradient wrt the logits is softmax − onehot', () => {
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const { z, y } = tensors(batch);
        return take(
          tf.grad((u: tf.Tensor) => tf.sum(perSampleCrossEntropy(u as tf.Tensor2D, y)))(z),
        );
      }),
    );
    const ref = batch.logits.flatMap((z, i) =>
      softmax64(z).map((p, k) => p - (k === batch.labels[i] ? 1 : 0)),
    );
    // Entries are in [−1, 1]; float32 rounding of exp, sum and division: ~1e-7 each.
    expect(maxAbsError(got, ref)).toBeLessThan(1e-6);
  });

  it('Hessian-vector product (tf.grad of tf.grad) is (diag p − ppᵀ)v per sample', () => {
    const k = batch.logits[0]!.length;
    const rng = createRng(5);
    const v = batch.logits.map(() => Array.from({ length: k }, () => Math.fround(rng.normal())));
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const { z, y } = tensors(batch);
        const vt = tf.tensor2d(v);
        const grad = tf.grad((u: tf.Tensor) => tf.sum(perSampleCrossEntropy(u as tf.Tensor2D, y)));
        return take(tf.grad((u: tf.Tensor) => tf.sum(tf.mul(grad(u), vt)))(z));
      }),
    );
    const ref = batch.logits.flatMap((z, i) => {
      const p = softmax64(z);
      const pv = p.reduce((a, pk, j) => a + pk * v[i]![j]!, 0);
      return p.map((pk, j) => pk * v[i]![j]! - pk * pv);
    });
    // |v| ~ 1, p ≤ 1: float32 rounding of a handful of products and sums.
    expect(maxAbsError(got, ref)).toBeLessThan(1e-6);
  });
});

describe('meanCrossEntropy', () => {
  it('is the batch mean, with gradient (softmax − onehot) / B', () => {
    const batch = randomBatch(4, 5, 2, 3);
    const { value, grad } = expectNoLeak(() =>
      tf.tidy(() => {
        const { z, y } = tensors(batch);
        return {
          value: take(meanCrossEntropy(z, y))[0]!,
          grad: take(tf.grad((u: tf.Tensor) => meanCrossEntropy(u as tf.Tensor2D, y))(z)),
        };
      }),
    );
    const ref = batch.logits.reduce((a, z, i) => a + loss64(z, batch.labels[i]!), 0) / 4;
    expect(Math.abs(value - ref)).toBeLessThan(1e-6); // float32 ulps of an O(1) value
    const refGrad = batch.logits.flatMap((z, i) =>
      softmax64(z).map((p, k) => (p - (k === batch.labels[i] ? 1 : 0)) / 4),
    );
    expect(maxAbsError(grad, refGrad)).toBeLessThan(1e-6); // as for the per-sample gradient
  });

  it('rejects mismatched shapes and non-integer labels with a clear error', () => {
    expectNoLeak(() =>
      tf.tidy(() => {
        const z = tf.zeros([2, 3]) as tf.Tensor2D;
        expect(() => meanCrossEntropy(z, tf.tensor1d([0, 1, 2], 'int32'))).toThrow(/labels/);
        expect(() => meanCrossEntropy(z, tf.tensor1d([0, 1]))).toThrow(/int32/);
        expect(() =>
          perSampleCrossEntropy(tf.zeros([3]) as unknown as tf.Tensor2D, tf.tensor1d([0], 'int32')),
        ).toThrow(/logits/);
      }),
    );
  });
});
