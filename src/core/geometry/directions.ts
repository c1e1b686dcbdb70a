/**
 * Unit directions in input space for loss surfaces and decision-boundary slices (PAPER.md, "The
 * geometry to show"). All are flat float64 vectors of length d in x's row-major order, with unit
 * ℓ2 norm in input units, so a step of a along u moves the input by distance |a|.
 */
import { dot, normalize, orthogonalize, scale, type Vector } from '../linalg/vector';
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
