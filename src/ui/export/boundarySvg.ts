/**
 * A decision-boundary slice as SVG, for export: the class field (inherently raster: one pixel per
 * grid cell) as an embedded <image> drawn with crisp pixels, and over it real vectors — the
 * boundary, the ε-ball's section, the line to the PGD example, the markers, training points — with
 * d3's axes and every word (ticks, axis titles, legend) as <text>. The plot sits where the canvas
 * map puts it (boundaryMapLayout), so the SVG and the PNG of a panel are the same figure, in the
 * same theme's colours.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import type { Selection } from 'd3-selection';
import { boundaryMapLayout, mapScale, type BoundaryMapData } from '../boundary/drawBoundaryMap';
import { legendEntries, markerKey } from '../boundary/decorations';
import { cellColour, classRgb } from '../boundary/scales';
import { hexToRgb, type FigureTheme } from '../theme';
import { EXPORT_FONT, svgRoot } from './chartSvg';

type Group = Selection<SVGGElement, undefined, null, undefined>;

/** The N×N class field as a PNG data URL: column i = a, row N−1−j (b grows upwards); unsure
 * cells fade towards the theme's background, as on the canvas. */
function classFieldUrl(data: BoundaryMapData, theme: FigureTheme): string {
  const n = data.size;
  const background = hexToRgb(theme.background);
  const canvas = Object.assign(document.createElement('canvas'), { width: n, height: n });
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [r, g, b] = cellColour(data.pred[i * n + j]!, data.confidence[i * n + j]!, background);
      image.data.set([r, g, b, 255], 4 * ((n - 1 - j) * n + i));
    }
  }
  context.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}

/** A stroked path with a halo in the background colour under it, so it reads on dark and light
 * cells alike. */
function haloPath(
  parent: Group,
  theme: FigureTheme,
  d: string,
  width: number,
  dash: string | null = null,
): void {
  for (const [stroke, w, dasharray] of [
    [theme.halo, width + 2.5, null],
    [theme.ink, width, dash],
  ] as const)
    parent
      .append('path')
      .attr('d', d)
      .attr('fill', 'none')
      .attr('stroke', stroke)
      .attr('stroke-width', w)
      .attr('stroke-linecap', 'round')
      .attr('stroke-linejoin', 'round')
      .attr('stroke-dasharray', dasharray);
}

/**
 * The map as an <svg> element of `width` × `height` CSS pixels (detached: append it, or its
 * children, where it belongs). `id` keeps its clip path unique when several maps share a file.
 */
export function boundaryMapSvg(
  data: BoundaryMapData,
  width: number,
  height: number,
  id: string,
  theme: FigureTheme,
): SVGSVGElement {
  const measure = document.createElement('canvas').getContext('2d')!;
  const plot = boundaryMapLayout(measure, data, { width, height, pixelRatio: 1 });
  const s = mapScale(width, height);
  const font = 12 * s;
  const x = scaleLinear()
    .domain([plot.aMin, plot.aMax])
    .range([plot.left, plot.left + plot.width]);
  const y = scaleLinear()
    .domain([plot.bMin, plot.bMax])
    .range([plot.top + plot.height, plot.top]);
  const svg = svgRoot(width, height);
  const map = svg.append('g');
  map
    .append('image')
    .attr('x', plot.left)
    .attr('y', plot.top)
    .attr('width', plot.width)
    .attr('height', plot.height)
    .attr('preserveAspectRatio', 'none')
    .attr('image-rendering', 'optimizeSpeed')
    .attr('style', 'image-rendering: pixelated')
    .attr('xlink:href', classFieldUrl(data, theme));
  map
    .append('clipPath')
    .attr('id', `${id}-plot`)
    .append('rect')
    .attr('x', plot.left)
    .attr('y', plot.top)
    .attr('width', plot.width)
    .attr('height', plot.height);
  const inside = map.append('g').attr('clip-path', `url(#${id}-plot)`);
  if (data.points) {
    const { xy, labels } = data.points;
    inside
      .append('g')
      .attr('stroke', theme.background)
      .attr('stroke-width', 0.9 * s)
      .selectAll('circle')
      .data(Array.from(labels, (label, k) => [xy[2 * k]!, xy[2 * k + 1]!, label] as const))
      .join('circle')
      .attr('cx', (p) => x(p[0]))
      .attr('cy', (p) => y(p[1]))
      .attr('r', 2.4 * s)
      .attr('fill', (p) => `rgb(${classRgb(p[2]).join(',')})`);
  }
  inside
    .append('path')
    .attr('d', boundaryPath(data, x, y))
    .attr('fill', 'none')
    .attr('stroke', theme.ink)
    .attr('stroke-width', 1.6 * s)
    .attr('stroke-linecap', 'round');
  markers(inside, data, x, y, s, theme);
  map
    .append('rect')
    .attr('x', plot.left)
    .attr('y', plot.top)
    .attr('width', plot.width)
    .attr('height', plot.height)
    .attr('fill', 'none')
    .attr('stroke', theme.frame);
  axes(map, data, x, y, plot, font, s, theme);
  legend(map, data, plot.left + plot.width + 12 * s, plot.top, font, s, plot.height, theme);
  return svg.node()!;
}

