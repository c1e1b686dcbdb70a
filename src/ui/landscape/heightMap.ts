/**
 * The vertical axis: loss (nats) ↔ height in the box. Pure, shared by the mesh update, the
 * markers and the read-back that end-to-end tests compare with an independently computed ℓ(x).
 */
import type { HeightRange } from './types';

/** The box, in world units: x ∈ [−1, 1] along a (u), z ∈ [−1, 1] along −b (v), y ∈ [0, HEIGHT]. */
export const BOX_HALF_WIDTH = 1;
export const BOX_HEIGHT = 1.1;

/** [lo, hi] made usable: finite, and hi > lo (a flat range still maps to a visible box). */
export function usableRange(range: HeightRange): [number, number] {
  const lo = Number.isFinite(range[0]) ? range[0] : 0;
  const hi = Number.isFinite(range[1]) ? range[1] : lo + 1;
  if (hi > lo) return [lo, hi];
  // A degenerate range (one constant loss): centre it in a unit-wide window.
  return [lo - 0.5, lo + 0.5];
}

/**
 * Fraction of the way up the box, clamped to [0, 1]. +∞ and NaN go to the top: a loss too large
 * to represent is "off the scale", never silently at the floor.
 */
export function lossToFraction(loss: number, lo: number, hi: number): number {
  if (Number.isNaN(loss)) return 1;
  const t = (loss - lo) / (hi - lo);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/** Height in world units of a loss: lossToFraction × BOX_HEIGHT. */
export function lossToHeight(loss: number, lo: number, hi: number): number {
  return lossToFraction(loss, lo, hi) * BOX_HEIGHT;
}

/** The inverse of lossToHeight inside the box (a clamped value reads back as lo or hi). */
export function heightToLoss(height: number, lo: number, hi: number): number {
  return lo + (height / BOX_HEIGHT) * (hi - lo);
}

/** World x of a (or −z of b) for coordinate `value` on a grid spanning [−radius, radius]. */
export function coordinateToWorld(value: number, radius: number): number {
  return (value / radius) * BOX_HALF_WIDTH;
}
