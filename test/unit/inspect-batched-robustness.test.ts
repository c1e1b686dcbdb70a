import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { crossEntropyLoss } from '../../src/core/curvature';
import { pgdRobustness, quadraticReach, type RobustnessResult } from '../../src/core/geometry';
import { modelPointLoss, pgdRobustnessBatch, type PointLoss } from '../../src/core/inspect';
import { norm } from '../../src/core/linalg/vector';
import { buildMlp, disposeModel } from '../../src/core/models';
import {
  expectNoLeakAsync,
  maxAbsError,
  normal,
  normals,
  readSync,
  REFERENCE_BACKEND,
  reportError,
  useBackend,
} from '../kit';

useBackend(REFERENCE_BACKEND);

/** Batched vs single-point results of the same search: the radii tried are the same numbers
 * whenever every comparison `loss ≥ level` came out the same, so rho, bracket, reached and
 * evaluations must be equal, not just close; the losses and perturbations come from float32 PGD
 * on rows of different batch sizes (equal on cpu, measured; 1e-5 allows other summation
 * orders). */
function expectSameResult(batched: RobustnessResult, single: RobustnessResult, what: string) {
  expect(batched.reached).toBe(single.reached);
  expect(batched.rho).toBe(single.rho);
  expect(batched.bracket).toBe(single.bracket);
  expect(batched.evaluations).toBe(single.evaluations);
  const lossError = Math.abs(batched.loss - single.loss) / Math.max(Math.abs(single.loss), 1);
  const rError = maxAbsError(batched.perturbation, single.perturbation);
  reportError('cpu', `${what} loss (relative)`, lossError);
  reportError('cpu', `${what} perturbation (max abs)`, rError);
  expect(lossError).toBeLessThan(1e-5);
  expect(rError).toBeLessThan(1e-5 * Math.max(single.rho === Infinity ? 1 : single.rho, 1));
}

describe('pgdRobustnessBatch on a softplus MLP', () => {
  const model = buildMlp({
    inputShape: [5],
    hiddenUnits: [12, 12],
    numClasses: 3,
    activation: 'softplus',
    seed: 9,
  });
  const labels = [0, 1, 2, 0, 1, 2];
  const count = labels.length;
  const x = normal([count, 5], 4);
  const y = tf.tensor1d(labels, 'int32');
  afterAll(() => {
    tf.dispose([x, y]);
    disposeModel(model);
  });

  it('gives per point the result of pgdRobustness, in one PGD per round', async () => {
    const loss = modelPointLoss(model, y);
    const clean = readSync(tf.tidy(() => loss(x, tf.range(0, count, 1, 'int32') as tf.Tensor1D)));
    // Levels: mostly reachable (ℓ + 0.2 … ℓ + 0.7), one already reached, one out of reach.
    const levels = clean.map((l, p) => (p === 1 ? l - 0.1 : p === 4 ? l + 50 : l + 0.2 + p / 10));
    const options = { maxRadius: 8, steps: 10 };
    let rounds = 0;
    let rows = 0;
    const counting: PointLoss = (u, points) => {
      rows += u.shape[0]!;
      rounds++;
      return loss(u, points);
    };
    const batched = await expectNoLeakAsync(() => pgdRobustnessBatch(counting, x, levels, options));
    const single = await expectNoLeakAsync(async () => {
      const results: RobustnessResult[] = [];
      for (let p = 0; p < count; p++) {
        const xp = tf.slice(x, p, 1);
        results.push(
          await pgdRobustness(crossEntropyLoss(model, labels[p]!), xp, levels[p]!, options),
        );
        xp.dispose();
      }
      return results;
    });
    batched.forEach((b, p) => expectSameResult(b, single[p]!, `softplus MLP point ${p}`));
    expect(batched.map((b) => b.reached)).toEqual([true, true, true, true, false, true]);
    expect(batched[1]!.rho).toBe(0);
    // Each round is one PGD of steps + 1 loss evaluations; a point's evaluations count
    // (steps + 1) per radius, so Σ_p evaluations_p = (steps + 1)·rows.
    const perRadius = options.steps + 1;
    const searchRounds = single.map((s) => 1 + (s.evaluations / perRadius - 9) / 7);
    expect(rounds).toBe(perRadius * Math.max(...searchRounds));
    expect(rows).toBe(batched.reduce((a, b) => a + b.evaluations, 0));
  });
});

