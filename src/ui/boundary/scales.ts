/**
 * The boundary map's encodings, shared by the drawing and by the tests that read a drawn map back:
 * class and confidence → cell colour (and its inverse), plane coordinates ↔ canvas pixels, ticks.
 * Pure functions over plain numbers: no DOM.
 */
import { CLASS_COLOURS } from '../networks';

/** An sRGB colour, channels 0–255. */
export type Rgb = [number, number, number];

/** How much class colour a cell keeps at confidence 0 and 1 (the rest is the background: white,
 * or the dark theme's panel). The floor keeps
 * every cell readable as its class — and `classOfColour` unambiguous after 8-bit rounding: the
 * closest pair of colour lines (teal and green) are 13/255 apart at full colour, 2.6 at 0.2. */
const MIN_STRENGTH = 0.2;
const MAX_STRENGTH = 1;

const CLASS_RGB: readonly Rgb[] = CLASS_COLOURS.map((hex) => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
]);

/** The light theme's and figures' background, towards which unsure cells fade. */
export const WHITE: Rgb = [255, 255, 255];

/** The class colour of class k (colours repeat beyond the palette's 10). */
export function classRgb(classIndex: number): Rgb {
  return CLASS_RGB[classIndex % CLASS_RGB.length]!;
}

/** The fraction of class colour (vs the background) for a confidence: squared, so that a
 * two-class tie (0.5) is already faded and the faded band marks where the network is unsure. */
function strength(confidence: number): number {
  const c = Math.min(1, Math.max(0, Number.isFinite(confidence) ? confidence : 0));
  return MIN_STRENGTH + (MAX_STRENGTH - MIN_STRENGTH) * c * c;
}

/**
 * The fill of a cell: its class colour, faded towards the background where the network is unsure
 * (white in the light theme and in figures; the dark theme's panel colour in the dark one).
 * @param classIndex predicted class; @param confidence softmax probability of that class, [0, 1].
 * @param background the colour an unsure cell fades towards.
 * @returns unrounded channels in [0, 255] (the canvas rounds to 8 bits).
 */
export function cellColour(classIndex: number, confidence: number, background: Rgb = WHITE): Rgb {
  const s = strength(confidence);
  const [r, g, b] = classRgb(classIndex);
  const [r0, g0, b0] = background;
  return [r0 + s * (r - r0), g0 + s * (g - g0), b0 + s * (b - b0)];
}

/**
 * The inverse of `cellColour` for a pixel read off a drawn map: the class whose line from the
 * background to its colour passes nearest to (r, g, b). A pixel of a cell (away from lines and markers) gives its class
 * with a residual under ~1 (8-bit rounding); a large residual means the pixel is not a plain cell.
 * @param numClasses only classes 0 … numClasses − 1 are candidates.
 * @param background the background the map was drawn with (cellColour's).
 * @returns the class and the distance from its line, in 0–255 units.
 */
export function classOfColour(
  r: number,
  g: number,
  b: number,
  numClasses: number,
  background: Rgb = WHITE,
): { classIndex: number; residual: number } {
  let best = { classIndex: -1, residual: Infinity };
  const p = [r - background[0], g - background[1], b - background[2]];
  for (let k = 0; k < numClasses; k++) {
    const d = classRgb(k).map((channel, c) => channel - background[c]!);
    const along =
      (p[0]! * d[0]! + p[1]! * d[1]! + p[2]! * d[2]!) / (d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2);
    // Points on the line are background + s·d for s in [0, 1] only.
    const t = Math.min(MAX_STRENGTH, Math.max(0, along));
    const residual = Math.hypot(p[0]! - t * d[0]!, p[1]! - t * d[1]!, p[2]! - t * d[2]!);
    if (residual < best.residual) best = { classIndex: k, residual };
  }
  return best;
}

/** "Nice" ticks (steps 1, 2 or 5 × 10ᵏ) inside [min, max], about `target` of them, with labels
 * that carry just the decimals the step needs and a true minus sign. */
export function niceTicks(
  min: number,
  max: number,
  target: number,
): { values: number[]; labels: string[] } {
  const raw = (max - min) / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const step = (normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10) * magnitude;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + 1e-9 * step; k++)
    values.push(k * step);
  const labels = values.map((value) => {
    const text = value.toFixed(decimals);
    return Number(text) === 0 ? '0' : text.replace('-', '−');
  });
  return { values, labels };
}

/**
 * Where the plot sits on the canvas (CSS pixels) and which part of the plane it shows. The view is
 * the grid's range widened by half a cell on every side, so each cell is a block centred on its
 * sample point; b grows upwards.
 */
export interface PlotLayout {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly aMin: number;
  readonly aMax: number;
  readonly bMin: number;
  readonly bMax: number;
}

/** The plane range a grid of `size` points over aRange × bRange shows: half a cell beyond each end. */
export function plotView(
  size: number,
  aRange: readonly [number, number],
  bRange: readonly [number, number],
): { aMin: number; aMax: number; bMin: number; bMax: number } {
  const halfA = (aRange[1] - aRange[0]) / (size - 1) / 2;
  const halfB = (bRange[1] - bRange[0]) / (size - 1) / 2;
  return {
    aMin: aRange[0] - halfA,
    aMax: aRange[1] + halfA,
    bMin: bRange[0] - halfB,
    bMax: bRange[1] + halfB,
  };
}

/** Plane coordinates (a, b) → canvas CSS pixels (x right, y down). */
export function planeToPixel(layout: PlotLayout, a: number, b: number): [number, number] {
  return [
    layout.left + ((a - layout.aMin) / (layout.aMax - layout.aMin)) * layout.width,
    layout.top + ((layout.bMax - b) / (layout.bMax - layout.bMin)) * layout.height,
  ];
}

/** Canvas CSS pixels → plane coordinates (a, b); the inverse of `planeToPixel`. */
export function pixelToPlane(layout: PlotLayout, x: number, y: number): [number, number] {
  return [
    layout.aMin + ((x - layout.left) / layout.width) * (layout.aMax - layout.aMin),
    layout.bMax - ((y - layout.top) / layout.height) * (layout.bMax - layout.bMin),
  ];
}

/**
 * The layout a drawn map publishes on its canvas: `data-plot="left,top,width,height"` (CSS px)
 * and `data-view="aMin,aMax,bMin,bMax"` (plane units), for tests that map pixels ↔ plane.
 */
export function layoutAttributes(layout: PlotLayout): { plot: string; view: string } {
  return {
    plot: [layout.left, layout.top, layout.width, layout.height].join(','),
    view: [layout.aMin, layout.aMax, layout.bMin, layout.bMax].join(','),
  };
}

/** The inverse of `layoutAttributes`: a layout from the canvas's data-plot and data-view. */
export function layoutFromAttributes(plot: string, view: string): PlotLayout {
  const p = plot.split(',').map(Number);
  const v = view.split(',').map(Number);
  if (p.length !== 4 || v.length !== 4 || [...p, ...v].some((x) => !Number.isFinite(x)))
    throw new Error(`bad plot layout "${plot}" / "${view}"`);
  const [left, top, width, height] = p as [number, number, number, number];
  const [aMin, aMax, bMin, bMax] = v as [number, number, number, number];
  return { left, top, width, height, aMin, aMax, bMin, bMax };
}
