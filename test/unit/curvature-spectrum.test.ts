import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  crossEntropyLoss,
  fullInputSpectrum,
  hessianTopK,
  inputHessian,
  inputHvpClosure,
  type PerSampleLoss,
} from '../../src/core/curvature';
import { buildMlp, disposeModel, planOf } from '../../src/core/models';
import { dot } from '../../src/core/linalg/vector';
import { symmetricEigen } from '../../src/core/linalg/symmetricEigen';
import {
  expectNoLeakAsync,
  fround,
  hvp64,
  jacobiEigenvalues,
  type Matrix64,
  normals,
  quadraticLoss,
  randomOrthogonal,
  REFERENCE_BACKEND,
  softmax64,
  useBackend,
  weights64,
  withSpectrum,
} from '../kit';
import type { HiddenActivation } from '../../src/core/names';

useBackend(REFERENCE_BACKEND);

/** Full Hessian, full spectrum and Lanczos top-k of one input, checking for leaks. */
async function analyze(loss: PerSampleLoss, xs: number[], shape: number[], k: number) {
  return expectNoLeakAsync(async () => {
    const x = tf.tensor(xs, [1, ...shape]);
    try {
      const hessian = await inputHessian(loss, x, { chunkSize: 7 }); // 7: chunks of unequal size
      const spectrum = await fullInputSpectrum(loss, x);
      const top = await hessianTopK(loss, x, { k, seed: 3 });
      return { hessian, spectrum, top };
    } finally {
      x.dispose();
    }
  });
}

const maxAbsEntry = (m: ArrayLike<number>) =>
  Array.from(m).reduce((a, v) => Math.max(a, Math.abs(v)), 0);

/** max |H − ref| / max |ref| over all entries. */
function matrixError(h: Float64Array, ref: Matrix64): number {
  const flat = ref.flat();
  return maxAbsEntry(flat.map((r, i) => h[i]! - r)) / maxAbsEntry(flat);
}

describe('input Hessian spectrum of an exactly quadratic loss ½xᵀAx', () => {
  const d = 24;
  const lambda = Array.from({ length: d }, (_, i) => 6 - i * 0.5); // 6 … −5.5, gaps 0.5
  const q = randomOrthogonal(d, 21);
  const a = fround(withSpectrum(lambda, q));
  const loss = quadraticLoss(a, new Array(d).fill(0), new Array(d).fill(0), 0);

  it('H = A; the full spectrum and Lanczos top-k recover λ and its eigenvectors', async () => {
    const { hessian, spectrum, top } = await analyze(loss, normals(d, 1), [d], 4);
    // A is float32-representable, so H·eᵢ (a float32 matVec with a basis vector) is exact: 0
    // measured. Eigenvalues: float32 rounding of A moved them by ≤ ‖ΔA‖ ~ 1e-6 from λ (5e-8
    // measured), and Lanczos's float32 HVPs add ~1e-7.
    expect(matrixError(hessian.matrix, a)).toBeLessThan(1e-6);
    expect(hessian.asymmetry).toBeLessThan(1e-6);
    spectrum.values.forEach((v, i) => expect(Math.abs(v - lambda[i]!)).toBeLessThan(1e-5));
    expect(top.converged).toBe(true);
    top.values.forEach((v, i) => expect(Math.abs(v - lambda[i]!)).toBeLessThan(1e-5));
    // Gaps are 0.5, so the eigenvector angle is ≤ residual/gap ~ 1e-5.
    top.vectors.forEach((y, i) => expect(Math.abs(dot(y, q[i]!))).toBeGreaterThan(1 - 1e-8));
  });
});

describe('input Hessian of a linear softmax model: exactly Wᵀ(diag p − ppᵀ)W', () => {
  const d = 20;
  const numClasses = 10;
  const model = buildMlp({ seed: 6, inputShape: [d], hiddenUnits: [], numClasses });
  const plan = planOf(model);
  const label = 4;
  const x = normals(d, 2, 2);

  it('full matrix, full spectrum and Lanczos match an independent float64 computation', async () => {
    const { hessian, spectrum, top } = await analyze(crossEntropyLoss(model, label), x, [d], 9);
    const [kernel, bias] = weights64(plan) as [number[], number[]]; // kernel [d, K]: z = xW + b
    const w = (i: number, c: number) => kernel[i * numClasses + c]!;
    const logits = bias.map((b, c) => x.reduce((s, xi, i) => s + xi * w(i, c), b));
    const p = softmax64(logits);
    const s = p.map((pa, i) => p.map((pb, j) => (i === j ? pa : 0) - pa * pb));
    const ref = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) =>
        s.reduce(
          (acc, row, c) => acc + w(i, c) * row.reduce((t, sce, e) => t + sce * w(j, e), 0),
          0,
        ),
      ),
    );
    // float32 softmax and double backprop: ~1e-7 per entry relative to the largest (1.3e-7
    // measured).
    expect(matrixError(hessian.matrix, ref)).toBeLessThan(1e-5);
    const refValues = jacobiEigenvalues(ref);
    const scale = refValues[0]!;
    // Weyl: |Δλ| ≤ ‖ΔH‖₂ ≤ d·max|ΔH| ~ 3e-6·scale (1.2e-7·scale measured).
    spectrum.values.forEach((v, i) =>
      expect(Math.abs(v - refValues[i]!)).toBeLessThan(1e-5 * scale),
    );
    top.values.forEach((v, i) => expect(Math.abs(v - refValues[i]!)).toBeLessThan(1e-5 * scale));
    // Rank K − 1 = 9: the softmax Hessian diag p − ppᵀ annihilates the all-ones vector.
    expect(Math.abs(spectrum.values[9]!)).toBeLessThan(1e-6 * scale); // float32 noise
    disposeModel(model);
  });
});

