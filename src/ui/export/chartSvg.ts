/**
 * A chart as a standalone SVG figure, for export: d3's scales, axes and line shapes build real
 * vectors with every word as <text> (title, subtitle with the step and sample, axis labels, ticks,
 * legend), in a standard font stack so the file looks the same in Inkscape and Illustrator; the
 * provenance goes into <metadata>. The PNG export rasterizes this SVG at the asked scale (png.ts),
 * so a 4× PNG is drawn at 4×, not upscaled. Background, words and grid take the theme's colours.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { create, type Selection } from 'd3-selection';
import { line, symbol, symbolCircle } from 'd3-shape';
import type { FigureTheme } from '../theme';

/** Embedded images are linked by `xlink:href`, which SVG 1.1 readers (Illustrator, Inkscape 0.92)
 * need and every browser still reads (SVG 2's plain `href` is unknown to the older ones). */
export const XLINK = 'http://www.w3.org/1999/xlink';

export const EXPORT_FONT = 'Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

export interface ChartSeries {
  readonly name: string;
  readonly colour: string;
  /** [x, y] pairs; pairs with a non-finite value (or ≤ 0 on a log axis) are left out. */
  readonly points: readonly (readonly [number, number])[];
  /** Draw the points as markers (and no line), e.g. a scatter of measured values. */
  readonly markers?: boolean;
  readonly dashed?: boolean;
}

export interface ChartFigure {
  readonly title: string;
  /** What the figure was measured at: steps, sample, ε, points. */
  readonly subtitle: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  readonly series: readonly ChartSeries[];
  /** CSS pixels at 1× (the legend's room is added to the width). */
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { top: 64, bottom: 52, left: 72 };
/** Room for the legend: its swatch, and ~7.5 px per character of 13 px type. */
const legendWidth = (series: readonly ChartSeries[]) =>
  44 + 7.5 * Math.max(8, ...series.map((s) => s.name.length));

type Scale = ScaleContinuousNumeric<number, number>;

function usable(value: number, log: boolean): boolean {
  return Number.isFinite(value) && (!log || value > 0);
}

function domainOf(values: number[], log: boolean): [number, number] {
  if (values.length === 0) return log ? [1, 10] : [0, 1];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo === hi) {
    const pad = log ? 2 : Math.abs(lo) * 0.1 || 1;
    return log ? [lo / pad, hi * pad] : [lo - pad, hi + pad];
  }
  return [lo, hi];
}

function scaleFor(values: number[], log: boolean, range: [number, number]): Scale {
  const scale = (log ? scaleLog() : scaleLinear()).domain(domainOf(values, log)).range(range);
  return scale.nice();
}

/** An empty standalone <svg> of `width` × `height` CSS px, in the export font stack. */
export function svgRoot(width: number, height: number) {
  return create('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', EXPORT_FONT);
}

