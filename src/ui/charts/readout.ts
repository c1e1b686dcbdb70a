/**
 * The hover read-out: the values under the cursor, written straight into a DOM node from uPlot's
 * setCursor hook (mouse moves must not re-render React).
 */
import type uPlot from 'uplot';
import { formatValue } from './format';
import { textShade } from '../networks';

export interface ReadoutPart {
  readonly text: string;
  readonly colour?: string;
}

/** Builds the read-out at data index idx; null hides it. */
export type Readout = (u: uPlot, idx: number) => ReadoutPart[] | null;

/**
 * x (named by the x series' label), then the value of every visible series with a finite value at
 * idx, in its colour and in series order: one short line even on a 400 px chart, the legend maps
 * colours to networks. `include` picks series (e.g. not the constant exact-value lines).
 */
export function seriesReadout(
  formatY: (y: number) => string = formatValue,
  include: (seriesIdx: number) => boolean = () => true,
): Readout {
  return (u, idx) => {
    const x = u.data[0][idx];
    if (x === undefined) return null;
    const parts: ReadoutPart[] = [
      { text: `${String(u.series[0]?.label ?? 'x')} ${formatValue(x)}` },
    ];
    u.series.forEach((series, s) => {
      if (s === 0 || series.show === false || !include(s)) return;
      const y = u.data[s]?.[idx];
      if (typeof y !== 'number' || !Number.isFinite(y)) return;
      parts.push({ text: formatY(y), colour: strokeOf(u, s) });
    });
    return parts.length > 1 ? parts : null;
  };
}

export const defaultReadout: Readout = seriesReadout();

/** A series' colour; uPlot turns every stroke option into a function once the chart exists. */
function strokeOf(u: uPlot, s: number): string | undefined {
  const stroke = u.series[s]?.stroke;
  const value = typeof stroke === 'function' ? stroke(u, s) : stroke;
  return typeof value === 'string' ? value : undefined;
}

/** Replaces the node's content with the parts (hidden when there are none). */
export function renderReadout(node: HTMLElement, parts: ReadoutPart[] | null): void {
  if (!parts) {
    node.hidden = true;
    return;
  }
  node.replaceChildren(
    ...parts.map((part) => {
      const span = document.createElement('span');
      span.textContent = part.text;
      if (part.colour) span.style.color = textShade(part.colour);
      return span;
    }),
  );
  node.hidden = false;
}
