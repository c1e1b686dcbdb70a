/**
 * The look every chart shares: fonts that read on a 1280×720 projector (13 px ticks and labels,
 * nothing under 12 px), the networks' colours and names from networkLook, axes with units, series
 * and markers. One place, so six charts stay alike. Colours of the frame (ink, grid, label boxes)
 * come from the chart's FigureTheme (chartTheme), so a theme change is a redraw, not a rebuild.
 */
import uPlot from 'uplot';
import { networkLook } from '../networks';
import { LIGHT_FIGURE, type FigureTheme } from '../theme';
import { formatLogTicks, formatTick } from './format';
import { decadesOnly, logRange, symlogRange } from './logScale';
import { integerSplits, spacedLabels } from './ticks';
import type { NetworkId } from '../../core/names';

/** The app's font stack (styles.css): system fonts, nothing fetched. */
export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The charts' type size, CSS px: 13 in the lab; larger in talk mode, for a projector's audience.
 * Read when a chart's axes are made, so the app sets it before a mode's charts mount. */
let typeSize = 13;

export function setChartTypeSize(px: number): void {
  typeSize = px;
}

/** The axis font now, and how much larger than the lab's 13 px it is (for the axes' room). */
function axisType(): { font: string; scale: number } {
  return { font: `${typeSize}px ${FONT_FAMILY}`, scale: typeSize / 13 };
}

const chartThemes = new WeakMap<uPlot, FigureTheme>();

/** The theme a chart draws in (UPlotChart sets it when it creates the chart and on a change). */
export function chartTheme(u: uPlot): FigureTheme {
  return chartThemes.get(u) ?? LIGHT_FIGURE;
}

/** Sets the theme a chart draws in; the caller redraws. */
export function setChartTheme(u: uPlot, theme: FigureTheme): void {
  chartThemes.set(u, theme);
}

const inkOf = (u: uPlot) => chartTheme(u).ink;
const gridOf = (u: uPlot) => chartTheme(u).grid;

/** A network's display name and colour (the same everywhere in the app). */
export function networkStyle(id: NetworkId): { name: string; colour: string } {
  const network = networkLook(id);
  return { name: network.name, colour: network.colour };
}

/** Options without a size: the wrapper sizes the chart to its container. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

const tickValues: uPlot.Axis.DynamicValues = (_self, splits) =>
  splits.map((v) => (v === null || v === undefined ? '' : formatTick(v)));
const logTickValues: uPlot.Axis.DynamicValues = (_self, splits) => formatLogTicks(splits);
const decadeLines: uPlot.Axis.Filter = (_self, splits) => decadesOnly(splits);

/** Closest two y tick labels may be (CSS px): the 13 px type and air enough to read each. */
const Y_LABEL_GAP = 20;

/**
 * The labels of a y axis, none on top of another (spacedLabels). A log axis labels what it draws
 * lines at: decades when it shows two or more, else 1-2-5 values as room allows. uPlot's own log
 * filter labels only 1·10ⁿ, so an axis within one decade (a top-10 spectrum) had no labels at all.
 */
function spacedYValues(format: uPlot.Axis.DynamicValues, log: boolean): uPlot.Axis.DynamicValues {
  return (self, splits, axisIdx, space, incr) => {
    // uPlot passes nulls for splits a filter dropped, though its type says number[].
    const shown = (log ? decadesOnly(splits) : splits) as number[];
    const scale = self.axes[axisIdx]?.scale ?? 'y';
    const positions = shown.map((v) =>
      v === null || v === undefined ? Number.NaN : self.valToPos(v, scale),
    );
    const keep = spacedLabels(shown, positions, Y_LABEL_GAP);
    const labels = format(self, shown, axisIdx, space, incr);
    return labels.map((label, i) => (keep[i] ? String(label ?? '') : ''));
  };
}

/**
 * Ticks at whole numbers only, about one per `space` px: for axes of counts or indices (the
 * eigenvalue index), where uPlot's own ticks would fall at 2.5 or 0.75.
 */
export function integerTicks(space = 50): uPlot.Axis.Splits {
  return (self, _axisIdx, min, max) =>
    integerSplits(min, max, Math.max(1, self.bbox.width / uPlot.pxRatio / space));
}

/** A log₁₀ scale whose range hugs the data (see logRange). */
export function logScale(): uPlot.Scale {
  return { distr: 3, log: 10, range: (_u, min, max) => logRange(min, max) };
}

/** A symmetric-log (asinh) scale, linear within ±threshold. */
export function symlogScale(threshold: number): uPlot.Scale {
  return {
    distr: 4,
    log: 10,
    asinh: threshold,
    range: (_u, min, max) => symlogRange(min, max, threshold),
  };
}

/**
 * Width of a y axis from its widest tick label, so "0.00001"-long labels are not clipped and
 * short ones waste no room on a 400 px chart.
 */