describe('pgdRobustnessBatch on an exactly quadratic loss with a closed-form ρ', () => {
  // ℓ_p(x) = ℓ₀ + s_p·(bᵀ(x − x₀) + ½a‖x − x₀‖²): isotropic Hessian s_p·a·I, so at x_p with
  // gradient g_p = s_p(b + a(x_p − x₀)) the largest loss on the ball ‖r‖ ≤ ε is at r = ε·g_p/‖g_p‖
  // (gᵀr and ‖r‖² are both largest there), ℓ_p(x_p) + ‖g_p‖ε + ½s_p·a·ε²; PGD from r = 0 walks
  // exactly along g_p to it. Hence ρ_p = quadraticReach(‖g_p‖, s_p·a, c) exactly (both bounds
  // of PAPER.md coincide when g is an eigenvector).
  const d = 7;
  const a = 0.8;
  const scales = [1, 0.3, 2.5, 1.7];
  const b = normals(d, 21, 0.4);
  const x0 = normals(d, 22);
  const l0 = 0.25;
  const c = 1.2;
  const count = scales.length;
  const lossOf =
    (scale: tf.Tensor1D): PointLoss =>
    (u, points) =>
      tf.tidy(() => {
        const diff = tf.sub(u, tf.tensor2d([x0]));
        const linear = tf.sum(tf.mul(diff, tf.tensor2d([b])), 1);
        const quadratic = tf.mul(0.5 * a, tf.sum(tf.square(diff), 1));
        return tf.add(l0, tf.mul(tf.gather(scale, points), tf.add(linear, quadratic)));
      });
  const xs = Array.from({ length: count }, (_, p) => normals(d, 30 + p, 0.5));
  const closedForm = xs.map((xp, p) => {
    const g = xp.map((xi, i) => scales[p]! * (b[i]! + a * (xi - x0[i]!)));
    const value =
      l0 +
      scales[p]! *
        xp.reduce((acc, xi, i) => {
          const di = xi - x0[i]!;
          return acc + b[i]! * di + 0.5 * a * di * di;
        }, 0);
    return { value, rho: quadraticReach(norm(g), scales[p]! * a, c) };
  });

  it('finds ρ_p within the search bracket of the closed form, as pgdRobustness does', async () => {
    const scale = tf.tensor1d(scales);
    const x = tf.tensor2d(xs);
    const loss = lossOf(scale);
    const levels = closedForm.map((f) => f.value + c);
    const options = { maxRadius: 4, steps: 10 };
    const batched = await expectNoLeakAsync(() => pgdRobustnessBatch(loss, x, levels, options));
    for (let p = 0; p < count; p++) {
      const found = batched[p]!;
      const exact = closedForm[p]!.rho;
      expect(found.reached).toBe(true);
      reportError(
        'cpu',
        `quadratic point ${p} rho − closed form (bracket ${found.bracket.toExponential(1)})`,
        found.rho - exact,
      );
      // The true crossing lies in (rho − bracket, rho]; float32 losses (~1e-7 relative of
      // ℓ ≈ 3) move it by ~1e-7·ℓ/slope ≲ 1e-6 — far inside the 4/8⁵ ≈ 1.2e-4 bracket, so the
      // slack is 1e-5 absolute.
      expect(found.rho).toBeGreaterThanOrEqual(exact - 1e-5);
      expect(found.rho - found.bracket).toBeLessThanOrEqual(exact + 1e-5);
      expect(found.bracket).toBeLessThan(2e-4);
      const xp = tf.slice(x, p, 1);
      const single = await pgdRobustness(
        (u) => loss(u, tf.fill([u.shape[0]!], p, 'int32') as tf.Tensor1D),
        xp,
        levels[p]!,
        options,
      );
      xp.dispose();
      expectSameResult(found, single, `quadratic point ${p}`);
    }
    tf.dispose([scale, x]);
  });

  it('rejects bad levels and settings', async () => {
    const scale = tf.tensor1d(scales);
    const x = tf.tensor2d(xs);
    const loss = lossOf(scale);
    await expect(pgdRobustnessBatch(loss, x, [1], { maxRadius: 1 })).rejects.toThrow(/levels/);
    await expect(pgdRobustnessBatch(loss, x, [1, 1, NaN, 1], { maxRadius: 1 })).rejects.toThrow(
      /finite/,
    );
    await expect(pgdRobustnessBatch(loss, x, [1, 1, 1, 1], { maxRadius: 0 })).rejects.toThrow(
      /maxRadius/,
    );
    await expect(
      pgdRobustnessBatch(loss, x, [1, 1, 1, 1], { maxRadius: 1, steps: 0 }),
    ).rejects.toThrow(/steps/);
    tf.dispose([scale, x]);
  });
});
