/**
 * A chart in words, for screen readers (its canvas's text alternative): per series, how many
 * points it draws and the range of its values — e.g. "Standard: 10 points, 4.9e-9 to 0.0984
 * (at x 1 to 10)". Pure: plain data in, one string out.
 */
import type uPlot from 'uplot';

const number = (value: number) => Number(value.toPrecision(3)).toString();

export function describeChart(
  series: readonly { label?: unknown }[],
  data: uPlot.AlignedData | null,
  axes: { x: string; y: string },
): string {
  if (!data) return 'No data yet.';
  const xs = data[0] as ArrayLike<number>;
  const parts: string[] = [];
  for (let s = 1; s < data.length; s++) {
    const ys = data[s] as ArrayLike<number | null | undefined> | undefined;
    const label = series[s]?.label;
    if (!ys || typeof label !== 'string' || label === '') continue;
    let count = 0;
    let low = Infinity;
    let high = -Infinity;
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < ys.length; i++) {
      const y = ys[i];
      if (typeof y !== 'number' || !Number.isFinite(y)) continue;
      count += 1;
      low = Math.min(low, y);
      high = Math.max(high, y);
      first = Math.min(first, xs[i]!);
      last = Math.max(last, xs[i]!);
    }
    if (count === 0) parts.push(`${label}: no points yet`);
    else
      parts.push(
        `${label}: ${count} point${count === 1 ? '' : 's'}, ${axes.y} ${number(low)} to ` +
          `${number(high)} (${axes.x} ${number(first)} to ${number(last)})`,
      );
  }
  return parts.length > 0 ? `${parts.join('; ')}.` : 'No data yet.';
}
