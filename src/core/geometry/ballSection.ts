/**
 * The threat ball {x + r : ‖r‖ ≤ ε} cut by the plane x + a·u + b·v of a decision-boundary slice,
 * as a convex polygon in the plane's coordinates (a, b): offsets from x along u and v, in the
 * directions' units (input units for unit u, v). Drawn on the slice, it shows which part of the
 * picture the attack may reach. Pure numbers, no tfjs.
 */
import type { AttackNorm } from '../names';

/** Options of `ballSection`. */
export interface BallSectionOptions {
  /** Vertices of the ℓ2 ellipse (default 128, at least 3); ignored for ℓ∞, whose polygon is exact. */
  readonly segments?: number;
}

/**
 * The section of the ε-ball around x with the plane x + a·u + b·v.
 * ℓ2: the ellipse (a, b)·G·(a, b)ᵀ ≤ ε², G the Gram matrix of u, v (a circle of radius ε for
 * orthonormal u, v), sampled at `segments` points starting on the positive a axis.
 * ℓ∞: the exact polygon {(a, b) : |a·uᵢ + b·vᵢ| ≤ ε for every coordinate i}.
 * @param u, v directions of equal length d (flat); they must be linearly independent, else the
 *   section is an unbounded strip (an error).
 * @param epsilon ε ≥ 0, in input units; ε = 0 gives the single point (0, 0).
 * @returns flat [a0, b0, a1, b1, …], counter-clockwise (positive signed area), the first vertex not
 *   repeated.
 */
export function ballSection(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  epsilon: number,
  norm: AttackNorm,
  options: BallSectionOptions = {},
): Float64Array {
  if (u.length !== v.length) throw new Error(`u has ${u.length} values, v has ${v.length}`);
  if (!(epsilon >= 0) || !Number.isFinite(epsilon))
    throw new Error(`epsilon must be finite and ≥ 0, got ${epsilon}`);
  if (epsilon === 0) return new Float64Array(2);
  if (norm === 'l2') return l2Section(u, v, epsilon, options.segments ?? 128);
  if (norm === 'linf') return linfSection(u, v, epsilon);
  throw new Error(`unknown norm ${String(norm)}`);
}

/** x = ε·L⁻ᵀ(cos θ, sin θ) with G = L·Lᵀ (Cholesky): xᵀGx = ε², and L⁻ᵀ has a positive
 * determinant, so increasing θ runs counter-clockwise. θ = 0 is the point (ε/‖u‖, 0). */
function l2Section(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  epsilon: number,
  segments: number,
): Float64Array {
  if (!Number.isInteger(segments) || segments < 3)
    throw new Error(`segments must be an integer ≥ 3, got ${segments}`);
  let uu = 0;
  let uv = 0;
  let vv = 0;
  for (let i = 0; i < u.length; i++) {
    const ui = u[i]!;
    const vi = v[i]!;
    uu += ui * ui;
    uv += ui * vi;
    vv += vi * vi;
  }
  const l00 = Math.sqrt(uu);
  const l10 = uv / l00;
  const l11sq = vv - l10 * l10;
  // Relative test: Cauchy–Schwarz makes uu·vv − uv² ≥ 0, and it is ~0 for parallel directions.
  if (!(l00 > 0) || !(l11sq > 1e-12 * vv)) throw new Error('u and v must be linearly independent');
  const l11 = Math.sqrt(l11sq);
  const out = new Float64Array(2 * segments);
  for (let k = 0; k < segments; k++) {
    const theta = (2 * Math.PI * k) / segments;
    const c = epsilon * Math.cos(theta);
    const s = epsilon * Math.sin(theta);
    // L⁻ᵀ = [[1/l00, −l10/(l00·l11)], [0, 1/l11]].
    out[2 * k] = c / l00 - (l10 * s) / (l00 * l11);
    out[2 * k + 1] = s / l11;
  }
  return out;
}

/**
 * The ℓ∞ section by polarity: every constraint |p·qᵢ| ≤ ε with qᵢ = (uᵢ, vᵢ) reads p·q ≤ 1 for
 * q = ±qᵢ/ε, so the section is the polar of Q = conv{±qᵢ/ε}, and its vertices are the solutions
 * of p·q₁ = p·q₂ = 1 for the consecutive vertices q₁, q₂ of Q's hull. That is exact and
 * O(d log d) (a few ms for d = 784), where clipping a square with 2d half-planes is O(d·vertices).
 */
function linfSection(u: ArrayLike<number>, v: ArrayLike<number>, epsilon: number): Float64Array {
  const points: [number, number][] = [];
  for (let i = 0; i < u.length; i++) {
    const ui = u[i]!;
    const vi = v[i]!;
    if (ui === 0 && vi === 0) continue; // no constraint on the plane
    points.push([ui / epsilon, vi / epsilon], [-ui / epsilon, -vi / epsilon]);
  }
  const hull = convexHull(points);
  if (hull.length < 3 || !(signedArea(hull.flat()) > 0))
    throw new Error('u and v must be linearly independent');
  const out = new Float64Array(2 * hull.length);
  for (let k = 0; k < hull.length; k++) {
    // Hull edges run counter-clockwise, so their outward normals — the polar vertices — do too.
    const [p1, q1] = hull[k]!;
    const [p2, q2] = hull[(k + 1) % hull.length]!;
    // Solve [p1 q1; p2 q2]·(a, b) = (1, 1); det > 0 as 0 is strictly inside the symmetric hull.
    const det = p1 * q2 - q1 * p2;
    out[2 * k] = (q2 - q1) / det;
    out[2 * k + 1] = (p1 - p2) / det;
  }
  return out;
}

/** Andrew's monotone chain: hull vertices counter-clockwise, collinear and repeated points dropped. */
function convexHull(points: [number, number][]): [number, number][] {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const cross = (o: [number, number], p: [number, number], q: [number, number]) =>
    (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
  const chain = (ordered: [number, number][]) => {
    const out: [number, number][] = [];
    for (const p of ordered) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0)
        out.pop();
      out.push(p);
    }
    out.pop(); // the last point starts the other chain
    return out;
  };
  const lower = chain(sorted);
  const upper = chain(sorted.reverse());
  return [...lower, ...upper];
}

/** Signed area of a flat polygon [x0, y0, x1, y1, …] (shoelace): > 0 when counter-clockwise. */
export function signedArea(polygon: ArrayLike<number>): number {
  const n = polygon.length / 2;
  let twice = 0;
  for (let k = 0; k < n; k++) {
    const next = (k + 1) % n;
    twice += polygon[2 * k]! * polygon[2 * next + 1]! - polygon[2 * next]! * polygon[2 * k + 1]!;
  }
  return twice / 2;
}

/**
 * Whether (a, b) lies in a convex polygon (boundary included): left of or on every edge.
 * @param polygon flat [a0, b0, a1, b1, …], counter-clockwise, as `ballSection` returns; a single
 *   vertex (ε = 0) contains only itself.
 */
export function pointInConvexPolygon(polygon: ArrayLike<number>, a: number, b: number): boolean {
  const n = polygon.length / 2;
  if (n === 1) return a === polygon[0] && b === polygon[1];
  for (let k = 0; k < n; k++) {
    const next = (k + 1) % n;
    const a0 = polygon[2 * k]!;
    const b0 = polygon[2 * k + 1]!;
    const cross = (polygon[2 * next]! - a0) * (b - b0) - (polygon[2 * next + 1]! - b0) * (a - a0);
    if (cross < 0) return false;
  }
  return true;
}
