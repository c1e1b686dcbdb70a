/**
 * Top-k eigenpairs of the input Hessian ∇ₓ²ℓ(x_p) of each of P points at once: one unchanged
 * `lanczosTopK` per point, run in lockstep so that each Lanczos iteration across the points is
 * ONE batched double-backprop HVP over the rows still running (lockstep.ts). P points cost
 * max_p(iterations_p) batched HVPs instead of Σ_p iterations_p single-row ones.
 */
import * as tf from '@tensorflow/tfjs';
import { inputHvp } from '../curvature/inputDerivatives';
import { lanczosTopK, type LanczosOptions, type LanczosResult } from '../curvature/lanczos';
import type { Vector } from '../linalg/vector';
import { lockstep, type BatchFn } from './lockstep';
import { batchShape, readAndDispose, rowsLoss, type PointLoss } from './pointLoss';

/**
 * One round of HVPs: row k is H(x_{points[k]})·v_k, each v uploaded as float32 exactly as
 * `inputHvpClosure` does for one point, so each row sees the numbers a single-point run sees.
 */
function batchedHvp(loss: PointLoss, x: tf.Tensor, d: number): BatchFn<Vector, Vector> {
  return async (vectors, points) => {
    const hv = tf.tidy(() => {
      const index = tf.tensor1d(Int32Array.from(points), 'int32');
      const rows = tf.gather(x, index);
      const flat = new Float32Array(vectors.length * d);
      vectors.forEach((v, k) => flat.set(v, k * d));
      return inputHvp(rowsLoss(loss, index), rows, tf.tensor(flat, rows.shape));
    });
    const values = await readAndDispose(hv);
    return vectors.map((_, k) => values.slice(k * d, (k + 1) * d));
  };
}

/**
 * The k largest eigenvalues and unit eigenvectors of the input Hessian at each point, by Lanczos
 * with full re-orthogonalization on exact HVPs — for point p exactly `hessianTopK(ℓ_p, x_p,
 * { ...options, seed: options.seed + p })` (same start vector, same stopping rule), up to
 * float32 rounding differences between a batched and a single-row HVP.
 * @param loss per-row loss; row r is scored as point points[r] (its label, its curvature).
 * @param x [P, ...inputShape] float32; must stay alive until the promise settles.
 * @param options as lanczosTopK; point p's start vector uses seed `options.seed + p`, so
 *   points are independent and a single point can be re-run on its own.
 * @returns one LanczosResult per point, in x's order (eigenvalues in nats per input unit²,
 *   eigenvectors flat float64 of length d = x.size / P).
 */
export async function topEigenpairsBatch(
  loss: PointLoss,
  x: tf.Tensor,
  options: LanczosOptions,
): Promise<LanczosResult[]> {
  const { count, d } = batchShape(x);
  return lockstep(
    count,
    (p, submit) => lanczosTopK(submit, d, { ...options, seed: options.seed + p }),
    batchedHvp(loss, x, d),
  );
}
