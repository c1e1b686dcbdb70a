/**
 * Is a series flat? A least-squares line through (x, y) samples and the noise its slope carries —
 * the pure core of the soak check (scripts/soak.ts, e2e/soak.spec.ts). No imports.
 */

export interface LineFit {
  /** Number of samples. */
  readonly n: number;
  /** dy/dx of the least-squares line, and its value at x = 0. */
  readonly slope: number;
  readonly intercept: number;
  /**
   * Standard error of the slope: σ/√Σ(x − x̄)², widened by √((1 + ρ)/(1 − ρ)) when the residuals'
   * lag-1 autocorrelation ρ is positive. Memory samples are serially correlated (a heap that
   * grew stays grown until the next collection), and the plain formula, which assumes
   * independent errors, would then call noise a trend. NaN under 3 samples.
   */
  readonly slopeStdError: number;
  /** Standard deviation of the residuals about the line (n − 2 degrees of freedom). */
  readonly residualStd: number;
  /** Lag-1 autocorrelation of the residuals in sample order (0 when undefined). */
  readonly lag1: number;
  /** max x − min x: the stretch the line was fitted over. */
  readonly span: number;
  /** Mean of y (sets the scale for round-off in `trend`). */
  readonly meanY: number;
}

/** The most autocorrelation credited: ρ → 1 would widen the error without bound. */
const MAX_LAG1 = 0.9;

/**
 * Least-squares line through the samples (xs[i], ys[i]), given in order of x.
 * @param xs e.g. training steps; at least two distinct values for a slope (else NaN).
 * @param ys the series, same length.
 */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  if (xs.length !== ys.length) throw new Error(`fitLine: ${xs.length} xs but ${ys.length} ys`);
  const n = xs.length;
  const mean = (v: readonly number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const meanX = mean(xs);
  const meanY = mean(ys);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = xs.map((x, i) => ys[i]! - (intercept + slope * x));
  const ssr = residuals.reduce((s, r) => s + r * r, 0);
  let lagged = 0;
  for (let i = 1; i < n; i++) lagged += residuals[i]! * residuals[i - 1]!;
  const lag1 = n > 2 && ssr > 0 ? lagged / ssr : 0;
  const rho = Math.min(MAX_LAG1, Math.max(0, lag1));
  const residualStd = n > 2 ? Math.sqrt(ssr / (n - 2)) : NaN;
  return {
    n,
    slope,
    intercept,
    slopeStdError: (residualStd / Math.sqrt(sxx)) * Math.sqrt((1 + rho) / (1 - rho)),
    residualStd,
    lag1,
    span: n > 0 ? Math.max(...xs) - Math.min(...xs) : 0,
    meanY,
  };
}

export type Trend = 'flat' | 'grows' | 'shrinks' | 'too few samples';

/** Samples below which no verdict is given: a line through three points says little. */
export const MIN_SAMPLES = 4;

/**
 * The verdict on a fitted series: 'flat' when the slope is within `z` standard errors of zero
 * (z = 2: about 95 % if the errors were normal), or when the whole change the line implies over
 * its span, |slope| × span, is at most `resolution` (the series' own step, e.g. ½ tensor: a still
 * series has no scatter, so its standard error is 0 and only this decides). Otherwise 'grows' or
 * 'shrinks' by the slope's sign.
 */
export function trend(fit: LineFit, options: { z?: number; resolution?: number } = {}): Trend {
  const { z = 2, resolution = 0 } = options;
  if (fit.n < MIN_SAMPLES || !Number.isFinite(fit.slope)) return 'too few samples';
  // Round-off of a mean and a sum of squares: a constant float series fits a slope of ~1e-17.
  const roundOff = 1e-9 * Math.max(1, Math.abs(fit.meanY));
  const drift = Math.abs(fit.slope) * fit.span;
  if (drift <= Math.max(resolution, roundOff)) return 'flat';
  if (Math.abs(fit.slope) <= z * fit.slopeStdError) return 'flat';
  return fit.slope > 0 ? 'grows' : 'shrinks';
}
