/**
 * Unit directions in input space for loss surfaces and decision-boundary slices (PAPER.md, "The
 * geometry to show"). All are flat float64 vectors of length d in x's row-major order, with unit
 * ℓ2 norm in input units, so a step of a along u moves the input by distance |a|.
 */
import { dot, norm, normalize, orthogonalize, scale, type Vector } from '../linalg/vector';
import type { Rng } from '../random';
import type { AnalysisReport } from '../report';

/** Which direction a grid axis is: 'normal' | 'normal-sign' | 'random' | 'eigenvector' (the
 * analysis report's `grid.uKind` / `grid.vKind`). */
export type DirectionKind = AnalysisReport['grid']['uKind'];

/**
 * The normal direction n = g/‖g‖₂ (steepest loss ascent), or null when g = 0 (in float32 that
 * happens for inputs classified with a margin beyond ~100 logits: the loss and its gradient
 * underflow to exactly 0) — then there is no normal, and the caller picks another direction.
 * @param grad ∇ₓℓ(x), flat, length d.
 */
export function normalDirection(grad: ArrayLike<number>): Vector | null {
  return normalize(grad);
}

/**
 * The ℓ∞ normal variant sign(g)/‖sign(g)‖₂ — PAPER.md's sign(g)/√d, normalized by the actual
 * count of nonzero entries so it stays a unit vector when some gᵢ are exactly 0 (sign 0, as in
 * torch.sign) — or null when g = 0. Equals CURE's z.
 */
export function signDirection(grad: ArrayLike<number>): Vector | null {
  return normalize(Float64Array.from(grad, (gi) => Math.sign(gi)));
}

/**
 * A seeded random unit direction: r ~ N(0, I_d) from `rng`, orthogonalized against `against`
 * (e.g. [n]; the vectors are orthonormalized first, so they need not be orthogonal or unit),
 * then normalized. Deterministic for a given generator state.
 * @param dimension d; @param rng consumed (d normals, more only in the measure-zero case of a
 *   draw inside the span).
 */
export function randomOrthogonalDirection(
  dimension: number,
  rng: Rng,
  against: readonly ArrayLike<number>[] = [],
): Vector {
  const basis: Vector[] = [];
  for (const a of against) {
    if (a.length !== dimension)
      throw new Error(`direction of length ${a.length}, not ${dimension}`);
    const q = normalize(orthogonalize(a, basis));
    if (q !== null) basis.push(q);
  }
  if (basis.length >= dimension) throw new Error('no direction is orthogonal to a full basis');
  for (;;) {
    const r = Float64Array.from({ length: dimension }, () => rng.normal());
    const unit = normalize(orthogonalize(r, basis));
    if (unit !== null) return unit;
  }
}

/**
 * u or −u, whichever has gᵀu ≥ 0 (an eigenvector's sign is arbitrary; the robustness bounds and
 * the pictures want the one pointing uphill).
 */
export function orientAlong(u: ArrayLike<number>, grad: ArrayLike<number>): Vector {
  return scale(dot(u, grad) < 0 ? -1 : 1, u);
}

/** The plane of a landscape or boundary slice: unit u, and unit v ⟂ u. */
export interface PlaneDirections {
  readonly u: Vector;
  readonly v: Vector;
  /** What u is: the normal ∇ℓ/‖∇ℓ‖; its sign variant when the gradient's norm underflows; a
   * seeded random direction when the gradient is exactly 0 (no normal exists). */
  readonly uKind: 'normal' | 'normal-sign' | 'random';
  /** What v is; 'random' also when the eigenvector was asked for but lies along u. */
  readonly vKind: 'random' | 'eigenvector';
}

/**
 * The standard plane through x (PAPER.md, "The geometry to show"): u = the normal direction,
 * v = the top Hessian eigenvector orthogonalized against u, or a seeded random direction ⟂ u.
 * @param grad ∇ₓℓ(x), flat; @param eigenvector the top eigenvector (any sign), or null;
 * @param rng draws u (only if the gradient is 0) and the random v.
 */
export function planeDirections(
  grad: ArrayLike<number>,
  vKind: 'random' | 'eigenvector',
  eigenvector: ArrayLike<number> | null,
  rng: Rng,
): PlaneDirections {
  const d = grad.length;
  const normal = normalDirection(grad);
  const sign = normal ? null : signDirection(grad);
  const u = normal ?? sign ?? randomOrthogonalDirection(d, rng);
  const uKind = normal ? 'normal' : sign ? 'normal-sign' : 'random';
  if (vKind === 'eigenvector' && eigenvector) {
    const rest = orthogonalize(eigenvector, [u]);
    // An eigenvector (almost) along u spans no plane with it: what is left is rounding noise.
    if (norm(rest) > 1e-6 * norm(eigenvector)) {
      return { u, v: normalize(rest)!, uKind, vKind: 'eigenvector' };
    }
  }
  return { u, v: randomOrthogonalDirection(d, rng, [u]), uKind, vKind: 'random' };
}
