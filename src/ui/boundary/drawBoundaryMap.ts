/**
 * Draws a decision-boundary slice on a 2-D canvas: cells coloured by predicted class (paler where
 * the network is unsure), the boundary where the top two logits tie (traced by the worker with the
 * grid; drawn here only), the ε-ball's section, the selected input x, its PGD adversarial example,
 * training points (2-D sets), axes in input units and a class legend. A plain function over a
 * CanvasRenderingContext2D, so any canvas (the panel's, a test's) gets the same picture.
 */
import { cellColour, classRgb, niceTicks, planeToPixel, plotView, type PlotLayout } from './scales';
import {
  drawAxes,
  drawLegend,
  fitText,
  fontOf,
  legendEntries,
  markerKey,
  type Style,
} from './decorations';
import { hexToRgb, LIGHT_FIGURE, type FigureTheme } from '../theme';

/** What one map shows. All coordinates are in the plane's units (input units for unit u, v). */
export interface BoundaryMapData {
  /** N: grid points per axis. Cell (i, j) at index i·N + j is the point at a = aRange[0] +
   * i·(aRange[1] − aRange[0])/(N − 1) on the horizontal axis, b likewise on the vertical axis
   * (b grows upwards). */
  size: number;
  aRange: readonly [number, number];
  bRange: readonly [number, number];
  /** Predicted class per cell, length N². */
  pred: Uint8Array;
  /** The decision boundary: segments [i0, j0, i1, j1, …] in fractional cell indices (cell (i, j)
   * at (i, j)), as the worker traced them (`decisionBoundarySegments`). */
  boundary: Float32Array;
  /** Softmax probability of the predicted class per cell, in [0, 1], length N². */
  confidence: Float32Array;
  classNames: readonly string[];
  /** The selected input, in the same coordinates as the axes. */
  x: readonly [number, number];
  /** The ε-ball section (`ballSection` output), as offsets from x; null to omit. */
  epsPolygon: Float64Array | null;
  /** The PGD adversarial example, in the same coordinates as the axes (projected onto the plane
   * for images); null to omit. */
  adversarial: readonly [number, number] | null;
  /** For 2-D toy sets: the training points in the same coordinates (x, y pairs) and their labels. */
  points: { xy: Float32Array; labels: Uint8Array } | null;
  /** Horizontal and vertical axis titles, e.g. ['a along u = normal (input units)', 'b along v = random']. */
  axisLabels: readonly [string, string];
}

/** The canvas's size: CSS pixels and device pixels per CSS pixel. */
export interface CanvasBox {
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
}

/** Reference size (CSS px) at which type is 12 px (the lab's smallest) and lines 1.5 px; larger maps
 * scale up to 2×. */
const REFERENCE = { width: 330, height: 220, font: 12 } as const;

function checkData(data: BoundaryMapData): void {
  const cells = data.size * data.size;
  if (!Number.isInteger(data.size) || data.size < 2) throw new Error(`bad grid size ${data.size}`);
  for (const [name, values] of [
    ['pred', data.pred],
    ['confidence', data.confidence],
  ] as const)
    if (values.length !== cells)
      throw new Error(`${name} has ${values.length} cells, not ${cells}`);
  if (data.boundary.length % 4 !== 0)
    throw new Error(`boundary has ${data.boundary.length} numbers, not 4 per segment`);
}

/** How much type, lines and markers grow on a canvas of this size (CSS px): 1 up to the
 * reference size, at most 2 (a map enlarged for slides gets larger type, not just more room). */
export function mapScale(width: number, height: number): number {
  return Math.min(2, Math.max(1, Math.min(width / REFERENCE.width, height / REFERENCE.height)));
}

/** Type size, line widths, device-pixel rounding and colours for this canvas. */
function styleOf(box: CanvasBox, theme: FigureTheme = LIGHT_FIGURE): Style {
  const scale = mapScale(box.width, box.height);
  const font = REFERENCE.font * scale;
  return { scale, font, pixelRatio: box.pixelRatio, width: box.width, theme };
}

/**
 * Where the plot goes: room on the left for tick labels and the vertical title, below for the
 * horizontal ones, on the right for the legend; the plot keeps equal units on both axes (a circle
 * stays a circle) and is centred in what remains, snapped to whole device pixels.
 */
