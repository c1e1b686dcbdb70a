import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  lineSearchRobustness,
  normalDirection,
  orientAlong,
  pgdRobustness,
  quadraticReach,
  robustnessBounds,
} from '../../src/core/geometry';
import { dot, norm } from '../../src/core/linalg/vector';
import {
  expectNoLeakAsync,
  fround,
  normals,
  quadraticLoss,
  randomOrthogonal,
  readSync,
  REFERENCE_BACKEND,
  useBackend,
  withSpectrum,
} from '../kit';

useBackend(REFERENCE_BACKEND);

/** PAPER.md's textbook form (s/ν)(√(1 + 2νc/s²) − 1), for comparison where it is accurate. */
const textbook = (s: number, nu: number, c: number) =>
  (s / nu) * (Math.sqrt(1 + (2 * nu * c) / s ** 2) - 1);

describe('quadraticReach and robustnessBounds', () => {
  it('equal the textbook formulas where those are well conditioned', () => {
    for (const [s, nu, c] of [
      [1, 1, 1],
      [0.3, 5, 2],
      [2, 0.01, 0.5],
    ] as const) {
      // The textbook form loses digits to √(1 + ε) − 1 with ε = 2νc/s² (ε = 2.5e-3 in the last
      // case: ~1e-13 relative); the stable form does not. 1e-12 covers the textbook's error.
      expect(Math.abs(quadraticReach(s, nu, c) - textbook(s, nu, c))).toBeLessThan(
        1e-12 * textbook(s, nu, c),
      );
    }
  });

  it('tend to the linear c/‖g‖ as ν → 0 without cancellation', () => {
    const [s, c] = [0.7, 1.3];
    for (const nu of [1e-8, 1e-12, 1e-20, 0]) {
      // First-order: ρ = (c/s)(1 − νc/(2s²) + …); at ν ≤ 1e-8 the correction is < 1e-8.
      expect(Math.abs(quadraticReach(s, nu, c) - c / s)).toBeLessThan(2e-8 * (c / s));
    }
    expect(quadraticReach(s, 1e-20, c)).toBe(c / s); // the stable form is exact in the limit
    // …while the textbook form has lost every digit there (1 + 1e-20 rounds to 1).
    expect(textbook(s, 1e-20, c)).toBe(0);
  });

  it('handle c ≤ 0, g ⊥ u, and a quadratic that never reaches the level', () => {
    expect(quadraticReach(1, 2, 0)).toBe(0);
    expect(quadraticReach(1, 2, -1)).toBe(0);
    expect(quadraticReach(0, 2, 1)).toBe(1); // √(2c/ν)
    expect(quadraticReach(0, 0, 1)).toBe(Infinity);
    expect(quadraticReach(1, -1, 1)).toBe(Infinity); // 1 + 2·(−1)·1 < 0: concave, peaks below c
    expect(() => quadraticReach(-1, 1, 1)).toThrow(/slope/);
    const b = robustnessBounds({ gradNorm: 2, gradDotU: -1, nu: 3, c: 1 });
    expect(b.upper).toBe(quadraticReach(1, 3, 1)); // the sign of gᵀu is irrelevant
    expect(b.lower).toBe(quadraticReach(2, 3, 1));
    expect(b.linear).toBe(0.5);
    expect(b.lower).toBeLessThan(b.upper);
  });
});