const fitWidth =
  (font: string): uPlot.Axis.Size =>
  (self, values) => {
    let widest = 0;
    self.ctx.save();
    self.ctx.font = font;
    for (const text of values ?? [])
      if (text) widest = Math.max(widest, self.ctx.measureText(text).width);
    self.ctx.restore();
    return Math.ceil(widest) + 14;
  };

interface AxisOptions {
  scale?: string;
  /** Custom tick positions/labels, e.g. group names on the bounds chart. */
  splits?: uPlot.Axis.Splits;
  values?: uPlot.Axis.DynamicValues;
  /** Minimum spacing between ticks, CSS px. */
  space?: number;
  /** A log or symmetric-log axis: powers-of-ten labels, grid lines at decades. */
  log?: boolean;
}

const allSplits: uPlot.Axis.Filter = (_self, splits) => splits;

function baseAxis(label: string, options: AxisOptions): uPlot.Axis {
  return {
    label,
    font: axisType().font,
    labelFont: axisType().font,
    stroke: inkOf,
    grid: { stroke: gridOf, width: 1, ...(options.log && { filter: decadeLines }) },
    ticks: { stroke: gridOf, width: 1, size: 4, ...(options.log && { filter: decadeLines }) },
    gap: 4,
    values: options.values ?? (options.log ? logTickValues : tickValues),
    ...(options.scale !== undefined && { scale: options.scale }),
    ...(options.splits !== undefined && { splits: options.splits }),
    ...(options.space !== undefined && { space: options.space }),
  };
}

/** Bottom axis: 13 px values, label with unit. */
export function xAxis(label: string, options: AxisOptions = {}): uPlot.Axis {
  const { scale } = axisType();
  return {
    ...baseAxis(label, options),
    side: 2,
    size: Math.round(22 * scale),
    labelSize: Math.round(18 * scale),
    labelGap: 0,
  };
}

/** Left axis: sized to its labels, which never overlap (spacedYValues). */
export function yAxis(label: string, options: AxisOptions = {}): uPlot.Axis {
  const base = baseAxis(label, options);
  const { font, scale } = axisType();
  return {
    ...base,
    values: spacedYValues(base.values as uPlot.Axis.DynamicValues, options.log ?? false),
    // Every split reaches `values`, which picks the labels itself.
    filter: allSplits,
    side: 3,
    size: fitWidth(font),
    labelSize: Math.round(18 * scale),
    labelGap: 0,
  };
}

/** A network's line: its colour and name, 2 px, joined across gaps (networks' x values differ). */
export function networkSeries(id: NetworkId, extra: uPlot.Series = {}): uPlot.Series {
  const { name, colour } = networkStyle(id);
  return {
    label: name,
    stroke: colour,
    width: 2,
    spanGaps: true,
    points: { size: 6, fill: colour, stroke: colour },
    ...extra,
  };
}

/**
 * Defaults for every chart: the React legend replaces uPlot's (names and colours always visible,
 * values shown in the hover read-out); no drag-zoom, since charts redraw from live data and a
 * zoom would reset on the next frame.
 */
export function baseOptions(): Pick<ChartOptions, 'legend' | 'cursor' | 'padding'> {
  return {
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 8 } },
    // Room on the right for the last x tick label; top for the highest y tick label.
    padding: [10, 22, 0, 0],
  };
}

/**
 * A dashed vertical marker at x = value with a label beside it, in canvas pixels (call from a
 * draw hook). Skipped when the value is off the x range.
 */
export function drawVerticalMarker(u: uPlot, value: number, label: string): void {
  const ratio = uPlot.pxRatio;
  const x = u.valToPos(value, 'x', true);
  const { left, top, width, height } = u.bbox;
  if (!Number.isFinite(x) || x < left - 1 || x > left + width + 1) return;
  const ctx = u.ctx;
  const theme = chartTheme(u);
  ctx.save();
  ctx.strokeStyle = theme.ink;
  ctx.globalAlpha = 0.75;
  ctx.lineWidth = 1.5 * ratio;
  ctx.setLineDash([5 * ratio, 4 * ratio]);
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.font = `600 ${Math.round(12 * ratio)}px ${FONT_FAMILY}`;
  ctx.textBaseline = 'top';
  const textWidth = ctx.measureText(label).width;
  const pad = 4 * ratio;
  // Right of the line unless that would run off the plot.
  const onRight = x + pad + textWidth <= left + width;
  ctx.textAlign = onRight ? 'left' : 'right';
  const tx = onRight ? x + pad : x - pad;
  const ty = top + 2 * ratio;
  // A box in the background colour, so the label reads over lines and grid.
  ctx.fillStyle = theme.halo;
  ctx.fillRect(
    onRight ? tx - 2 * ratio : tx - textWidth - 2 * ratio,
    ty - ratio,
    textWidth + 4 * ratio,
    15 * ratio,
  );
  ctx.fillStyle = theme.ink;
  ctx.fillText(label, tx, ty);
  ctx.restore();
}
