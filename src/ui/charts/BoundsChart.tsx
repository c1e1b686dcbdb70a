/**
 * The paper's "vice versa": per test point, the measured robustness ρ (ℓ2 PGD: the smallest ‖r‖
 * at which the loss rises by c) as a dot, and the quadratic model's lower and upper bounds on it
 * as a bar, in the network's colour. Points are grouped by network and sorted by ρ; log y, since
 * robustness differs by 10× between networks.
 */
import { useCallback, useMemo } from 'react';
import uPlot from 'uplot';
import {
  baseOptions,
  chartTheme,
  FONT_FAMILY,
  logScale,
  networkStyle,
  xAxis,
  yAxis,
  type ChartOptions,
} from './chartStyle';
import { formatValue } from './format';
import { staggeredRows } from './ticks';
import type { Readout } from './readout';
import { UPlotChart } from './UPlotChart';
import { whiskerLayout, type BoundsRow, type WhiskerLayout } from './whiskers';
import { networkLook } from '../networks';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

export type { BoundsRow } from './whiskers';

export interface BoundsChartProps {
  /** Per network, one entry per test point: ρ, lower and upper bound, input units. */
  readonly rows: Record<NetworkId, BoundsRow | null>;
  readonly testId: string;
  readonly title?: string;
}

/** Series per network, in this order, after x. */
const PER_NETWORK = ['ρ', 'lower', 'upper'] as const;

export function BoundsChart({
  rows,
  testId,
  title = 'Robustness ρ and its quadratic-model bounds',
}: BoundsChartProps) {
  const layout = useMemo(() => whiskerLayout(rows), [rows]);
  const data = useMemo<uPlot.AlignedData>(
    () => [
      layout.xs,
      ...NETWORK_IDS.flatMap((id) => {
        const column = layout.columns[id];
        return [column.rho, column.lower, column.upper];
      }),
    ],
    [layout],
  );
  const drawOverlay = useCallback((u: uPlot) => drawWhiskers(u, layout), [layout]);
  const skipped = layout.groups
    .filter((group) => group.skipped > 0)
    .map((group) => `${networkStyle(group.id).name} ${group.skipped}`);
  const notes = [
    'Dot: ρ measured by ℓ2 PGD · bar: quadratic-model bounds',
    ...(skipped.length > 0 ? [`Skipped (∞, NaN or ≤ 0): ${skipped.join(' · ')}`] : []),
  ];
  return (
    <UPlotChart
      options={OPTIONS}
      data={data}
      testId={testId}
      title={title}
      notes={notes}
      drawOverlay={drawOverlay}
      pointCount={layout.drawn}
      readout={boundsReadout}
    />
  );
}

const hidden: uPlot.Series.PathBuilder = () => null;

const OPTIONS: ChartOptions = {
  ...baseOptions(),
  scales: {
    // One empty slot either side, so the outer bars are not cut by the plot's edge.
    x: { time: false, range: (_u, min, max) => [min - 1, max + 1] },
    y: logScale(),
  },
  // Hover dots only on ρ: dots at the bounds too would read as three measurements.
  cursor: {
    ...baseOptions().cursor,
    points: { size: (_u, s) => ((s - 1) % PER_NETWORK.length === 0 ? 9 : 0) },
  },
  axes: [
    {
      // No label: the group names, drawn by the overlay in each network's colour, say it.
      ...xAxis(''),
      // Two lines, for group names staggered when they would touch (drawGroupNames).
      size: 40,
      labelSize: 0,
      values: (_u, splits) => splits.map(() => ''),
      grid: { show: false },
      ticks: { show: false },
    },
    yAxis('‖r‖ (input units)', { log: true }),
  ],
  series: [
    { label: 'point' },
    ...NETWORK_IDS.flatMap((id) => {
      const { name, colour } = networkStyle(id);
      return PER_NETWORK.map((part) => ({
        label: `${name} ${part}`,
        stroke: colour,
        paths: hidden,
        points: { show: false },
      }));
    }),
  ],
};