describe('measured robustness on an exactly quadratic loss', () => {
  // ℓ(x) = ℓ₀ + gᵀ(x − x₀) + ½(x − x₀)ᵀA(x − x₀) with A ⪰ 0 of known spectrum: the quadratic model
  // is exact, so lower ≤ ρ ≤ upper must hold, and the line search along u reaches t exactly at
  // the upper bound's step.
  const d = 12;
  const lambda = [3, 1.5, 1, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0, 0];
  const q = randomOrthogonal(d, 17);
  const a = fround(withSpectrum(lambda, q));
  const g = normals(d, 5, 0.5);
  const x0 = normals(d, 6);
  const l0 = 0.7;
  const c = 2;
  const level = l0 + c;
  const loss = quadraticLoss(a, g, x0, l0);
  const u = orientAlong(q[0]!, g);
  const bounds = robustnessBounds({ gradNorm: norm(g), gradDotU: dot(g, u), nu: lambda[0]!, c });

  async function run<T>(fn: (x: tf.Tensor) => Promise<T>): Promise<T> {
    return expectNoLeakAsync(async () => {
      const x = tf.tensor2d([x0]);
      try {
        return await fn(x);
      } finally {
        x.dispose();
      }
    });
  }

  /** ℓ(x₀ + r) evaluated directly. */
  const lossAt = (r: ArrayLike<number>) =>
    tf.tidy(() => readSync(loss(tf.tensor2d([x0.map((xi, i) => xi + r[i]!)])))[0]!);

  it('line search along the top eigenvector hits the upper bound', async () => {
    const found = await run((x) => lineSearchRobustness(loss, x, u, level, { maxRadius: 10 }));
    expect(found.reached).toBe(true);
    // Float32 loss evaluations (~1e-7 relative of ℓ ≈ 3) move the crossing by ~1e-7·ℓ/slope;
    // the bracket is 10/16⁷ ≈ 4e-8. 1e-5 relative covers both with margin.
    expect(Math.abs(found.rho - bounds.upper)).toBeLessThan(1e-5 * bounds.upper);
    expect(found.bracket).toBeLessThan(1e-6);
    expect(found.loss).toBeGreaterThanOrEqual(level);
    expect(Math.abs(norm(found.perturbation) - found.rho)).toBeLessThan(1e-6 * found.rho); // f32
  });

  it('line search along the normal is at least the lower bound', async () => {
    const n = normalDirection(g)!;
    const found = await run((x) => lineSearchRobustness(loss, x, n, level, { maxRadius: 10 }));
    expect(found.rho).toBeGreaterThanOrEqual(bounds.lower * (1 - 1e-5)); // float32 loss, as above
    expect(found.rho).toBeLessThan(10);
  });

  it('ℓ2 PGD finds ρ between the bounds, with a feasible perturbation', async () => {
    const found = await run((x) => pgdRobustness(loss, x, level, { maxRadius: 10 }));
    expect(found.reached).toBe(true);
    // Lower bound: a theorem for this exact quadratic (float32 slack 1e-5). Upper: PGD maximizes
    // the loss over each ball; the point ρ_upper·u is in the ball of radius ρ_upper, so a PGD that
    // converges reaches t by then; the bracket (10/8⁵ ≈ 3e-4) is the resolution.
    expect(found.rho).toBeGreaterThanOrEqual(bounds.lower * (1 - 1e-5));
    expect(found.rho).toBeLessThanOrEqual(bounds.upper + found.bracket);
    expect(found.bracket).toBeLessThan(1e-3);
    expect(norm(found.perturbation)).toBeLessThanOrEqual(found.rho * (1 + 1e-6)); // projection, f32
    expect(lossAt(found.perturbation)).toBeGreaterThanOrEqual(level - 1e-6 * level); // f32 loss
    expect(bounds.lower).toBeLessThan(bounds.upper); // the check above is not vacuous
  });

  it('returns 0 when the loss is already at the level', async () => {
    const line = await run((x) => lineSearchRobustness(loss, x, u, l0 - 0.1, { maxRadius: 1 }));
    const pgd = await run((x) => pgdRobustness(loss, x, l0 - 0.1, { maxRadius: 1, steps: 2 }));
    for (const found of [line, pgd]) {
      expect(found.rho).toBe(0);
      expect(found.reached).toBe(true);
      expect(norm(found.perturbation)).toBe(0);
    }
  });

  it('returns Infinity, reached = false and the point at maxRadius when t is out of reach', async () => {
    const line = await run((x) => lineSearchRobustness(loss, x, u, level, { maxRadius: 0.1 }));
    const pgd = await run((x) => pgdRobustness(loss, x, level, { maxRadius: 0.1, steps: 5 }));
    for (const found of [line, pgd]) {
      expect(found.rho).toBe(Infinity);
      expect(found.reached).toBe(false);
      expect(found.loss).toBeLessThan(level);
      expect(norm(found.perturbation)).toBeLessThanOrEqual(0.1 * (1 + 1e-6)); // float32
      expect(found.loss).toBeGreaterThan(l0); // it did climb
    }
  });

  it('rejects bad settings', async () => {
    await expect(
      run((x) => lineSearchRobustness(loss, x, [1], level, { maxRadius: 1 })),
    ).rejects.toThrow(/u has/);
    await expect(
      run((x) => lineSearchRobustness(loss, x, u, level, { maxRadius: 0 })),
    ).rejects.toThrow(/maxRadius/);
    await expect(
      run((x) => pgdRobustness(loss, x, level, { maxRadius: 1, points: 1 })),
    ).rejects.toThrow(/points/);
    await expect(run((x) => pgdRobustness(loss, x, NaN, { maxRadius: 1 }))).rejects.toThrow(
      /level/,
    );
  });
});
