/**
 * What log and symmetric-log axes can draw. Pure helpers, tested in node.
 */

/** Maps a value for a log axis: positive finite values pass, everything else is a gap. */
export const positiveOrNull = (y: number): number | null =>
  y > 0 && Number.isFinite(y) ? y : null;

/** How many finite values a log axis cannot draw (≤ 0); NaN/∞ are not counted here. */
export function countNonPositive(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! <= 0) count++;
  return count;
}

/**
 * The linear half-width of a symmetric-log (asinh) axis: values within ±threshold are drawn
 * linearly, beyond it logarithmically. Three decades below the largest magnitude keep every
 * network's curve visible when they differ by 10–100× (standard vs CURE), without letting
 * round-off near zero (1e-9) stretch the axis; a data set whose smallest non-zero magnitude is
 * larger than that uses it instead, so a narrow range stays nearly linear. Rounded down to a
 * power of ten: uPlot's asinh tick generator steps from the threshold in multiples of it and
 * loops until it runs out of memory ("Invalid array length") when the threshold is not one of
 * its decimal increments (seen with 0.01023…, a measured curvature).
 */
export function symlogThreshold(values: Iterable<number>): number {
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || v === 0) continue;
    const a = Math.abs(v);
    maxAbs = Math.max(maxAbs, a);
    minAbs = Math.min(minAbs, a);
  }
  if (maxAbs === 0) return 1;
  const threshold = Math.max(maxAbs * 1e-3, minAbs);
  return 10 ** Math.floor(Math.log10(threshold) + 1e-9);
}

/**
 * Whether a set of values needs a symmetric-log axis to show all of it: the largest magnitude is
 * more than `ratio` times the smallest non-zero one.
 */
export function spansDecades(values: Iterable<number>, ratio = 30): boolean {
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || v === 0) continue;
    maxAbs = Math.max(maxAbs, Math.abs(v));
    minAbs = Math.min(minAbs, Math.abs(v));
  }
  return maxAbs > 0 && maxAbs / minAbs > ratio;
}

/** Float noise off: 6 × 0.01 = 0.060000000000000005 → 0.06. */
const tidy = (v: number) => Number(v.toPrecision(12));

/**
 * Rounds a positive value down to one significant digit: 0.063 → 0.06, 13 → 10. Never above v:
 * uPlot leaves a point just outside the x range (2.0000000000000004 vs 2) out of the y range.
 */
export function floorOneDigit(v: number): number {
  const unit = 10 ** Math.floor(Math.log10(v));
  return Math.min(v, tidy(Math.floor(tidy(v / unit)) * unit));
}

/** Rounds a positive value up to one significant digit: 0.063 → 0.07, 13 → 20. Never below v. */
export function ceilOneDigit(v: number): number {
  const unit = 10 ** Math.floor(Math.log10(v));
  return Math.max(v, tidy(Math.ceil(tidy(v / unit)) * unit));
}

const usable = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

/**
 * A log axis range that hugs the data: ends rounded to one significant digit (so uPlot's splits
 * land on 1, 2, … 9 × 10ⁿ and on every decade), not to whole decades, which can waste most of a
 * 150 px plot (data up to 13 drawn up to 100).
 */
export function logRange(min: number | null, max: number | null): [number, number] {
  if (!usable(min) || !usable(max) || min <= 0 || max <= 0) return [1, 10];
  if (min === max) return [floorOneDigit(min / 2), ceilOneDigit(max * 2)];
  // A little room first, so an extreme point is not drawn on the plot's edge.
  return [floorOneDigit(min / 1.15), ceilOneDigit(max * 1.15)];
}

/**
 * A symmetric-log axis range: like logRange on each side of zero; zero is included when the data
 * come within ten thresholds of it, since the linear band around zero is where sign changes show.
 */
export function symlogRange(
  min: number | null,
  max: number | null,
  threshold: number,
): [number, number] {
  if (!usable(min) || !usable(max)) return [-threshold, threshold];
  const near = 10 * threshold;
  const lo = min < 0 ? -ceilOneDigit(-min * 1.15) : min < near ? 0 : floorOneDigit(min / 1.15);
  const hi = max > 0 ? ceilOneDigit(max * 1.15) : max > -near ? 0 : -floorOneDigit(-max / 1.15);
  return lo === hi ? [lo - threshold, hi + threshold] : [lo, hi];
}

/** Whether v is ±10ⁿ (0 counts, as the centre of a symmetric-log axis). */
export function isDecade(v: number): boolean {
  if (v === 0) return true;
  const exponent = Math.log10(Math.abs(v));
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/**
 * Grid lines and ticks of a log axis at decades only when it shows two or more (1…9 × 10ⁿ lines
 * are a grey wash on a 150 px plot); a narrower axis keeps them all.
 */
export function decadesOnly(splits: readonly number[]): (number | null)[] {
  const decades = splits.filter((v) => v !== 0 && isDecade(v)).length;
  return decades >= 2 ? splits.map((v) => (isDecade(v) ? v : null)) : [...splits];
}
