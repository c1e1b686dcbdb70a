import { describe, expect, it } from 'vitest';
import { lanczosTopK } from '../../src/core/curvature';
import { symmetricEigen, tridiagonalEigen } from '../../src/core/linalg/symmetricEigen';
import {
  axpy,
  combine,
  dot,
  norm,
  normalize,
  orthogonalize,
  orthonormalize,
  scale,
} from '../../src/core/linalg/vector';
import { jacobiEigenvalues, matVec, randomOrthogonal, withSpectrum } from '../kit';

/** A float64 operator with a known spectrum: H = Qᵀ diag(λ) Q (rows of Q are eigenvectors). */
function knownOperator(eigenvalues: number[], seed: number) {
  const q = randomOrthogonal(eigenvalues.length, seed);
  const a = withSpectrum(eigenvalues, q);
  return { q, a, hvp: (v: Float64Array) => Float64Array.from(matVec(a, v)) };
}

const maxAbs = (values: ArrayLike<number>) =>
  Array.from(values).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('vector primitives', () => {
  it('dot, norm, axpy, scale, normalize, combine are pure and exact on small integers (to one rounding)', () => {
    const a = Float64Array.of(3, 4);
    const b = Float64Array.of(1, -2);
    expect(dot(a, b)).toBe(-5);
    expect(norm(a)).toBe(5);
    expect(Array.from(axpy(2, a, b))).toEqual([7, 6]);
    expect(Array.from(scale(-1, a))).toEqual([-3, -4]);
    const unit = normalize(a)!;
    expect(unit[0]).toBeCloseTo(0.6, 15); // 3·(1/5) rounds once
    expect(unit[1]).toBeCloseTo(0.8, 15);
    expect(normalize(new Float64Array(2))).toBeNull();
    expect(Array.from(combine([1, 2], [a, b]))).toEqual([5, 0]);
    expect(Array.from(a)).toEqual([3, 4]); // untouched
    expect(() => dot(a, Float64Array.of(1))).toThrow(/lengths/);
  });

  it('orthogonalize removes the span of an orthonormal basis to rounding level', () => {
    const q = randomOrthogonal(50, 3).slice(0, 20);
    const x = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) + 100 * q[0]![i]!);
    const r = orthogonalize(x, q);
    // Two Gram–Schmidt passes: |qᵀr| at float64 rounding (~1e-16·‖x‖·√d).
    for (const qi of q) expect(Math.abs(dot(qi, r))).toBeLessThan(1e-13 * norm(x));
    expect(orthonormalize(q[3]!, q)).toBeNull(); // inside the span
    expect(norm(orthonormalize(x, q)!)).toBeCloseTo(1, 14);
  });
});

describe('symmetric eigensolvers (ml-matrix) vs closed forms', () => {
  it('recovers a chosen spectrum and its eigenvectors', () => {
    const lambda = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? -1 : 1) * (i + 0.5));
    const { a } = knownOperator(lambda, 5);
    const { values, vectors } = symmetricEigen(a.flat(), 30, true);
    const expected = [...lambda].sort((x, y) => y - x);
    // Householder + QL in float64: backward stable, errors ~1e-15·‖A‖ (‖A‖ = 29.5).
    values.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-12));
    vectors.forEach((y, i) => {
      const residual = axpy(-values[i]!, y, matVec(a, y));
      expect(norm(residual)).toBeLessThan(1e-12); // ‖Ay − λy‖ at rounding level
      expect(norm(y)).toBeCloseTo(1, 14);
    });
    // And the independent Jacobi reference agrees (it backs the model tests below).
    const jacobi = jacobiEigenvalues(a);
    jacobi.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-12));
  });

  it('tridiagonal tridiag(−1, 2, −1) has eigenvalues 2 − 2cos(jπ/(m+1))', () => {
    const m = 12;
    const { values } = tridiagonalEigen(new Array(m).fill(2), new Array(m - 1).fill(-1));
    const expected = Array.from(
      { length: m },
      (_, j) => 2 - 2 * Math.cos(((m - j) * Math.PI) / (m + 1)),
    );
    values.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-14)); // rounding
    expect(() => tridiagonalEigen([1, 2], [])).toThrow(/off-diagonal/);
  });
});

