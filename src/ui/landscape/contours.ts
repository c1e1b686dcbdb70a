/**
 * Floor contour lines from d3-contour, as line segments in grid-index coordinates. d3-contour
 * returns closed polygons (for filling) on a grid padded with −∞, with sample (col, row) at
 * (col + ½, row + ½); the isolines are the polygon edges that lie inside the sampled area, so
 * edges that touch the padding (the polygons' closing runs along the border) are dropped.
 */
import { contours as d3Contours } from 'd3-contour';

/** `count` evenly spaced levels strictly inside (lo, hi): lo + (hi − lo)·k/(count + 1). */
export function contourThresholds(lo: number, hi: number, count = 9): number[] {
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * (k + 1)) / (count + 1));
}

/** Segments of all levels: endpoints (i, j) in grid indices (i along a, j along b), fractional. */
export interface ContourSegments {
  /** 4 numbers per segment: i₀, j₀, i₁, j₁. */
  points: Float32Array;
  /** Index into the thresholds of each segment. */
  level: Uint8Array;
  /** Number of segments. */
  count: number;
}

/**
 * Isolines of the N×N row-major grid (index i·N + j) at each threshold. Non-finite values count
 * as below every threshold (d3-contour's rule).
 */
export function contourSegments(
  values: ArrayLike<number>,
  size: number,
  thresholds: readonly number[],
): ContourSegments {
  // d3 wants x = column (j) fastest, which is our row-major layout with x = j, y = i.
  const generator = d3Contours().size([size, size]);
  const input = values as unknown as number[]; // d3 only indexes it; a typed array is fine.
  const collected: number[] = [];
  const levels: number[] = [];
  const inside = (c: number) => c >= 0.5 && c <= size - 0.5;
  thresholds.forEach((threshold, level) => {
    const multiPolygon = generator.contour(input, threshold);
    for (const polygon of multiPolygon.coordinates)
      for (const ring of polygon)
        for (let p = 1; p < ring.length; p++) {
          const [x0, y0] = ring[p - 1]!;
          const [x1, y1] = ring[p]!;
          if (!inside(x0!) || !inside(y0!) || !inside(x1!) || !inside(y1!)) continue;
          collected.push(y0! - 0.5, x0! - 0.5, y1! - 0.5, x1! - 0.5);
          levels.push(level);
        }
  });
  return {
    points: Float32Array.from(collected),
    level: Uint8Array.from(levels),
    count: levels.length,
  };
}