export function boundaryMapLayout(
  ctx: CanvasRenderingContext2D,
  data: BoundaryMapData,
  box: CanvasBox,
): PlotLayout {
  const style = styleOf(box);
  const { font, scale } = style;
  const view = plotView(data.size, data.aRange, data.bRange);
  ctx.font = fontOf(font);
  const gap = 4 * scale;
  const ticks = niceTicks(view.bMin, view.bMax, 5);
  const tickWidth = Math.max(...ticks.labels.map((label) => ctx.measureText(label).width));
  const left = gap + font + gap + tickWidth + gap + 4 * scale;
  const bottom = 4 * scale + gap + font + gap + font + gap;
  const top = font * 0.8;
  const legend = [
    ...legendEntries(data).map((entry) => entry.name),
    ...markerKey(data).map((m) => m.text),
  ];
  const nameWidth = Math.max(0, ...legend.map((name) => ctx.measureText(name).width));
  const legendWidth =
    legend.length > 0 ? 3 * gap + font + Math.min(nameWidth, 0.24 * box.width) : gap;
  const availableWidth = Math.max(1, box.width - left - legendWidth);
  const availableHeight = Math.max(1, box.height - top - bottom);
  const ratio = (view.aMax - view.aMin) / (view.bMax - view.bMin);
  const width = Math.min(availableWidth, availableHeight * ratio);
  const height = width / ratio;
  const snap = (value: number) => Math.round(value * box.pixelRatio) / box.pixelRatio;
  return {
    left: snap(left + (availableWidth - width) / 2),
    top: snap(top + (availableHeight - height) / 2),
    width: snap(width),
    height: snap(height),
    ...view,
  };
}

/** The cells as an N×N image (column i = a, row N−1−j so that b grows upwards), scaled up with
 * smoothing off: each cell a solid block, so its pixels read back as exactly its colour. Unsure
 * cells fade towards the theme's background. */
function drawCells(
  ctx: CanvasRenderingContext2D,
  data: BoundaryMapData,
  plot: PlotLayout,
  theme: FigureTheme,
): void {
  const n = data.size;
  const background = hexToRgb(theme.background);
  const source =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(n, n)
      : Object.assign(document.createElement('canvas'), { width: n, height: n });
  const sourceContext = source.getContext('2d') as
    CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!sourceContext) return;
  const image = sourceContext.createImageData(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [r, g, b] = cellColour(data.pred[i * n + j]!, data.confidence[i * n + j]!, background);
      image.data.set([r, g, b, 255], 4 * ((n - 1 - j) * n + i));
    }
  }
  sourceContext.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(source, plot.left, plot.top, plot.width, plot.height);
  ctx.imageSmoothingEnabled = true;
}

/** The decision boundary as dark lines; segment ends are in grid-index units. */
function drawBoundary(
  ctx: CanvasRenderingContext2D,
  data: BoundaryMapData,
  plot: PlotLayout,
  style: Style,
): void {
  const segments = data.boundary;
  const stepA = (data.aRange[1] - data.aRange[0]) / (data.size - 1);
  const stepB = (data.bRange[1] - data.bRange[0]) / (data.size - 1);
  const at = (i: number, j: number) =>
    planeToPixel(plot, data.aRange[0] + i * stepA, data.bRange[0] + j * stepB);
  ctx.beginPath();
  for (let k = 0; k < segments.length; k += 4) {
    ctx.moveTo(...at(segments[k]!, segments[k + 1]!));
    ctx.lineTo(...at(segments[k + 2]!, segments[k + 3]!));
  }
  ctx.strokeStyle = style.theme.ink;
  ctx.lineWidth = 1.6 * style.scale;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.stroke();
}

/** A stroke with a halo in the background colour under it, so it reads on dark and light cells
 * alike. */
function haloStroke(
  ctx: CanvasRenderingContext2D,
  theme: FigureTheme,
  width: number,
  dash: number[] = [],
): void {
  ctx.setLineDash([]);
  ctx.strokeStyle = theme.halo;
  ctx.lineWidth = width + 2.5;
  ctx.stroke();
  ctx.setLineDash(dash);
  ctx.strokeStyle = theme.ink;
  ctx.lineWidth = width;
  ctx.stroke();
  ctx.setLineDash([]);
}

