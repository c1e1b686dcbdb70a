import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { robustnessBounds } from '../../src/core/geometry';
import { robustnessVersusBounds, type PointLoss } from '../../src/core/inspect';
import { dot, norm } from '../../src/core/linalg/vector';
import {
  expectNoLeakAsync,
  fround,
  matVec,
  normals,
  randomOrthogonal,
  REFERENCE_BACKEND,
  reportError,
  useBackend,
  withSpectrum,
} from '../kit';

useBackend(REFERENCE_BACKEND);

describe('robustnessVersusBounds on exactly quadratic losses', () => {
  // ℓ_p(x) = ℓ₀ + s_p·(bᵀ(x − x₀) + ½(x − x₀)ᵀA(x − x₀)) with A ⪰ 0 of known spectrum: the
  // quadratic model is exact, H_p = s_p·A, ν_p = s_p·λ₁ with eigenvector q₁ (row 0 of Q), and
  // g_p = s_p(b + A(x_p − x₀)). The per-point scale s_p checks that every row is scored as its
  // own point in all three batched passes.
  const d = 10;
  const lambda = [3, 1.5, 1, 0.8, 0.5, 0.4, 0.3, 0.2, 0, 0];
  const q = randomOrthogonal(d, 17);
  const a = fround(withSpectrum(lambda, q));
  const b = normals(d, 5, 0.5);
  const x0 = normals(d, 6);
  const l0 = 0.7;
  const scales = [1, 0.4, 2];
  const xs = scales.map((_, p) => normals(d, 40 + p, 0.3));
  const c = 1.5;

  const pointLoss =
    (scale: tf.Tensor1D, matrix: tf.Tensor2D): PointLoss =>
    (u, points) =>
      tf.tidy(() => {
        const diff = tf.sub(u, tf.tensor2d([x0]));
        const linear = tf.sum(tf.mul(diff, tf.tensor2d([b])), 1);
        const quadratic = tf.mul(0.5, tf.sum(tf.mul(tf.matMul(diff, matrix), diff), 1));
        return tf.add(l0, tf.mul(tf.gather(scale, points), tf.add(linear, quadratic)));
      });

  /** Float64 closed forms for point p. */
  function closedForm(p: number) {
    const s = scales[p]!;
    const diff = xs[p]!.map((xi, i) => xi - x0[i]!);
    const ad = matVec(a, diff);
    const g = b.map((bi, i) => s * (bi + ad[i]!));
    const value = l0 + s * (dot(b, diff) + 0.5 * dot(diff, ad));
    const nu = s * lambda[0]!;
    const gradDotU = Math.abs(dot(g, q[0]!));
    return { value, g, nu, gradDotU, ...robustnessBounds({ gradNorm: norm(g), gradDotU, nu, c }) };
  }

  it('matches ν, gᵀu, ‖g‖ and ℓ to closed forms, and places ρ between the bounds', async () => {
    const scale = tf.tensor1d(scales);
    const matrix = tf.tensor2d(a);
    const x = tf.tensor2d(xs);
    const rows = await expectNoLeakAsync(() =>
      robustnessVersusBounds(pointLoss(scale, matrix), x, { c, maxRadius: 10, seed: 3 }),
    );
    expect(rows.length).toBe(scales.length);
    rows.forEach((row, p) => {
      const exact = closedForm(p);
      const gNorm = norm(exact.g);
      // ℓ and g come from float32 tensors: ~1e-7 relative each, 1e-5 leaves ample room.
      expect(Math.abs(row.loss - exact.value)).toBeLessThan(1e-5 * Math.abs(exact.value));
      expect(Math.abs(row.gradNorm - gNorm)).toBeLessThan(1e-5 * gNorm);
      // ν: Lanczos stops at residual ≤ 1e-6·ν, which bounds |θ − λ|; float32 HVPs add ~1e-7.
      reportError(
        'cpu',
        `quadratic point ${p} ν (relative)`,
        Math.abs(row.nu - exact.nu) / exact.nu,
      );
      expect(Math.abs(row.nu - exact.nu)).toBeLessThan(1e-5 * exact.nu);
      // gᵀu: the Ritz vector is within angle residual/gap ≤ 1e-6·3/1.5 of q₁, so
      // |Δ(gᵀu)| ≤ ‖g‖·2e-6 (+ float32 g); 1e-5·‖g‖.
      const dotError = Math.abs(row.gradDotU - exact.gradDotU);
      reportError('cpu', `quadratic point ${p} gᵀu (rel. to ‖g‖)`, dotError / gNorm);
      expect(dotError).toBeLessThan(1e-5 * gNorm);
      expect(row.c).toBe(c);
      // The bounds are smooth in their inputs: relative 1e-4 covers the 1e-5 input errors.
      expect(Math.abs(row.lower - exact.lower)).toBeLessThan(1e-4 * exact.lower);
      expect(Math.abs(row.upper - exact.upper)).toBeLessThan(1e-4 * exact.upper);
      expect(row.linear).toBeCloseTo(c / row.gradNorm, 12);
      // The theorem: lower ≤ ρ ≤ upper for an exact quadratic. ρ is the search's upper end, so
      // the upper bound holds up to the bracket; 1e-5 relative is float32 loss slack.
      expect(row.reached).toBe(true);
      expect(row.rho).toBeGreaterThanOrEqual(row.lower * (1 - 1e-5));
      expect(row.rho).toBeLessThanOrEqual(row.upper * (1 + 1e-5) + row.bracket);
      expect(row.bracket).toBeLessThan(1e-3);
      expect(row.lower).toBeLessThan(row.upper); // g is not an eigenvector: not vacuous
    });
    tf.dispose([scale, matrix, x]);
  });

  it('c = 0 gives zero bounds; bad c is rejected', async () => {
    const scale = tf.tensor1d(scales);
    const matrix = tf.tensor2d(a);
    const x = tf.tensor2d(xs);
    const loss = pointLoss(scale, matrix);
    const options = { maxRadius: 1, seed: 0, pgd: { steps: 2 }, lanczos: { maxIterations: 4 } };
    const rows = await robustnessVersusBounds(loss, x, { ...options, c: 0 });
    rows.forEach((row) => {
      expect([row.lower, row.upper, row.linear]).toEqual([0, 0, 0]);
      expect(row.rho).toBeLessThan(1); // reached within round 1 (at 0 up to float32 ties)
    });
    await expect(robustnessVersusBounds(loss, x, { ...options, c: -1 })).rejects.toThrow(/c must/);
    tf.dispose([scale, matrix, x]);
  });
});
