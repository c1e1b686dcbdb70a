/**
 * Which ticks an axis labels: whole numbers on a count axis (eigenvalue indices), and no two
 * labels closer than a label's height (a symmetric-log axis crowds −0.01, 0 and 0.01 into a few
 * pixels). Pure helpers, tested in node.
 */

/** Steps a count axis may use: 1, 2, 5, 10, 20, 50, … */
function niceIntegerStep(rawStep: number): number {
  let step = 1;
  for (let decade = 1; ; decade *= 10)
    for (const m of [1, 2, 5]) {
      step = m * decade;
      if (step >= rawStep) return step;
    }
}

/**
 * Whole-number ticks within [min, max], at most `maxCount` of them (at least one step apart), on a
 * 1-2-5 step: the ticks of an axis whose values are counts or indices, where 2.5 means nothing.
 */
export function integerSplits(min: number, max: number, maxCount: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const first = Math.ceil(min);
  const last = Math.floor(max);
  if (last < first) return [];
  const count = Math.max(1, Math.floor(maxCount));
  const step = niceIntegerStep((last - first) / count);
  const out: number[] = [];
  for (let v = Math.ceil(first / step) * step; v <= last; v += step) out.push(v);
  // A range narrower than one step still gets a tick.
  return out.length > 0 ? out : [first];
}

/** Whether v is ±10ⁿ. */
function isPowerOfTen(v: number): boolean {
  const exponent = Math.log10(Math.abs(v));
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/**
 * How much a tick deserves its label, lower first: 0, then powers of ten, then 2 and 5 × 10ⁿ, then
 * the rest. On a log axis the first two carry the scale; on a linear one they are the round values.
 */
export function tickRank(v: number): number {
  if (v === 0) return 0;
  if (isPowerOfTen(v)) return 1;
  const mantissa = Math.abs(v) / 10 ** Math.floor(Math.log10(Math.abs(v)) + 1e-9);
  const rounded = Math.round(mantissa * 1e6) / 1e6;
  return rounded === 2 || rounded === 5 ? 2 : 3;
}

/**
 * Which of the ticks (values at `positions`, CSS px along the axis) keep their label so that no
 * two labels are closer than `minGap`: the best-ranked first (tickRank, then the larger
 * magnitude), each kept only if clear of those already kept. Null values and unplaceable
 * positions are never labelled.
 */
export function spacedLabels(
  values: readonly (number | null | undefined)[],
  positions: readonly number[],
  minGap: number,
): boolean[] {
  const keep = values.map(() => false);
  const order = values
    .map((_v, i) => i)
    .filter((i) => typeof values[i] === 'number' && Number.isFinite(positions[i]))
    .sort((i, j) => {
      const a = values[i]!;
      const b = values[j]!;
      return tickRank(a) - tickRank(b) || Math.abs(b) - Math.abs(a);
    });
  const kept: number[] = [];
  for (const i of order) {
    const p = positions[i]!;
    if (kept.every((q) => Math.abs(p - q) >= minGap)) {
      kept.push(p);
      keep[i] = true;
    }
  }
  return keep;
}

/**
 * Rows for labels centred at `centres` (ascending, px) with these `widths`: all on row 0 when no two
 * neighbours come closer than `minGap`, else every other label on row 1 (the bounds chart's group
 * names, "StandardAdversarial" run together on a laptop's 250 px plot).
 */
export function staggeredRows(
  centres: readonly number[],
  widths: readonly number[],
  minGap: number,
): number[] {
  const crowded = centres.some(
    (c, i) => i > 0 && c - centres[i - 1]! < (widths[i]! + widths[i - 1]!) / 2 + minGap,
  );
  return centres.map((_c, i) => (crowded ? i % 2 : 0));
}