/** The chart as an <svg> element in the theme's colours (detached; serialize with svgText). */
export function chartSvg(figure: ChartFigure, theme: FigureTheme): SVGSVGElement {
  const { ink } = theme;
  const right = Math.ceil(legendWidth(figure.series));
  const width = (figure.width ?? 560) + right;
  const height = figure.height ?? 420;
  const xLog = figure.xLog ?? false;
  const yLog = figure.yLog ?? false;
  const kept = figure.series.map((s) =>
    s.points.filter(([x, y]) => usable(x, xLog) && usable(y, yLog)),
  );
  const x = scaleFor(
    kept.flat().map((p) => p[0]),
    xLog,
    [MARGIN.left, width - right],
  );
  const y = scaleFor(
    kept.flat().map((p) => p[1]),
    yLog,
    [height - MARGIN.bottom, MARGIN.top],
  );
  const svg = svgRoot(width, height);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', theme.background);
  text(svg, figure.title, MARGIN.left, 26, 18, ink, 'start', 'bold');
  text(svg, figure.subtitle, MARGIN.left, 46, 13, theme.muted, 'start');
  const ticks = (scale: Scale, count: number) => (scale.ticks(count).length > 12 ? 6 : count);
  const xAxis = axisBottom(x).ticks(ticks(x, 6), xLog ? '~g' : undefined);
  const yAxis = axisLeft(y).ticks(ticks(y, 6), yLog ? '~g' : undefined);
  svg
    .append('g')
    .attr('stroke', theme.grid)
    .selectAll('line')
    .data(y.ticks(6))
    .join('line')
    .attr('x1', MARGIN.left)
    .attr('x2', width - right)
    .attr('y1', (v) => y(v))
    .attr('y2', (v) => y(v));
  styleAxis(
    svg
      .append('g')
      .attr('transform', `translate(0,${height - MARGIN.bottom})`)
      .call(xAxis),
    ink,
  );
  styleAxis(svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(yAxis), ink);
  text(svg, figure.xLabel, (MARGIN.left + width - right) / 2, height - 12, 13, ink, 'middle');
  text(svg, figure.yLabel, 0, 0, 13, ink, 'middle').attr(
    'transform',
    `translate(18,${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`,
  );
  const plot = svg.append('g');
  figure.series.forEach((series, i) => {
    const points = kept[i]!;
    if (series.markers) {
      plot
        .append('g')
        .attr('fill', series.colour)
        .selectAll('path')
        .data(points)
        .join('path')
        .attr('transform', ([px, py]) => `translate(${x(px)},${y(py)})`)
        .attr('d', symbol(symbolCircle, 36)());
    } else {
      plot
        .append('path')
        .attr('fill', 'none')
        .attr('stroke', series.colour)
        .attr('stroke-width', 2)
        .attr('stroke-dasharray', series.dashed ? '6 4' : null)
        .attr(
          'd',
          line<readonly [number, number]>(
            (p) => x(p[0]),
            (p) => y(p[1]),
          )(points),
        );
    }
  });
  legend(svg, figure.series, width - right + 16, MARGIN.top, ink);
  return svg.node()!;
}

type Svg = Selection<SVGSVGElement, undefined, null, undefined>;
type Group = Selection<SVGGElement, undefined, null, undefined>;

function text(
  parent: Svg | Group,
  value: string,
  x: number,
  y: number,
  size: number,
  fill: string,
  anchor: 'start' | 'middle' | 'end',
  weight = 'normal',
) {
  return parent
    .append('text')
    .attr('x', x)
    .attr('y', y)
    .attr('font-size', size)
    .attr('font-weight', weight)
    .attr('fill', fill)
    .attr('text-anchor', anchor)
    .text(value);
}

function styleAxis(axis: Group, ink: string): void {
  axis.attr('font-family', EXPORT_FONT).attr('font-size', 12).attr('color', ink);
}

function legend(svg: Svg, series: readonly ChartSeries[], x: number, y: number, ink: string): void {
  const group = svg.append('g').attr('transform', `translate(${x},${y})`);
  series.forEach((s, i) => {
    const row = group.append('g').attr('transform', `translate(0,${i * 22})`);
    if (s.markers) {
      row
        .append('path')
        .attr('transform', 'translate(10,0)')
        .attr('d', symbol(symbolCircle, 36)())
        .attr('fill', s.colour);
    } else {
      row
        .append('line')
        .attr('x2', 20)
        .attr('stroke', s.colour)
        .attr('stroke-width', 2.5)
        .attr('stroke-dasharray', s.dashed ? '6 4' : null);
    }
    text(row as unknown as Group, s.name, 28, 4, 13, ink, 'start');
  });
}

/** The SVG as a file's text, with the provenance JSON in <metadata>. */
export function svgText(svg: SVGSVGElement, provenanceJson: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const metadata = document.createElementNS('http://www.w3.org/2000/svg', 'metadata');
  metadata.setAttribute('id', 'curvature-lab-provenance');
  metadata.textContent = provenanceJson;
  copy.insertBefore(metadata, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}