describe('lanczosTopK on float64 operators with known spectra', () => {
  const lambda = [10, 9, 8.5, 7, 3, 2.5, ...Array.from({ length: 54 }, (_, i) => 2 - i / 10)];

  it('finds the top-k eigenvalues and eigenvectors to float64 accuracy', async () => {
    const { q, hvp } = knownOperator(lambda, 11);
    const result = await lanczosTopK(hvp, 60, { k: 5, seed: 1, tolerance: 1e-12 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(60); // converged before exhausting the space
    // Stopping rule: residuals ≤ 1e-12·max|θ| = 1e-11, and for a symmetric operator
    // |θ − λ| ≤ residual (Bauer–Fike), so every value is within 1e-11.
    result.values.forEach((v, i) => expect(Math.abs(v - lambda[i]!)).toBeLessThan(1e-10));
    result.vectors.forEach((y, i) => {
      // |cos| of the angle to the true eigenvector; the gap to the next eigenvalue is ≥ 0.5,
      // so sin θ ≤ residual/gap ~ 2e-11.
      expect(Math.abs(dot(y, q[i]!))).toBeGreaterThan(1 - 1e-10);
      expect(norm(y)).toBeCloseTo(1, 14);
    });
    result.residuals.forEach((r) => expect(r).toBeLessThanOrEqual(1e-11));
  });

  it('is deterministic for a seed', async () => {
    const { hvp } = knownOperator(lambda, 11);
    const a = await lanczosTopK(hvp, 60, { k: 3, seed: 4 });
    const b = await lanczosTopK(hvp, 60, { k: 3, seed: 4 });
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(Array.from(a.vectors[0]!)).toEqual(Array.from(b.vectors[0]!));
  });

  it('returns the algebraically largest eigenvalues, not the largest in magnitude', async () => {
    const { hvp } = knownOperator([-50, 5, 4, 1, 0.5, 0, -1, -2], 2);
    const result = await lanczosTopK(hvp, 8, { k: 2, seed: 0 });
    // Default tolerance 1e-6·max|θ| = 5e-5 bounds |θ − λ|.
    expect(Math.abs(result.values[0]! - 5)).toBeLessThan(5e-5);
    expect(Math.abs(result.values[1]! - 4)).toBeLessThan(5e-5);
  });

  it('restarts past an invariant subspace: rank-3 operator, k = 6', async () => {
    const { hvp } = knownOperator([3, 2, 1, ...new Array(37).fill(0)], 9);
    const result = await lanczosTopK(hvp, 40, { k: 6, seed: 2 });
    expect(result.converged).toBe(true);
    const expected = [3, 2, 1, 0, 0, 0];
    // Exact-arithmetic operator: the Krylov space closes after 4 products and restarts add
    // null-space vectors; values at rounding level (1e-12 covers ~1e4 ulps of 3).
    result.values.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-12));
    expect(result.iterations).toBeLessThanOrEqual(8);
  });

  it('reports converged = false when maxIterations runs out', async () => {
    const clustered = Array.from({ length: 200 }, (_, i) => 1 + i * 1e-3);
    const { hvp } = knownOperator(clustered, 3);
    const result = await lanczosTopK(hvp, 200, { k: 3, seed: 0, maxIterations: 5 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(5);
    expect(result.values.length).toBe(3);
  });

  it('stops at the full dimension with the exact spectrum', async () => {
    const small = [4, -1, 2.5, 0.25];
    const { hvp } = knownOperator(small, 8);
    const result = await lanczosTopK(hvp, 4, { k: 4, seed: 0, tolerance: 0 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(4);
    const expected = [...small].sort((a, b) => b - a);
    result.values.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-13));
    expect(maxAbs(result.residuals)).toBeLessThan(1e-12);
  });

  it('rejects bad k and wrong-length products', async () => {
    const hvp = (v: Float64Array) => v;
    await expect(lanczosTopK(hvp, 4, { k: 5, seed: 0 })).rejects.toThrow(/k must be/);
    await expect(lanczosTopK(hvp, 4, { k: 0, seed: 0 })).rejects.toThrow(/k must be/);
    await expect(lanczosTopK(() => new Float64Array(3), 4, { k: 1, seed: 0 })).rejects.toThrow(
      /returned 3/,
    );
  });
});