function drawPoints(
  ctx: CanvasRenderingContext2D,
  points: NonNullable<BoundaryMapData['points']>,
  plot: PlotLayout,
  style: Style,
): void {
  const radius = 2.4 * style.scale;
  ctx.lineWidth = 0.9 * style.scale;
  ctx.strokeStyle = style.theme.background;
  for (let k = 0; k < points.labels.length; k++) {
    const [px, py] = planeToPixel(plot, points.xy[2 * k]!, points.xy[2 * k + 1]!);
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${classRgb(points.labels[k]!).join(',')})`;
    ctx.fill();
    ctx.stroke();
  }
}

/** The ε-ball section (dashed), the line x → adversarial example, the example (×) and x (○). */
function drawMarkers(
  ctx: CanvasRenderingContext2D,
  data: BoundaryMapData,
  plot: PlotLayout,
  style: Style,
): void {
  const s = style.scale;
  const [x0, y0] = planeToPixel(plot, data.x[0], data.x[1]);
  const polygon = data.epsPolygon;
  if (polygon && polygon.length >= 6) {
    ctx.beginPath();
    for (let k = 0; k < polygon.length; k += 2)
      ctx.lineTo(...planeToPixel(plot, data.x[0] + polygon[k]!, data.x[1] + polygon[k + 1]!));
    ctx.closePath();
    haloStroke(ctx, style.theme, 1.5 * s, [5 * s, 3.5 * s]);
  }
  if (data.adversarial) {
    const [ax, ay] = planeToPixel(plot, data.adversarial[0], data.adversarial[1]);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(ax, ay);
    haloStroke(ctx, style.theme, 1 * s);
    const arm = 4.5 * s;
    ctx.beginPath();
    ctx.moveTo(ax - arm, ay - arm);
    ctx.lineTo(ax + arm, ay + arm);
    ctx.moveTo(ax - arm, ay + arm);
    ctx.lineTo(ax + arm, ay - arm);
    ctx.lineCap = 'round';
    haloStroke(ctx, style.theme, 2.2 * s);
  }
  ctx.beginPath();
  ctx.arc(x0, y0, 4.5 * s, 0, 2 * Math.PI);
  ctx.fillStyle = style.theme.background;
  ctx.fill();
  ctx.strokeStyle = style.theme.ink;
  ctx.lineWidth = 1.8 * s;
  ctx.stroke();
}

/** A one-line message in place of the map (bad data). */
export function drawMessage(
  ctx: CanvasRenderingContext2D,
  box: CanvasBox,
  text: string,
  theme: FigureTheme = LIGHT_FIGURE,
): void {
  const style = styleOf(box, theme);
  ctx.setTransform(box.pixelRatio, 0, 0, box.pixelRatio, 0, 0);
  ctx.clearRect(0, 0, box.width, box.height);
  ctx.font = fontOf(style.font);
  ctx.fillStyle = theme.bad;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(fitText(ctx, text, box.width - 8), box.width / 2, box.height / 2);
}

/**
 * Draws the whole map into a canvas whose backing store is box.width·pixelRatio ×
 * box.height·pixelRatio device pixels (the caller sizes it). Throws on inconsistent data.
 * @param background fill behind everything (the theme's background for figures); null leaves it
 *   transparent (the panel's own colour shows through).
 * @param theme the colours: ink, frame, and the background unsure cells fade towards (light by
 *   default, as figures are).
 * @returns the plot's layout in CSS pixels, for `planeToPixel`/`pixelToPlane` and data-plot.
 */
export function drawBoundaryMap(
  ctx: CanvasRenderingContext2D,
  data: BoundaryMapData,
  box: CanvasBox,
  background: string | null = null,
  theme: FigureTheme = LIGHT_FIGURE,
): PlotLayout {
  checkData(data);
  const style = styleOf(box, theme);
  ctx.setTransform(box.pixelRatio, 0, 0, box.pixelRatio, 0, 0);
  ctx.clearRect(0, 0, box.width, box.height);
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, box.width, box.height);
  }
  const plot = boundaryMapLayout(ctx, data, box);
  drawCells(ctx, data, plot, theme);
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  if (data.points) drawPoints(ctx, data.points, plot, style);
  drawBoundary(ctx, data, plot, style);
  drawMarkers(ctx, data, plot, style);
  ctx.restore();
  drawAxes(ctx, plot, data.axisLabels, style);
  drawLegend(ctx, data, plot, style);
  return plot;
}