type Linear = ReturnType<typeof scaleLinear<number, number>>;

/** The worker's boundary segments (fractional grid indices) as one path of M/L pairs. */
function boundaryPath(data: BoundaryMapData, x: Linear, y: Linear): string {
  const stepA = (data.aRange[1] - data.aRange[0]) / (data.size - 1);
  const stepB = (data.bRange[1] - data.bRange[0]) / (data.size - 1);
  const at = (i: number, j: number) =>
    `${x(data.aRange[0] + i * stepA).toFixed(2)},${y(data.bRange[0] + j * stepB).toFixed(2)}`;
  const parts: string[] = [];
  const segments = data.boundary;
  for (let k = 0; k < segments.length; k += 4)
    parts.push(`M${at(segments[k]!, segments[k + 1]!)}L${at(segments[k + 2]!, segments[k + 3]!)}`);
  return parts.join('');
}

/** The ε-ball section (dashed), the line x → PGD example, the example (×) and x (○). */
function markers(
  parent: Group,
  data: BoundaryMapData,
  x: Linear,
  y: Linear,
  s: number,
  theme: FigureTheme,
): void {
  const [x0, y0] = [x(data.x[0]), y(data.x[1])];
  const polygon = data.epsPolygon;
  if (polygon && polygon.length >= 6) {
    const corners: string[] = [];
    for (let k = 0; k < polygon.length; k += 2)
      corners.push(
        `${x(data.x[0] + polygon[k]!).toFixed(2)},${y(data.x[1] + polygon[k + 1]!).toFixed(2)}`,
      );
    haloPath(parent, theme, `M${corners.join('L')}Z`, 1.5 * s, `${5 * s} ${3.5 * s}`);
  }
  if (data.adversarial) {
    const [ax, ay] = [x(data.adversarial[0]), y(data.adversarial[1])];
    haloPath(parent, theme, `M${x0},${y0}L${ax},${ay}`, 1 * s);
    const arm = 4.5 * s;
    haloPath(
      parent,
      theme,
      `M${ax - arm},${ay - arm}L${ax + arm},${ay + arm}M${ax - arm},${ay + arm}L${ax + arm},${ay - arm}`,
      2.2 * s,
    );
  }
  parent
    .append('circle')
    .attr('cx', x0)
    .attr('cy', y0)
    .attr('r', 4.5 * s)
    .attr('fill', theme.background)
    .attr('stroke', theme.ink)
    .attr('stroke-width', 1.8 * s);
}

