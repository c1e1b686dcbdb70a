/**
 * Number formats for axes, legends and hover read-outs. Tick labels must stay short at 13 px on a
 * 400 px chart, and must not round small curvatures (1e-5) to "0" the way toLocaleString does.
 * Pure, tested in node.
 */

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** 10 to an integer power, as "10⁻⁵". */
export function powerOfTen(exponent: number): string {
  return `10${String(exponent)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('')}`;
}

/** Strips float noise (0.30000000000000004 → 0.3) without padding zeros. */
const clean = (v: number, digits: number) => Number(v.toPrecision(digits));

/**
 * A tick label: plain decimals from 0.001 to 9,999; "12.5k" for round hundreds up to a million
 * (step counts); powers of ten as 10ⁿ and other values as m·10ⁿ beyond.
 */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return minus(String(clean(v, 6)));
  if (a >= 1e4 && a < 1e6 && v % 100 === 0) return `${minus(String(v / 1000))}k`;
  return scientific(v, 3);
}

/**
 * Tick labels of a log (or symmetric-log) axis. When the labelled values span four decades or
 * more, all are written as powers of ten (10⁻⁵ … 10¹, as matplotlib does) rather than a mix of
 * "0.001" and "10⁻⁵"; a narrower axis keeps plain decimals.
 */
export function formatLogTicks(splits: readonly (number | null | undefined)[]): string[] {
  let min = Infinity;
  let max = 0;
  for (const v of splits) {
    if (v === null || v === undefined || v === 0 || !Number.isFinite(v)) continue;
    min = Math.min(min, Math.abs(v));
    max = Math.max(max, Math.abs(v));
  }
  const wide = max / min >= 1e4;
  return splits.map((v) => {
    if (v === null || v === undefined) return '';
    if (v === 0) return '0';
    return wide ? scientific(v, 3) : formatTick(v);
  });
}

/**
 * A value read off the chart (legend, read-out): `digits` significant digits, plain decimals
 * from 0.001 to 99,999, scientific beyond.
 */
export function formatValue(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return minus(String(clean(v, digits)));
  return scientific(v, digits);
}

function scientific(v: number, digits: number): string {
  const exponent = Math.floor(Math.log10(Math.abs(v)));
  let mantissa = clean(v / 10 ** exponent, digits);
  let power = exponent;
  // 9.999 rounds up to 10: carry into the exponent.
  if (Math.abs(mantissa) >= 10) {
    mantissa = clean(mantissa / 10, digits);
    power += 1;
  }
  if (Math.abs(mantissa) === 1) return `${mantissa < 0 ? '−' : ''}${powerOfTen(power)}`;
  return `${minus(String(mantissa))}·${powerOfTen(power)}`;
}

/** A typographic minus: "−0.5" reads better on a slide than a hyphen. */
function minus(text: string): string {
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** Percent value with one decimal, for accuracies already in %. */
export function formatPercent(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(1)} %`;
}
