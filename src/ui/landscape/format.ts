/** Number formatting for axis ticks and legends: short, with a typographic minus. */

/** Three significant digits without trailing zeros (0.0123, 2.5, 12.3, 1230), "−" for minus. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  // toPrecision switches to exponent form below 1e-6 and at ≥ 1e3: keep plain digits up to 1e6.
  const text =
    magnitude >= 1000 && magnitude < 1e6
      ? String(Math.round(value))
      : String(Number(value.toPrecision(3)));
  return text.replace('-', '−');
}
