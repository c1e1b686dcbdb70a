/**
 * Float64 vector primitives under the small-vector algorithms (Lanczos, Gram–Schmidt, plane
 * directions), in the style of PyHessian's `group_product` / `group_add` / `normalization` /
 * `orthnormal` — but pure: every function returns a new array and never mutates its arguments.
 *
 * Vectors are flat: an input-space vector of a [1, 28, 28, 1] image is a length-784 array in the
 * tensor's row-major order. Arithmetic is float64, so re-orthogonalization against dozens of
 * basis vectors stays accurate to ~1e-15 even when the vectors came from float32 tensors.
 */

/** A flat float64 vector. */
export type Vector = Float64Array;

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`vector lengths differ: ${a.length} vs ${b.length}`);
}

/** aᵀb. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLengths(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** ‖a‖₂. */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** y + αx, as a new vector (BLAS axpy without the in-place update). */
export function axpy(alpha: number, x: ArrayLike<number>, y: ArrayLike<number>): Vector {
  checkLengths(x, y);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i]! + alpha * x[i]!;
  return out;
}

/** αx, as a new vector. */
export function scale(alpha: number, x: ArrayLike<number>): Vector {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = alpha * x[i]!;
  return out;
}

/**
 * x/‖x‖₂, or null when ‖x‖₂ = 0 (or is not finite): a zero vector has no direction, and the
 * caller must decide what that means (PyHessian adds 1e-6 to the norm instead, which hides it).
 */
export function normalize(x: ArrayLike<number>): Vector | null {
  const n = norm(x);
  if (!(n > 0) || !Number.isFinite(n)) return null;
  return scale(1 / n, x);
}

/**
 * x minus its projection on the span of `basis`, which must be orthonormal: x − Σ (qᵀx) q.
 * Classical Gram–Schmidt applied twice ("twice is enough", Giraud et al. 2005): one pass loses
 * orthogonality in proportion to how much of x lay in the span; the second pass restores it to
 * rounding level. This is the full re-orthogonalization step of Lanczos.
 */
export function orthogonalize(x: ArrayLike<number>, basis: readonly ArrayLike<number>[]): Vector {
  let out: Vector = Float64Array.from(x);
  for (let pass = 0; pass < 2; pass++) {
    const coefficients = basis.map((q) => dot(q, out));
    basis.forEach((q, j) => {
      out = axpy(-coefficients[j]!, q, out);
    });
  }
  return out;
}

/**
 * The unit vector along x's component orthogonal to an orthonormal `basis`, or null when that
 * component is negligible: its norm ≤ `relativeTolerance` · ‖x‖ (x lies in the span, to rounding).
 */
export function orthonormalize(
  x: ArrayLike<number>,
  basis: readonly ArrayLike<number>[],
  relativeTolerance = 1e-10,
): Vector | null {
  const residual = orthogonalize(x, basis);
  if (norm(residual) <= relativeTolerance * norm(x)) return null;
  return normalize(residual);
}

/** Σⱼ cⱼ qⱼ: a linear combination of equal-length vectors (e.g. a Ritz vector from a basis). */
export function combine(
  coefficients: ArrayLike<number>,
  vectors: readonly ArrayLike<number>[],
): Vector {
  if (coefficients.length !== vectors.length) {
    throw new Error(`${coefficients.length} coefficients for ${vectors.length} vectors`);
  }
  const first = vectors[0];
  if (first === undefined) throw new Error('combine needs at least one vector');
  let out: Vector = new Float64Array(first.length);
  vectors.forEach((v, j) => {
    out = axpy(coefficients[j]!, v, out);
  });
  return out;
}
