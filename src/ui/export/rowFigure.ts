/**
 * The paper's comparison figure: the three networks' loss landscapes (or decision-boundary
 * slices) side by side in one figure, network names as panel titles in their colours, one title
 * with the steps and sample, and for landscapes one colour bar on one shared height scale (each
 * view is re-rendered on it). PNG at any scale; SVG with the boundary maps as vectors (their class
 * fields embedded) and the 3-D views as embedded <image>s (inherently raster), under vector titles
 * and colour bar, and the provenance in <metadata>. Both in the theme's colours (light when not
 * given), the pictures redrawn in it.
 */
import { VIRIDIS_STOPS } from '../landscape/colormap';
import { NETWORK_IDS, type NetworkId } from '../../core/names';
import { networkLook } from '../networks';
import { LIGHT_FIGURE, type FigureTheme } from '../theme';
import { placeSvg } from './boundarySvg';
import { EXPORT_FONT, XLINK } from './chartSvg';
import { registeredPanelExports } from './registry';
import type { PanelExports } from './useExports';

export type RowKind = 'landscape' | 'boundary';

const PAD = 16;
const GAP = 20;
const HEADER = 58;
const TITLE_ROW = 26;
const BAR = { gap: 18, width: 18, labels: 80 };

export interface RowSpec {
  readonly kind: RowKind;
  readonly title: string;
  readonly subtitle: () => string;
  /** Landscapes: the shared height scale (loss at floor and top) drawn in every view. */
  readonly heightRange?: () => readonly [number, number];
}

/** The three networks' panel exports of this kind, in column order. */
function columns(kind: RowKind): { id: NetworkId; spec: PanelExports }[] {
  const specs = registeredPanelExports().filter((s) => s.panel === kind && s.network !== 'all');
  return NETWORK_IDS.flatMap((id) => {
    const spec = specs.find((s) => s.network === id);
    return spec?.picture ? [{ id, spec }] : [];
  });
}

/** Per network, the step of the picture (what the file name and provenance record). */
export function rowSteps(kind: RowKind): Partial<Record<NetworkId, number>> | null {
  const steps: Partial<Record<NetworkId, number>> = {};
  for (const { id, spec } of columns(kind)) {
    const step = spec.steps()?.[id];
    if (step === undefined) return null;
    steps[id] = step;
  }
  return Object.keys(steps).length === NETWORK_IDS.length ? steps : null;
}

function pictures(row: RowSpec, scale: number, theme: FigureTheme) {
  const range = row.heightRange?.();
  return columns(row.kind).map(({ id, spec }) => ({ id, ...spec.picture!(scale, range, theme) }));
}

function layout(row: RowSpec, width: number, height: number) {
  const count = NETWORK_IDS.length;
  const bar = row.heightRange ? BAR.gap + BAR.width + BAR.labels : 0;
  return {
    width: PAD + count * width + (count - 1) * GAP + bar + PAD,
    height: HEADER + TITLE_ROW + height + PAD,
    left: (i: number) => PAD + i * (width + GAP),
    top: HEADER + TITLE_ROW,
    barX: PAD + count * width + (count - 1) * GAP + BAR.gap,
  };
}