describe.each<[HiddenActivation, boolean]>([
  ['relu', true],
  ['softplus', false],
])('input Hessian of an MLP (8×8 input), %s', (activation, lowRank) => {
  const shape = [8, 8, 1];
  const d = 64;
  const model = buildMlp({
    seed: 8,
    inputShape: shape,
    hiddenUnits: [32, 16],
    numClasses: 10,
    activation,
  });
  const plan = planOf(model);
  const label = 2;
  const x = normals(d, 5).map((v) => Math.fround(0.5 + 0.5 * v));

  it('matches the float64 reference; Lanczos top-k matches the full spectrum', async () => {
    const { hessian, spectrum, top } = await analyze(crossEntropyLoss(model, label), x, shape, 12);
    const w64 = weights64(plan);
    const ref = Array.from({ length: d }, (_, i) =>
      hvp64(
        plan,
        w64,
        x,
        label,
        Array.from({ length: d }, (_, j) => (j === i ? 1 : 0)),
      ),
    );
    // Float32 double backprop vs float64 differences (step 1e-5, no kink crossing), per entry
    // relative to the largest entry: 1.1e-7 measured.
    expect(matrixError(hessian.matrix, ref)).toBeLessThan(1e-5);
    expect(hessian.asymmetry).toBeLessThan(1e-5); // float32 rounding of HVPs; exact H symmetric
    const symmetric = ref.map((row, i) => row.map((v, j) => (v + ref[j]![i]!) / 2));
    const refValues = jacobiEigenvalues(symmetric);
    const scale = Math.max(...refValues.map(Math.abs));
    // Weyl: |Δλ| ≤ ‖ΔH‖₂ ≤ d·max|ΔH| — measured well below 1e-5·scale.
    spectrum.values.forEach((v, i) =>
      expect(Math.abs(v - refValues[i]!)).toBeLessThan(1e-4 * scale),
    );
    // Lanczos stops at residual ≤ 1e-6·scale (≥ |θ − λ|) on the same float32 operator as the
    // full matrix: 4e-8·scale measured.
    top.values.forEach((v, i) =>
      expect(Math.abs(v - spectrum.values[i]!)).toBeLessThan(1e-5 * scale),
    );
    const nonzero = Array.from(spectrum.values).filter((v) => Math.abs(v) > 1e-5 * scale).length;
    if (lowRank) {
      // Piecewise-linear logits: H = Jᵀ(diag p − ppᵀ)J has rank ≤ K − 1 = 9 (PAPER.md), and at
      // a generic point exactly 9. Measured: λ₉ = 1.3e-3·scale, then float32 noise ≤ 1e-8·scale.
      expect(nonzero).toBe(9);
    } else {
      // Smooth activations add curvature of the logits themselves: full rank, both signs.
      expect(nonzero).toBeGreaterThan(20);
      expect(spectrum.values[d - 1]!).toBeLessThan(0);
    }
    disposeModel(model);
  });
});

describe('inputHvpClosure and the full-Hessian helpers', () => {
  it('reject a batch of more than one input', () => {
    const loss = quadraticLoss([[1]], [0], [0], 0);
    const x = tf.zeros([2, 1]);
    expect(() => inputHvpClosure(loss, x)).toThrow(/one input/);
    x.dispose();
  });
});

it('symmetricEigen of a matrix with a NaN entry gives NaN eigenpairs (JAMA would index past its arrays)', () => {
  const { values, vectors } = symmetricEigen([1, NaN, NaN, 2], 2, true);
  expect(Array.from(values)).toEqual([NaN, NaN]);
  expect(vectors.every((v) => v.every(Number.isNaN))).toBe(true);
  // A finite matrix is unaffected: diag(1, 2) → 2, 1.
  expect(Array.from(symmetricEigen([1, 0, 0, 2], 2).values)).toEqual([2, 1]);
});
