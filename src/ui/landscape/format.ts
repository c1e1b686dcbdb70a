/** Number formatting for axis ticks and legends: short, with a typographic minus. */

/** Three significant digits without trailing zeros (0.0123, 2.5, 12.3, 1230), "−" for minus. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  // Plain digits from 1e-3 to 1e6 (toPrecision alone writes 0.00000167 and 1.23e+3); exponent
  // form outside, which stays short.
  const text =
    magnitude >= 1000 && magnitude < 1e6
      ? String(Math.round(value))
      : magnitude < 1e-3 || magnitude >= 1e6
        ? value
            .toExponential(2)
            .replace(/\.?0+e/, 'e')
            .replace('e+', 'e')
        : String(Number(value.toPrecision(3)));
  return text.replace(/-/g, '−');
}