/** Bars and dots in canvas pixels; sizes follow the slot width so 20 or 500 points both read. */
function drawWhiskers(u: uPlot, layout: WhiskerLayout): void {
  const ratio = uPlot.pxRatio;
  const ctx = u.ctx;
  const slot = Math.abs(u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true));
  const barWidth = Math.min(Math.max(slot * 0.45, 1.5 * ratio), 4 * ratio);
  const radius = Math.min(Math.max(slot * 0.4, 2.2 * ratio), 4.5 * ratio);
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  // Bars see-through under their dots; less so on dark, where blending into the background takes
  // a line colour below 3:1.
  const barAlpha = chartTheme(u).name === 'dark' ? 0.8 : 0.55;
  for (const id of NETWORK_IDS) {
    const { colour } = networkStyle(id);
    const column = layout.columns[id];
    ctx.fillStyle = colour;
    for (let i = 0; i < layout.xs.length; i++) {
      const lower = column.lower[i];
      const upper = column.upper[i];
      if (lower === null || upper === null || lower === undefined || upper === undefined) continue;
      const x = u.valToPos(i, 'x', true);
      const top = u.valToPos(upper, 'y', true);
      const bottom = u.valToPos(lower, 'y', true);
      ctx.globalAlpha = barAlpha;
      ctx.fillRect(
        x - barWidth / 2,
        Math.min(top, bottom),
        barWidth,
        Math.max(Math.abs(bottom - top), ratio),
      );
    }
    ctx.globalAlpha = 1;
    ctx.strokeStyle = chartTheme(u).background;
    ctx.lineWidth = ratio;
    for (let i = 0; i < layout.xs.length; i++) {
      const rho = column.rho[i];
      if (rho === null || rho === undefined) continue;
      ctx.beginPath();
      ctx.arc(u.valToPos(i, 'x', true), u.valToPos(rho, 'y', true), radius, 0, 2 * Math.PI);
      ctx.fill();
      if (slot > 4 * ratio) ctx.stroke();
    }
  }
  ctx.restore();
  drawGroupNames(u, layout);
}

function drawGroupNames(u: uPlot, layout: WhiskerLayout): void {
  const ratio = uPlot.pxRatio;
  const ctx = u.ctx;
  const slot = Math.abs(u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true));
  ctx.save();
  ctx.font = `600 ${Math.round(13 * ratio)}px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const shown = layout.groups.filter((group) => group.end > group.start);
  // Counts only if every group's name and count fit under it: a mix would look like a mistake.
  const withCounts = shown.every((group) => {
    const count = group.end - group.start;
    const text = `${networkStyle(group.id).name} (${count})`;
    return ctx.measureText(text).width <= (count + 2) * slot;
  });
  const texts = shown.map((group) => {
    const name = networkStyle(group.id).name;
    return withCounts ? `${name} (${group.end - group.start})` : name;
  });
  const centres = shown.map((group) => u.valToPos((group.start + group.end - 1) / 2, 'x', true));
  const rows = staggeredRows(
    centres,
    texts.map((text) => ctx.measureText(text).width),
    6 * ratio,
  );
  shown.forEach((group, i) => {
    // Text: the network's text shade (its line colour is under 4.5:1 on some backgrounds).
    ctx.fillStyle = networkLook(group.id, chartTheme(u).name).text;
    const y = u.bbox.top + u.bbox.height + (5 + 17 * rows[i]!) * ratio;
    ctx.fillText(texts[i]!, centres[i]!, y);
  });
  ctx.restore();
}

/** The point under the cursor: its network, ρ and bounds. */
const boundsReadout: Readout = (u, idx) => {
  for (const [k, id] of NETWORK_IDS.entries()) {
    const [rho, lower, upper] = [0, 1, 2].map((j) => u.data[1 + 3 * k + j]?.[idx]);
    if (typeof rho !== 'number') continue;
    const { name, colour } = networkStyle(id);
    return [
      { text: name, colour },
      { text: `ρ ${formatValue(rho)}` },
      { text: `bounds ${formatValue(lower)} – ${formatValue(upper)}` },
    ];
  }
  return null;
};