function axes(
  parent: Group,
  data: BoundaryMapData,
  x: Linear,
  y: Linear,
  plot: ReturnType<typeof boundaryMapLayout>,
  font: number,
  s: number,
  theme: FigureTheme,
): void {
  const count = (length: number, per: number) => Math.min(7, Math.max(2, length / (font * per)));
  const style = (axis: Group) =>
    axis
      .attr('font-family', EXPORT_FONT)
      .attr('font-size', font)
      .attr('color', theme.muted)
      .call((g) => g.select('.domain').remove());
  style(
    parent
      .append('g')
      .attr('transform', `translate(0,${plot.top + plot.height})`)
      .call(
        axisBottom(x)
          .ticks(count(plot.width, 4.5))
          .tickSize(4 * s),
      ),
  );
  const yAxis = parent.append('g').attr('transform', `translate(${plot.left},0)`);
  style(
    yAxis.call(
      axisLeft(y)
        .ticks(count(plot.height, 3))
        .tickSize(4 * s),
    ),
  );
  const title = (value: string) =>
    parent
      .append('text')
      .attr('font-size', font)
      .attr('fill', theme.ink)
      .attr('text-anchor', 'middle')
      .text(value);
  title(data.axisLabels[0])
    .attr('x', plot.left + plot.width / 2)
    .attr('y', plot.top + plot.height + 8 * s + 2 * font + 2 * s);
  // The vertical title sits left of the widest tick label.
  const tickWidth = Math.max(
    0,
    ...yAxis
      .selectAll<SVGTextElement, unknown>('text')
      .nodes()
      .map((t) => 0.6 * font * (t.textContent ?? '').length),
  );
  const left = Math.max(font / 2 + 1, plot.left - 12 * s - tickWidth - font / 2);
  title(data.axisLabels[1])
    .attr('dominant-baseline', 'middle')
    .attr('transform', `translate(${left},${plot.top + plot.height / 2}) rotate(-90)`);
}

/** One swatch per class present, then a key to the markers, as far as they fit beside the plot. */
function legend(
  parent: Group,
  data: BoundaryMapData,
  left: number,
  top: number,
  font: number,
  s: number,
  height: number,
  theme: FigureTheme,
): void {
  const row = font * 1.4;
  const group = parent.append('g').attr('font-size', font).attr('fill', theme.ink);
  const classes = legendEntries(data);
  const rows = Math.max(1, Math.floor(height / row));
  const shown = classes.slice(0, Math.min(classes.length, rows - (classes.length > rows ? 1 : 0)));
  let y = top + row / 2;
  const label = (value: string, colour = theme.ink) =>
    group
      .append('text')
      .attr('x', left + font + 2 * s)
      .attr('y', y)
      .attr('dominant-baseline', 'middle')
      .attr('fill', colour)
      .text(value);
  for (const { classIndex, name } of shown) {
    const swatch = font * 0.85;
    group
      .append('rect')
      .attr('x', left)
      .attr('y', y - swatch / 2)
      .attr('width', swatch)
      .attr('height', swatch)
      .attr('fill', `rgb(${classRgb(classIndex).join(',')})`)
      .attr('stroke', theme.frame)
      .attr('stroke-width', 0.5);
    label(name);
    y += row;
  }
  if (shown.length < classes.length) {
    label(`+${classes.length - shown.length} more`, theme.muted).attr('x', left);
    y += row;
  }
  const key = markerKey(data);
  if (y - row / 2 + row * (key.length + 0.4) > top + height) return;
  y += row * 0.4;
  const cx = left + font * 0.42;
  for (const marker of key) {
    const glyph = group.append('g');
    if (marker.kind === 'x')
      glyph
        .append('circle')
        .attr('cx', cx)
        .attr('cy', y)
        .attr('r', 3.8 * s)
        .attr('fill', theme.background)
        .attr('stroke', theme.ink)
        .attr('stroke-width', 1.6 * s);
    else {
      const arm = 3.6 * s;
      glyph
        .append('path')
        .attr(
          'd',
          marker.kind === 'adversarial'
            ? `M${cx - arm},${y - arm}L${cx + arm},${y + arm}M${cx - arm},${y + arm}L${cx + arm},${y - arm}`
            : `M${cx - 5 * s},${y}L${cx + 5 * s},${y}`,
        )
        .attr('stroke', theme.ink)
        .attr('stroke-width', (marker.kind === 'adversarial' ? 2 : 1.5) * s)
        .attr('stroke-dasharray', marker.kind === 'eps' ? `${3 * s} ${2 * s}` : null);
    }
    label(marker.text);
    y += row;
  }
}

/** The children of a drawn SVG moved into a group placed at (x, y) of `parent`. */
export function placeSvg(parent: Element, drawn: SVGSVGElement, x: number, y: number): void {
  const group = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  group.setAttribute('transform', `translate(${x},${y})`);
  group.setAttribute('font-family', EXPORT_FONT);
  group.append(...Array.from(drawn.childNodes));
  parent.append(group);
}
