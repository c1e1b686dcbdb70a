import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  crossEntropyLoss,
  lossAndInputGradient,
  rayleighQuotient,
  rowNorm,
  type PerSampleLoss,
} from '../../src/core/curvature';
import { normalCurvatureProfile } from '../../src/core/inspect';
import { dot, norm } from '../../src/core/linalg/vector';
import { buildMlp, disposeModel } from '../../src/core/models';
import {
  expectNoLeakAsync,
  fround,
  matVec,
  normal,
  normals,
  quadraticLoss,
  randomOrthogonal,
  readSync,
  REFERENCE_BACKEND,
  reportError,
  useBackend,
  withSpectrum,
} from '../kit';

useBackend(REFERENCE_BACKEND);

/** The profile, asserting it exists and that no tensor leaked. */
async function profileOf(loss: PerSampleLoss, x: tf.Tensor, hs: number[]) {
  const profile = await expectNoLeakAsync(() => normalCurvatureProfile(loss, x, hs));
  expect(profile).not.toBeNull();
  return profile!;
}

describe('normalCurvatureProfile on a softplus MLP', () => {
  const model = buildMlp({
    inputShape: [6],
    hiddenUnits: [16, 16],
    numClasses: 3,
    activation: 'softplus',
    seed: 12,
  });
  const loss = crossEntropyLoss(model, 1);
  const x = normal([1, 6], 8);
  afterAll(() => {
    x.dispose();
    disposeModel(model);
  });

  it('equals rayleighQuotient along n, exact and for every h', async () => {
    const hs = [0.01, 0.1, 0.5, 2];
    const profile = await profileOf(loss, x, hs);
    const { n, gradNorm } = tf.tidy(() => {
      const { grad } = lossAndInputGradient(loss, x);
      return { n: tf.div(grad, rowNorm(grad)), gradNorm: rowNorm(grad) };
    });
    expect(Math.abs(profile.gradNorm - readSync(gradNorm)[0]!)).toBeLessThan(
      1e-6 * profile.gradNorm,
    );
    const exact = readSync(rayleighQuotient(loss, x, n))[0]!;
    // Same ops on the same numbers except that the 2·|hs| points go through one batch: equal to
    // float32 rounding of the gradients divided by 2h (measured: 0 on cpu). Allowance 1e-5
    // relative + 1e-6·‖g‖/h absolute (a 1e-7-relative change of each gradient, over 2h).
    expect(Math.abs(profile.exact - exact)).toBeLessThan(1e-5 * Math.abs(exact));
    hs.forEach((h, i) => {
      const reference = readSync(rayleighQuotient(loss, x, n, h))[0]!;
      const error = Math.abs(profile.fd[i]! - reference);
      reportError('cpu', `softplus profile h=${h} vs rayleighQuotient`, error);
      expect(error).toBeLessThan(1e-5 * Math.abs(reference) + (1e-6 * profile.gradNorm) / h);
    });
    expect(Array.from(profile.hs)).toEqual(hs);
    n.dispose();
  });

  it('converges to the exact value as O(h²)', async () => {
    const hs = [0.2, 0.1];
    const profile = await profileOf(loss, x, hs);
    const [coarse, fine] = hs.map((_, i) => Math.abs(profile.fd[i]! - profile.exact));
    // Central difference: fd − exact = (h²/6)·∂³(nᵀ∇ℓ)/∂h³ + O(h⁴), so halving h divides the
    // error by 4·(1 + O(h²)) (measured 3.99). Float32 rounding of the two gradients moves fd by
    // ~1.2e-7·‖g‖/2h (≈ 4e-7 at h = 0.1); the check below makes sure the errors are ≥ 20× that,
    // so rounding shifts the ratio by < 10% and [3, 5] is the truncation's O(h²) law.
    reportError('cpu', 'softplus profile |fd − exact| at h = 0.2', coarse!);
    reportError('cpu', 'softplus profile |fd − exact| at h = 0.1', fine!);
    expect(fine!).toBeGreaterThan((20 * 1.2e-7 * profile.gradNorm) / (2 * hs[1]!));
    expect(coarse! / fine!).toBeGreaterThan(3);
    expect(coarse! / fine!).toBeLessThan(5);
  });
});

describe('normalCurvatureProfile on an exactly quadratic loss', () => {
  const d = 9;
  const lambda = [2, 1.2, 0.9, 0.5, 0.3, 0.1, 0, -0.2, -0.5];
  const a = fround(withSpectrum(lambda, randomOrthogonal(d, 4)));
  const g0 = normals(d, 2, 0.7);
  const x0 = normals(d, 3);
  const loss = quadraticLoss(a, g0, x0, 0.3);

  it('finite differences equal nᵀAn at every h', async () => {
    const xs = normals(d, 9, 0.5);
    const x = tf.tensor2d([xs]);
    const hs = [0.01, 0.3, 1, 10];
    const profile = await profileOf(loss, x, hs);
    // g = g₀ + A(x − x₀), n = g/‖g‖ in float64: nᵀAn is the curvature at every h (∇ℓ is affine).
    const g = matVec(
      a,
      xs.map((xi, i) => xi - x0[i]!),
    ).map((v, i) => v + g0[i]!);
    const n = g.map((gi) => gi / norm(g));
    const curvature = dot(n, matVec(a, n));
    // Exact HVP: float32 matMuls, ~1e-6 relative of ‖A‖ = 2.
    expect(Math.abs(profile.exact - curvature)).toBeLessThan(1e-5);
    expect(Math.abs(profile.gradNorm - norm(g))).toBeLessThan(1e-5 * norm(g));
    hs.forEach((h, i) => {
      // The two gradients (norm ≲ ‖g‖ + ‖A‖h) are float32: their difference is off by
      // ~1e-7·(‖g‖ + 2h)·√d, divided by 2h: 1.5e-7·(‖g‖ + 2h)/h;
      // allowance ~13× that (measured: 4e-6 at h = 0.01, ≤ 1e-7 at h ≥ 0.3).
      const error = Math.abs(profile.fd[i]! - curvature);
      reportError('cpu', `quadratic profile h=${h}`, error);
      expect(error).toBeLessThan((2e-6 * (norm(g) + 2 * h)) / h);
    });
    x.dispose();
  });

  it('returns null at a point with an exactly zero gradient, and rejects bad steps', async () => {
    const bowl: PerSampleLoss = (u) => tf.tidy(() => tf.mul(0.5, tf.sum(tf.square(u), 1)));
    const origin = tf.zeros([1, 4]);
    expect(await expectNoLeakAsync(() => normalCurvatureProfile(bowl, origin, [0.1]))).toBeNull();
    await expect(normalCurvatureProfile(bowl, origin, [])).rejects.toThrow(/empty/);
    await expect(normalCurvatureProfile(bowl, origin, [0.1, 0])).rejects.toThrow(/> 0/);
    const two = tf.zeros([2, 4]);
    await expect(normalCurvatureProfile(bowl, two, [0.1])).rejects.toThrow(/one input/);
    tf.dispose([origin, two]);
  });
});
