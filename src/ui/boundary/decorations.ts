/**
 * The boundary map's frame: axes with ticks in input units, axis titles and the legend (classes
 * present, then a key to the markers). Split from drawBoundaryMap.ts, which draws the data.
 */
import type { BoundaryMapData } from './drawBoundaryMap';
import { classRgb, niceTicks, planeToPixel, type PlotLayout } from './scales';
import type { FigureTheme } from '../theme';

/** Sizes for one canvas: `scale` multiplies line widths and markers (1 at the reference size). */
export interface Style {
  readonly scale: number;
  /** Type size, CSS px. */
  readonly font: number;
  readonly pixelRatio: number;
  /** The canvas's width, CSS px: text may not run past it. */
  readonly width: number;
  /** Colours: ink, muted, frame, background. */
  readonly theme: FigureTheme;
}
const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** A canvas font string of the app's system font stack. */
export function fontOf(px: number, weight = 400): string {
  return `${weight} ${px.toFixed(1)}px ${FONT_FAMILY}`;
}

/** `text`, cut with an ellipsis to fit `maxWidth` in the current font. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let end = text.length;
  while (end > 0 && ctx.measureText(`${text.slice(0, end)}…`).width > maxWidth) end--;
  return end > 0 ? `${text.slice(0, end)}…` : '';
}

/** The classes the map shows — predicted in some cell or labelling a training point — in class
 * order: a 10-class map whose slice meets three classes lists three. */
export function legendEntries(data: BoundaryMapData): { classIndex: number; name: string }[] {
  const present = new Set<number>(data.pred);
  if (data.points) for (const label of data.points.labels) present.add(label);
  return [...present]
    .sort((p, q) => p - q)
    .map((classIndex) => ({
      classIndex,
      name: data.classNames[classIndex] ?? `class ${classIndex}`,
    }));
}

/** x so that a line `deviceWidth` device pixels wide at x covers whole device pixels. */
function crisp(x: number, deviceWidth: number, pixelRatio: number): number {
  return deviceWidth % 2 === 1
    ? (Math.floor(x * pixelRatio) + 0.5) / pixelRatio
    : Math.round(x * pixelRatio) / pixelRatio;
}

/** The plot's frame, ticks and tick labels on the left and bottom, and the axis titles. */
export function drawAxes(
  ctx: CanvasRenderingContext2D,
  plot: PlotLayout,
  titles: readonly [string, string],
  style: Style,
): void {
  const { font, scale, pixelRatio, theme } = style;
  const deviceWidth = Math.max(1, Math.round(pixelRatio));
  const line = deviceWidth / pixelRatio;
  const tick = 4 * scale;
  const gap = 4 * scale;
  ctx.strokeStyle = theme.frame;
  ctx.lineWidth = line;
  ctx.strokeRect(plot.left - line / 2, plot.top - line / 2, plot.width + line, plot.height + line);
  ctx.font = fontOf(font);
  ctx.fillStyle = theme.muted;
  ctx.beginPath();
  const xTicks = niceTicks(
    plot.aMin,
    plot.aMax,
    Math.min(7, Math.max(2, plot.width / (font * 4.5))),
  );
  const bottom = plot.top + plot.height + line;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  xTicks.values.forEach((value, k) => {
    const x = crisp(planeToPixel(plot, value, 0)[0], deviceWidth, pixelRatio);
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + tick);
    ctx.fillText(xTicks.labels[k]!, x, bottom + tick + gap / 2);
  });
  const yTicks = niceTicks(
    plot.bMin,
    plot.bMax,
    Math.min(7, Math.max(2, plot.height / (font * 3))),
  );
  const left = plot.left - line;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  yTicks.values.forEach((value, k) => {
    const y = crisp(planeToPixel(plot, 0, value)[1], deviceWidth, pixelRatio);
    ctx.moveTo(left, y);
    ctx.lineTo(left - tick, y);
    ctx.fillText(yTicks.labels[k]!, left - tick - gap / 2, y);
  });
  ctx.stroke();
  drawTitles(ctx, plot, titles, style, yTicks.labels);
}

