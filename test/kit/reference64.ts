/**
 * Independent float64 references in plain JavaScript numbers (no ml-matrix, no tfjs except to
 * build the quadratic "model"): a cyclic Jacobi eigensolver, random orthogonal matrices, softmax,
 * erf, and exactly quadratic losses. No node APIs: the browser suites import this too.
 */
import * as tf from '@tensorflow/tfjs';
import type { PerSampleLoss } from '../../src/core/curvature';
import { createRng } from '../../src/core/random';

export type Matrix64 = number[][];

/**
 * Eigenvalues of a symmetric matrix, descending, by cyclic Jacobi rotations (Golub & Van Loan
 * §8.5): independent of the Householder/QL solver under test, accurate to ~1e-14·‖A‖.
 */
export function jacobiEigenvalues(matrix: Matrix64): number[] {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i]!).sort((x, y) => y - x);
}

/** A random orthogonal d×d matrix (rows orthonormal), Gram–Schmidt of seeded Gaussians. */
export function randomOrthogonal(d: number, seed: number): Matrix64 {
  const rng = createRng(seed);
  const rows: Matrix64 = [];
  while (rows.length < d) {
    let v = Array.from({ length: d }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++) {
      for (const q of rows) {
        const c = q.reduce((acc, qi, i) => acc + qi * v[i]!, 0);
        v = v.map((vi, i) => vi - c * q[i]!);
      }
    }
    const n = Math.hypot(...v);
    rows.push(v.map((vi) => vi / n));
  }
  return rows;
}

/** Qᵀ diag(λ) Q for orthogonal Q (rows are the eigenvectors): a symmetric matrix with spectrum λ. */
export function withSpectrum(eigenvalues: readonly number[], q: Matrix64): Matrix64 {
  const d = eigenvalues.length;
  return Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) =>
      eigenvalues.reduce((acc, lam, k) => acc + lam * q[k]![i]! * q[k]![j]!, 0),
    ),
  );
}

/** Float64 softmax of one row. */
export function softmax64(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((zi) => Math.exp(zi - m));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((ei) => ei / total);
}

/** A·v in float64. */
export function matVec(a: Matrix64, v: ArrayLike<number>): number[] {
  return a.map((row) => row.reduce((acc, aij, j) => acc + aij * v[j]!, 0));
}

/** Matrix rounded to float32, so tfjs and the float64 reference see the same numbers. */
export function fround(a: Matrix64): Matrix64 {
  return a.map((row) => row.map((v) => Math.fround(v)));
}

/**
 * An exactly quadratic per-sample loss ℓ(x) = ℓ₀ + gᵀ(x − x₀) + ½(x − x₀)ᵀA(x − x₀) over flat
 * inputs [B, d], built from tfjs ops (matMul, mul, sum) so its gradient and HVPs go through the
 * same double backprop as a model's. Its input Hessian is A exactly.
 */
export function quadraticLoss(
  a: Matrix64,
  grad: readonly number[],
  center: readonly number[],
  offset: number,
): PerSampleLoss {
  const d = grad.length;
  return (x) =>
    tf.tidy(() => {
      const diff = tf.sub(tf.reshape(x, [-1, d]), tf.tensor2d([center as number[]]));
      const linear = tf.matMul(diff, tf.tensor2d(grad as number[], [d, 1]));
      const quadratic = tf.mul(0.5, tf.sum(tf.mul(tf.matMul(diff, tf.tensor2d(a)), diff), 1));
      return tf.add(tf.add(tf.reshape(linear, [-1]), quadratic), offset) as tf.Tensor1D;
    });
}

/** erf in float64 by its Maclaurin series, ±1 beyond |x| = 6. Accurate to ~1e-13 for |x| ≤ 3;
 * cancellation between the series' terms grows beyond that. */
export function erf64(x: number): number {
  if (Math.abs(x) > 6) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
    if (Math.abs(term) < 1e-18) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