export function rowPng(
  row: RowSpec,
  scale: number,
  theme: FigureTheme = LIGHT_FIGURE,
): HTMLCanvasElement {
  const { ink, muted } = theme;
  const drawn = pictures(row, scale, theme);
  if (drawn.length < NETWORK_IDS.length) throw new Error('not all three pictures are drawn yet');
  const { width, height } = drawn[0]!;
  const box = layout(row, width, height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(box.width * scale);
  canvas.height = Math.round(box.height * scale);
  const context = canvas.getContext('2d')!;
  context.fillStyle = theme.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.setTransform(scale, 0, 0, scale, 0, 0);
  text(context, row.title, PAD, 26, `bold 18px ${EXPORT_FONT}`, ink);
  text(context, row.subtitle(), PAD, 46, `13px ${EXPORT_FONT}`, muted);
  drawn.forEach((picture, i) => {
    const look = networkLook(picture.id, theme.name);
    text(context, look.name, box.left(i), HEADER + 16, `bold 15px ${EXPORT_FONT}`, look.text);
    context.drawImage(picture.canvas, box.left(i), box.top, width, height);
  });
  const range = row.heightRange?.();
  if (range) {
    const top = box.top + 8;
    const barHeight = height - 16;
    const gradient = context.createLinearGradient(0, top + barHeight, 0, top);
    VIRIDIS_STOPS.forEach((c, i) => gradient.addColorStop(i / (VIRIDIS_STOPS.length - 1), c));
    context.fillStyle = gradient;
    context.fillRect(box.barX, top, BAR.width, barHeight);
    context.strokeStyle = muted;
    context.strokeRect(box.barX, top, BAR.width, barHeight);
    const labelX = box.barX + BAR.width + 6;
    text(context, range[1].toPrecision(3), labelX, top + 10, `12px ${EXPORT_FONT}`, ink);
    text(context, range[0].toPrecision(3), labelX, top + barHeight, `12px ${EXPORT_FONT}`, ink);
    context.save();
    context.translate(labelX + 52, top + barHeight / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = 'center';
    text(context, 'loss (nats)', 0, 0, `13px ${EXPORT_FONT}`, ink);
    context.restore();
  }
  return canvas;
}

function text(
  context: CanvasRenderingContext2D,
  value: string,
  x: number,
  y: number,
  font: string,
  colour: string,
) {
  context.font = font;
  context.fillStyle = colour;
  context.fillText(value, x, y);
}

/** The figure as SVG: the pictures as vectors where the panels draw them so (boundary maps),
 * else (3-D views, drawn at 2× for sharpness) as <image>s; words as <text>. */
export function rowSvg(
  row: RowSpec,
  provenanceJson: string,
  theme: FigureTheme = LIGHT_FIGURE,
): string {
  const { ink, muted } = theme;
  const specs = columns(row.kind);
  const vectors = specs.every(({ spec }) => spec.vector)
    ? specs.map(({ id, spec }) => ({ id, ...spec.vector!(theme) }))
    : null;
  const drawn = vectors ?? pictures(row, 2, theme);
  if (drawn.length < NETWORK_IDS.length) throw new Error('not all three pictures are drawn yet');
  const { width, height } = drawn[0]!;
  const box = layout(row, width, height);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const add = (parent: Element, tag: string, attrs: Record<string, string | number>) => {
    const element = document.createElementNS(ns, tag);
    for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value));
    parent.append(element);
    return element;
  };
  const words = (value: string, attrs: Record<string, string | number>) => {
    add(svg, 'text', { 'font-family': EXPORT_FONT, ...attrs }).textContent = value;
  };
  for (const [key, value] of Object.entries({
    xmlns: ns,
    width: box.width,
    height: box.height,
    viewBox: `0 0 ${box.width} ${box.height}`,
  }))
    svg.setAttribute(key, String(value));
  add(svg, 'metadata', { id: 'curvature-lab-provenance' }).textContent = provenanceJson;
  add(svg, 'rect', { width: box.width, height: box.height, fill: theme.background });
  words(row.title, { x: PAD, y: 26, 'font-size': 18, 'font-weight': 'bold', fill: ink });
  words(row.subtitle(), { x: PAD, y: 46, 'font-size': 13, fill: muted });
  drawn.forEach((picture, i) => {
    const look = networkLook(picture.id, theme.name);
    words(look.name, {
      x: box.left(i),
      y: HEADER + 16,
      'font-size': 15,
      'font-weight': 'bold',
      fill: look.text,
    });
    if ('svg' in picture) placeSvg(svg, picture.svg, box.left(i), box.top);
    else
      add(svg, 'image', { x: box.left(i), y: box.top, width, height }).setAttributeNS(
        XLINK,
        'xlink:href',
        picture.canvas.toDataURL('image/png'),
      );
  });
  const range = row.heightRange?.();
  if (range) {
    const top = box.top + 8;
    const barHeight = height - 16;
    const gradient = add(add(svg, 'defs', {}), 'linearGradient', {
      id: 'loss-colours',
      x1: 0,
      y1: 1,
      x2: 0,
      y2: 0,
    });
    VIRIDIS_STOPS.forEach((colour, i) =>
      add(gradient, 'stop', { offset: i / (VIRIDIS_STOPS.length - 1), 'stop-color': colour }),
    );
    add(svg, 'rect', {
      x: box.barX,
      y: top,
      width: BAR.width,
      height: barHeight,
      fill: 'url(#loss-colours)',
      stroke: muted,
    });
    const labelX = box.barX + BAR.width + 6;
    words(range[1].toPrecision(3), { x: labelX, y: top + 10, 'font-size': 12, fill: ink });
    words(range[0].toPrecision(3), { x: labelX, y: top + barHeight, 'font-size': 12, fill: ink });
    words('loss (nats)', {
      'font-size': 13,
      fill: ink,
      'text-anchor': 'middle',
      transform: `translate(${labelX + 52},${top + barHeight / 2}) rotate(-90)`,
    });
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}