function drawTitles(
  ctx: CanvasRenderingContext2D,
  plot: PlotLayout,
  titles: readonly [string, string],
  style: Style,
  yLabels: readonly string[],
): void {
  const { font, scale } = style;
  const gap = 4 * scale;
  ctx.fillStyle = style.theme.ink;
  ctx.font = fontOf(font);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  // The horizontal title may run under the legend, but not off the canvas.
  const centre = plot.left + plot.width / 2;
  const half = Math.min(centre, style.width - centre) - 2;
  const titleTop = plot.top + plot.height + 4 * scale + gap + font + gap / 2;
  ctx.fillText(fitText(ctx, titles[0], 2 * half), centre, titleTop);
  const labelWidth = Math.max(...yLabels.map((label) => ctx.measureText(label).width));
  const x = plot.left - 4 * scale - gap - labelWidth - gap - font / 2;
  ctx.save();
  ctx.translate(Math.max(font / 2 + 1, x), plot.top + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(fitText(ctx, titles[1], plot.height + 2 * font), 0, 0);
  ctx.restore();
}

/** One swatch per class present, then a key to the markers the map draws, as long as they fit
 * beside the plot; classes that do not fit are summarized as "+k more". */
export function drawLegend(
  ctx: CanvasRenderingContext2D,
  data: BoundaryMapData,
  plot: PlotLayout,
  style: Style,
): void {
  const { font, scale, theme } = style;
  const gap = 4 * scale;
  const row = font * 1.4;
  const x = plot.left + plot.width + 3 * gap;
  const maxWidth = style.width - x - font - gap - 2;
  const classes = legendEntries(data);
  const markers = markerKey(data);
  const rows = Math.max(1, Math.floor(plot.height / row));
  const classRows = Math.min(classes.length, rows - (classes.length > rows ? 1 : 0));
  const shown = classes.slice(0, classRows);
  ctx.font = fontOf(font);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let y = plot.top + row / 2;
  for (const { classIndex, name } of shown) {
    const swatch = font * 0.85;
    ctx.fillStyle = `rgb(${classRgb(classIndex).join(',')})`;
    ctx.fillRect(x, y - swatch / 2, swatch, swatch);
    // Told apart by hue; the frame colour outlines pale ones (yellow) against the background.
    ctx.strokeStyle = theme.frame;
    ctx.lineWidth = 1 / style.pixelRatio;
    ctx.strokeRect(x, y - swatch / 2, swatch, swatch);
    ctx.fillStyle = theme.ink;
    ctx.fillText(fitText(ctx, name, maxWidth), x + font + gap / 2, y);
    y += row;
  }
  if (shown.length < classes.length) {
    ctx.fillStyle = theme.muted;
    ctx.fillText(`+${classes.length - shown.length} more`, x, y);
    y += row;
  }
  // The key only when it fits whole, after a small gap; the classes come first.
  if (y - row / 2 + row * (markers.length + 0.4) > plot.top + plot.height) return;
  y += row * 0.4;
  for (const marker of markers) {
    drawMarkerGlyph(ctx, marker.kind, x + font * 0.42, y, style);
    ctx.fillStyle = theme.ink;
    ctx.fillText(fitText(ctx, marker.text, maxWidth), x + font + gap / 2, y);
    y += row;
  }
}

type MarkerKind = 'x' | 'adversarial' | 'eps';

/** The markers the map draws, with their legend text. */
export function markerKey(data: BoundaryMapData): { kind: MarkerKind; text: string }[] {
  const key: { kind: MarkerKind; text: string }[] = [{ kind: 'x', text: 'x' }];
  if (data.adversarial) key.push({ kind: 'adversarial', text: 'PGD' });
  if (data.epsPolygon && data.epsPolygon.length >= 6) key.push({ kind: 'eps', text: 'ε-ball' });
  return key;
}

/** The marker as drawn on the map, small, centred at (x, y). */
function drawMarkerGlyph(
  ctx: CanvasRenderingContext2D,
  kind: MarkerKind,
  x: number,
  y: number,
  { scale, theme }: Style,
): void {
  ctx.beginPath();
  ctx.strokeStyle = theme.ink;
  if (kind === 'x') {
    ctx.arc(x, y, 3.8 * scale, 0, 2 * Math.PI);
    ctx.fillStyle = theme.background;
    ctx.fill();
    ctx.lineWidth = 1.6 * scale;
  } else if (kind === 'adversarial') {
    const arm = 3.6 * scale;
    ctx.moveTo(x - arm, y - arm);
    ctx.lineTo(x + arm, y + arm);
    ctx.moveTo(x - arm, y + arm);
    ctx.lineTo(x + arm, y - arm);
    ctx.lineWidth = 2 * scale;
  } else {
    ctx.moveTo(x - 5 * scale, y);
    ctx.lineTo(x + 5 * scale, y);
    ctx.setLineDash([3 * scale, 2 * scale]);
    ctx.lineWidth = 1.5 * scale;
  }
  ctx.stroke();
  ctx.setLineDash([]);
}
