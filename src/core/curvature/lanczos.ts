/**
 * Top-k eigenpairs of a symmetric operator known only through products v ↦ Hv (an `hvp`
 * closure), by the Lanczos iteration with full re-orthogonalization (PyHessian's `eigenvalues`
 * uses power iteration; Lanczos reaches the same pairs in far fewer products, and full
 * re-orthogonalization removes the ghost copies plain Lanczos produces in finite precision).
 *
 * Vectors live in float64 JS arrays (linalg/vector.ts); only the products touch tensors, so the
 * Krylov basis stays orthonormal to ~1e-15 whatever the backend's precision.
 */
import { createRng } from '../random';
import { tridiagonalEigen } from '../linalg/symmetricEigen';
import { combine, dot, norm, normalize, orthogonalize, type Vector } from '../linalg/vector';

/** v ↦ Hv for a symmetric H of the closure's dimension; may be async (a tensor readback). */
export type HvpClosure = (v: Vector) => Vector | Promise<Vector>;

/** Settings of `lanczosTopK`. */
export interface LanczosOptions {
  /** Number of eigenpairs wanted, 1 ≤ k ≤ dimension. */
  readonly k: number;
  /** Seed of the start vector q₀ ~ N(0, I)/‖·‖ (createRng). */
  readonly seed: number;
  /** Most products Hv to spend; default min(dimension, max(4k, k + 80)) (MNIST MLPs with smooth
   * activations reach tolerance 1e-6 for k = 10 in ~60 products, k = 20 in ~85). */
  readonly maxIterations?: number;
  /** Stop when every wanted Ritz pair has residual ‖Hy − θy‖ ≤ tolerance · max|θ|; default 1e-6. */
  readonly tolerance?: number;
}

/** The k largest eigenvalues (algebraically: the most positive curvature first) and vectors. */
export interface LanczosResult {
  /** θ₁ ≥ … ≥ θ_k, Ritz values (eigenvalue estimates), in the operator's units. */
  readonly values: Float64Array;
  /** Unit Ritz vectors (length = dimension, float64); vectors[i] goes with values[i]. Their
   * sign is arbitrary, as for any eigensolver. */
  readonly vectors: Vector[];
  /** Residual estimates ‖Hyᵢ − θᵢyᵢ‖ = β_m·|last component of the i-th eigenvector of T|. */
  readonly residuals: Float64Array;
  /** Products Hv spent. */
  readonly iterations: number;
  /** Whether the stopping rule was met (false: maxIterations ran out first). */
  readonly converged: boolean;
}

interface Ritz {
  values: Float64Array;
  residuals: Float64Array;
  coefficients: Vector[];
  scale: number;
}

/** Ritz pairs of T (alpha, beta), with residual estimates given the next off-diagonal `last`. */
function ritz(alpha: readonly number[], beta: readonly number[], last: number): Ritz {
  const eig = tridiagonalEigen(alpha, beta);
  const m = alpha.length;
  const residuals = Float64Array.from(eig.vectors, (s) => Math.abs(last * s[m - 1]!));
  const scale = eig.values.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  return { values: eig.values, residuals, coefficients: eig.vectors, scale };
}

function randomUnit(dimension: number, rng: ReturnType<typeof createRng>): Vector {
  const v = Float64Array.from({ length: dimension }, () => rng.normal());
  const unit = normalize(v);
  if (unit === null) throw new Error('lanczos: random start vector is zero');
  return unit;
}

function checkOptions(dimension: number, options: LanczosOptions): void {
  const { k } = options;
  if (!Number.isInteger(dimension) || dimension < 1) throw new Error(`bad dimension ${dimension}`);
  if (!Number.isInteger(k) || k < 1 || k > dimension) {
    throw new Error(`k must be an integer in [1, ${dimension}], got ${k}`);
  }
}

