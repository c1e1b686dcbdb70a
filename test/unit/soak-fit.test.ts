import { describe, expect, it } from 'vitest';
import { fitLine, trend } from '../../scripts/soak/fit';

const steps = (n: number, every = 200) => Array.from({ length: n }, (_, i) => 1000 + i * every);

/** The least-squares line by the 2×2 normal equations and Cramer's rule: an independent route
 * to the same slope and intercept (fitLine centres the data instead). */
function normalEquations(xs: number[], ys: number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const sx = xs.reduce((s, x) => s + x, 0);
  const sy = ys.reduce((s, y) => s + y, 0);
  const sxx = xs.reduce((s, x) => s + x * x, 0);
  const sxy = xs.reduce((s, x, i) => s + x * ys[i]!, 0);
  const det = n * sxx - sx * sx;
  return { slope: (n * sxy - sx * sy) / det, intercept: (sxx * sy - sx * sxy) / det };
}

describe('fitLine', () => {
  it('recovers an exact line: slope, intercept, no scatter', () => {
    const xs = steps(20);
    const fit = fitLine(
      xs,
      xs.map((x) => 3 + 0.5 * x),
    );
    expect(fit.slope).toBeCloseTo(0.5, 12);
    expect(fit.intercept).toBeCloseTo(3, 8);
    expect(fit.residualStd).toBeLessThan(1e-9);
    expect(fit.span).toBe(19 * 200);
    expect(trend(fit)).toBe('grows');
  });

  it('agrees with the normal equations on noisy data (tolerance 1e-9 relative)', () => {
    const xs = steps(37, 137);
    // Deterministic scatter: a fixed pseudo-random sequence, not Math.random.
    const ys = xs.map((x, i) => 50 - 0.002 * x + Math.sin(i * 12.9898) * 0.7);
    const fit = fitLine(xs, ys);
    const reference = normalEquations(xs, ys);
    expect(fit.slope).toBeCloseTo(reference.slope, 9);
    expect(fit.intercept / reference.intercept).toBeCloseTo(1, 9);
  });

  it('gives the textbook standard error σ/√Σ(x − x̄)² when residuals alternate (ρ < 0: not widened)', () => {
    const xs = steps(10, 100);
    // ±1 alternately: the residuals about the (slightly tilted) line alternate in sign too.
    const ys = xs.map((_, i) => (i % 2 === 0 ? 1 : -1));
    const fit = fitLine(xs, ys);
    const meanX = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sxx = xs.reduce((s, x) => s + (x - meanX) ** 2, 0);
    const residuals = xs.map((x, i) => ys[i]! - (fit.intercept + fit.slope * x));
    const sigma = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (xs.length - 2));
    expect(fit.lag1).toBeLessThan(0);
    expect(fit.slopeStdError).toBeCloseTo(sigma / Math.sqrt(sxx), 12);
    expect(trend(fit)).toBe('flat');
  });

  it('widens the standard error by √((1 + ρ)/(1 − ρ)) for positively correlated residuals', () => {
    const xs = steps(40, 50);
    // A slow oscillation about a flat line: neighbouring residuals agree (ρ ≈ 0.9).
    const ys = xs.map((_, i) => 10 + Math.sin((2 * Math.PI * i) / 20));
    const fit = fitLine(xs, ys);
    expect(fit.lag1).toBeGreaterThan(0.8);
    const rho = Math.min(0.9, fit.lag1);
    const meanX = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sxx = xs.reduce((s, x) => s + (x - meanX) ** 2, 0);
    const plain = fit.residualStd / Math.sqrt(sxx);
    expect(fit.slopeStdError / plain).toBeCloseTo(Math.sqrt((1 + rho) / (1 - rho)), 12);
    expect(trend(fit)).toBe('flat');
  });

  it('needs two distinct xs for a slope and three points for an error', () => {
    expect(fitLine([5, 5, 5], [1, 2, 3]).slope).toBeNaN();
    expect(fitLine([1, 2], [1, 2]).slopeStdError).toBeNaN();
    expect(() => fitLine([1, 2], [1])).toThrow(/2 xs but 1 ys/);
  });
});

describe('trend', () => {
  it('calls a constant series flat, integer or not (round-off is not a slope)', () => {
    const xs = steps(30);
    expect(
      trend(
        fitLine(
          xs,
          xs.map(() => 100),
        ),
        { resolution: 0.5 },
      ),
    ).toBe('flat');
    expect(
      trend(
        fitLine(
          xs,
          xs.map(() => 5.37),
        ),
      ),
    ).toBe('flat');
  });

  it('catches a leak of one tensor per 100 steps, and one of 0.2 MiB per 1,000 steps in noise', () => {
    const xs = steps(50);
    const tensors = xs.map((x) => 100 + Math.floor(x / 100));
    expect(trend(fitLine(xs, tensors), { resolution: 0.5 })).toBe('grows');
    const heap = xs.map((x, i) => 10 + 0.0002 * x + 0.05 * Math.sin(i * 78.233));
    const fit = fitLine(xs, heap);
    expect(fit.slope * 1000).toBeCloseTo(0.2, 1);
    expect(trend(fit)).toBe('grows');
    expect(
      trend(
        fitLine(
          xs,
          heap.map((h) => 20 - h),
        ),
      ),
    ).toBe('shrinks');
  });

  it('calls one outlier in a flat count flat (an evaluation holding its batch for a moment)', () => {
    const xs = steps(20);
    const counts = xs.map((_, i) => (i === 9 ? 122 : 100));
    expect(trend(fitLine(xs, counts), { resolution: 0.5 })).toBe('flat');
  });

  it('gives no verdict under four samples', () => {
    expect(trend(fitLine([1, 2, 3], [1, 2, 3]))).toBe('too few samples');
  });
});
