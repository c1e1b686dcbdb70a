/**
 * The surface colour map as a precomputed lookup table: t ∈ [0, 1] → linear-sRGB triple, so the
 * per-vertex update is an index and three copies. three.js treats vertex colours as linear and
 * encodes to sRGB on output, so the stored values are the colour map's sRGB decoded to linear.
 */
import { interpolateViridis } from 'd3-scale-chromatic';

/** d3's viridis is a 256-step ramp: a 256-entry table reproduces it exactly. */
export const LUT_SIZE = 256;

/** sRGB component in [0, 1] → linear (IEC 61966-2-1). */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

/** "#rrggbb" or "rgb(r, g, b)" → sRGB components in [0, 1]. */
export function parseCssColour(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return [1, 2, 3].map((k) => parseInt(hex[k]!, 16) / 255) as [number, number, number];
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(css.trim());
  if (rgb) return [1, 2, 3].map((k) => Number(rgb[k]) / 255) as [number, number, number];
  throw new Error(`not a colour: ${css}`);
}

/** `size` linear-RGB triples, entry k = interpolate(k / (size − 1)). */
export function buildLut(interpolate: (t: number) => string, size = LUT_SIZE): Float32Array {
  const lut = new Float32Array(3 * size);
  for (let k = 0; k < size; k++) {
    const [r, g, b] = parseCssColour(interpolate(k / (size - 1)));
    lut[3 * k] = srgbToLinear(r);
    lut[3 * k + 1] = srgbToLinear(g);
    lut[3 * k + 2] = srgbToLinear(b);
  }
  return lut;
}

/** Table entry of a fraction t ∈ [0, 1] (clamped). */
export function lutIndex(t: number, size: number): number {
  const k = Math.round(t * (size - 1));
  return k < 0 ? 0 : k >= size ? size - 1 : k;
}

/** A CSS linear-gradient (bottom = 0, top = 1) for the legend's colour bar. */
export function cssGradient(interpolate: (t: number) => string, stops = 11): string {
  const parts: string[] = [];
  for (let k = 0; k < stops; k++) {
    const t = k / (stops - 1);
    parts.push(`${interpolate(t)} ${(t * 100).toFixed(1)}%`);
  }
  return `linear-gradient(to top, ${parts.join(', ')})`;
}

export const colourMap = interpolateViridis;
export const VIRIDIS_LUT = buildLut(interpolateViridis);
export const VIRIDIS_GRADIENT = cssGradient(interpolateViridis);
/** Eleven evenly spaced viridis colours, low to high: the exported figures' colour bars. */
export const VIRIDIS_STOPS: readonly string[] = Array.from({ length: 11 }, (_, i) =>
  interpolateViridis(i / 10),
);