/**
 * The k algebraically largest eigenpairs of a symmetric operator H of size dimension.
 *
 * Iteration j: w = Hqⱼ, αⱼ = qⱼᵀw, w ← w − αⱼqⱼ − βⱼ₋₁qⱼ₋₁, then w is re-orthogonalized against
 * every previous q (twice), βⱼ = ‖w‖, qⱼ₊₁ = w/βⱼ. The Ritz pairs of the tridiagonal
 * T = tridiag(β, α, β) approximate H's extreme eigenpairs.
 *
 * Stopping rule: after each product, once at least k Ritz values exist, stop when the k largest
 * have residual estimates ≤ tolerance · max|θ| (the residual estimate is exact for the Ritz pair in
 * exact arithmetic); also stop when the Krylov basis spans the whole space (j = dimension) or
 * maxIterations is spent (then converged = false). If the Krylov space becomes invariant
 * (βⱼ ≤ 1e-12 · max|θ|, e.g. a rank-deficient H) before k Ritz values exist, the iteration
 * restarts from a fresh seeded random vector orthogonal to the basis (T gets a zero off-diagonal).
 * As with every Krylov method, the multiplicity of a repeated eigenvalue shows only through such
 * restarts and rounding: one Lanczos sequence sees one copy.
 */
export async function lanczosTopK(
  hvp: HvpClosure,
  dimension: number,
  options: LanczosOptions,
): Promise<LanczosResult> {
  checkOptions(dimension, options);
  const { k } = options;
  const wantedIterations = options.maxIterations ?? Math.max(4 * k, k + 80);
  const maxIterations = Math.min(dimension, Math.max(k, wantedIterations));
  const tolerance = options.tolerance ?? 1e-6;
  const rng = createRng(options.seed);
  const basis: Vector[] = [randomUnit(dimension, rng)];
  const alpha: number[] = [];
  const beta: number[] = [];
  let current: Ritz | null = null;
  let converged = false;
  for (let j = 0; j < maxIterations; j++) {
    const q = basis[j]!;
    const hq = await hvp(q);
    if (hq.length !== dimension)
      throw new Error(`hvp returned ${hq.length} values, not ${dimension}`);
    const a = dot(q, hq);
    alpha.push(a);
    // Projecting out every basis vector subtracts the recurrence's αⱼqⱼ + βⱼ₋₁qⱼ₋₁ and, in
    // finite precision, the components along older q that plain Lanczos lets creep back.
    const w = orthogonalize(hq, basis);
    const b = norm(w);
    const pairs = ritz(alpha, beta, b);
    current = pairs;
    const wanted = pairs.residuals.subarray(0, k);
    if (alpha.length >= k && wanted.every((r) => r <= tolerance * pairs.scale)) {
      converged = true;
      break;
    }
    if (alpha.length === dimension) {
      converged = true; // T is similar to H itself: the Ritz values are H's eigenvalues
      break;
    }
    if (j + 1 === maxIterations) break;
    if (b > 1e-12 * pairs.scale) {
      beta.push(b);
      basis.push(Float64Array.from(w, (wi) => wi / b));
    } else {
      // Invariant subspace: restart orthogonally; the zero off-diagonal decouples T's blocks.
      beta.push(0);
      const fresh = normalize(orthogonalize(randomUnit(dimension, rng), basis));
      if (fresh === null) throw new Error('lanczos: restart vector lies in the basis');
      basis.push(fresh);
    }
  }
  return assemble(current!, basis, k, alpha.length, converged);
}

/** Ritz vectors y = Q s for the k largest Ritz values, normalized (Q's columns are orthonormal). */
function assemble(
  r: Ritz,
  basis: readonly Vector[],
  k: number,
  iterations: number,
  converged: boolean,
): LanczosResult {
  const count = Math.min(k, r.values.length);
  const used = basis.slice(0, iterations);
  const vectors = r.coefficients.slice(0, count).map((s) => {
    const y = normalize(combine(s, used));
    if (y === null) throw new Error('lanczos: zero Ritz vector');
    return y;
  });
  return {
    values: r.values.slice(0, count),
    vectors,
    residuals: r.residuals.slice(0, count),
    iterations,
    converged,
  };
}
