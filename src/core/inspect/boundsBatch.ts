/**
 * "Vice versa" for a batch of points (PAPER.md): the measured robustness ρ_p next to the
 * quadratic-model bounds lower_p ≤ ρ_p ≤ upper_p built from the point's own gradient and top
 * input-Hessian eigenpair. Three batched passes: one gradient over the P points, the lockstep
 * Lanczos (k = 1), the lockstep PGD radius search.
 */
import * as tf from '@tensorflow/tfjs';
import { lossAndInputGradient } from '../curvature/inputDerivatives';
import type { LanczosOptions, LanczosResult } from '../curvature/lanczos';
import { robustnessBounds } from '../geometry/bounds';
import type { PgdRobustnessOptions } from '../geometry/robustness';
import { dot, norm } from '../linalg/vector';
import { topEigenpairsBatch } from './batchedEigen';
import { pgdRobustnessBatch } from './batchedRobustness';
import { batchShape, readAndDispose, rowsLoss, type PointLoss } from './pointLoss';

/** One point's row of the comparison (units: nats, input units; see geometry/bounds.ts). */
export interface BoundsRow {
  /** ℓ(x_p), nats. */
  loss: number;
  /** ‖∇ₓℓ(x_p)‖₂, nats per input unit. */
  gradNorm: number;
  /** ν = λ_max of ∇ₓ²ℓ(x_p) (Lanczos estimate), nats per input unit². */
  nu: number;
  /** gᵀu ≥ 0 for the unit top eigenvector u oriented uphill, nats per input unit. */
  gradDotU: number;
  /** c = t_p − ℓ(x_p), nats (the same for every point). */
  c: number;
  /** Quadratic-model bounds on ρ and the linear model's c/‖g‖, input units. */
  lower: number;
  upper: number;
  linear: number;
  /** Measured ρ by ℓ2 PGD (Infinity when not reached within maxRadius), input units. */
  rho: number;
  reached: boolean;
  /** The search's resolution: ρ minus the last radius that did not reach t_p. */
  bracket: number;
}

/** Settings of `robustnessVersusBounds`. */
export interface BoundsBatchOptions {
  /** Loss increase c ≥ 0 in nats: point p's level is t_p = ℓ(x_p) + c. */
  readonly c: number;
  /** Largest radius PGD tries, input units. */
  readonly maxRadius: number;
  /** Lanczos seed (point p uses seed + p). */
  readonly seed: number;
  /** Further PGD search settings (maxRadius above wins). */
  readonly pgd?: Partial<PgdRobustnessOptions>;
  /** Further Lanczos settings (k is always 1, seed above wins). */
  readonly lanczos?: Partial<LanczosOptions>;
  /** The points' top eigenpairs when the caller has them already (`topEigenpairsBatch` with
   * k ≥ 1, one per point): the Lanczos pass is then skipped. */
  readonly eigen?: readonly LanczosResult[];
}

/** ℓ(x_p) and ∇ₓℓ(x_p) of every point, flat float64 ([P] and [P·d]), in one batched pass. */
async function lossesAndGradients(loss: PointLoss, x: tf.Tensor, count: number) {
  const index = tf.range(0, count, 1, 'int32') as tf.Tensor1D;
  try {
    const found = lossAndInputGradient(rowsLoss(loss, index), x);
    const [values, grads] = await Promise.all([
      readAndDispose(found.loss),
      readAndDispose(found.grad),
    ]);
    return { values, grads };
  } finally {
    index.dispose();
  }
}

/**
 * Per point: ℓ(x_p), g = ∇ₓℓ(x_p), ν = λ_max(∇ₓ²ℓ(x_p)) and its unit eigenvector u (oriented so
 * gᵀu ≥ 0), the bounds of `robustnessBounds` at c, and ρ measured by `pgdRobustnessBatch` at
 * t_p = ℓ(x_p) + c. On an exactly quadratic loss with ν > 0 lower ≤ ρ ≤ upper (+ bracket);
 * on a network the quadratic model is local and ρ may fall outside — which is what the panel
 * shows.
 * @param x [P, ...inputShape] float32; must stay alive until the promise settles.
 * @returns one row per point, in x's order.
 */
export async function robustnessVersusBounds(
  loss: PointLoss,
  x: tf.Tensor,
  options: BoundsBatchOptions,
): Promise<BoundsRow[]> {
  const { count, d } = batchShape(x);
  const { c, maxRadius, seed } = options;
  if (!(c >= 0) || !Number.isFinite(c)) throw new Error(`c must be finite and ≥ 0, got ${c}`);
  const { values, grads } = await lossesAndGradients(loss, x, count);
  if (options.eigen && options.eigen.length !== count) {
    throw new Error(`eigen holds ${options.eigen.length} results for ${count} points`);
  }
  const eigen =
    options.eigen ?? (await topEigenpairsBatch(loss, x, { ...options.lanczos, k: 1, seed }));
  const levels = Float64Array.from(values, (l) => l + c);
  const measured = await pgdRobustnessBatch(loss, x, levels, { ...options.pgd, maxRadius });
  return measured.map((m, p) => {
    const g = grads.subarray(p * d, (p + 1) * d);
    const top = eigen[p]!;
    const nu = top.values[0]!;
    // |gᵀu|: the eigenvector's sign is arbitrary; the bound wants u pointing uphill.
    const gradDotU = Math.abs(dot(g, top.vectors[0]!));
    const gradNorm = norm(g);
    const bounds = robustnessBounds({ gradNorm, gradDotU, nu, c });
    return {
      loss: values[p]!,
      gradNorm,
      nu,
      gradDotU,
      c,
      ...bounds,
      rho: m.rho,
      reached: m.reached,
      bracket: m.bracket,
    };
  });
}
