/**
 * Top-k eigenpairs of the input Hessian ∇ₓ²ℓ(x_p) of each of P points at once: one unchanged
 * `lanczosTopK` per point, run in lockstep so that each Lanczos iteration across the points is
 * ONE batched double-backprop HVP over the rows still running (lockstep.ts). P points cost
 * max_p(iterations_p) batched HVPs instead of Σ_p iterations_p single-row ones.
 */
import * as tf from '@tensorflow/tfjs';
import { inputHvp, inputHvpFiniteDifference } from '../curvature/inputDerivatives';
import { lanczosTopK, type LanczosOptions, type LanczosResult } from '../curvature/lanczos';
import { remeasureRitz } from '../curvature/spectrum';
import type { Vector } from '../linalg/vector';
import { lockstep, type BatchFn } from './lockstep';
import { batchShape, readAndDispose, rowsLoss, type PointLoss } from './pointLoss';

/**
 * One round of HVPs: row k is H(x_{points[k]})·v_k, each v uploaded as float32 exactly as
 * `inputHvpClosure` does for one point, so each row sees the numbers a single-point run sees.
 * With a step h, the finite-difference products of `finiteDifferenceHvpClosure` instead.
 */
function batchedHvp(loss: PointLoss, x: tf.Tensor, d: number, h?: number): BatchFn<Vector, Vector> {
  return async (vectors, points) => {
    const hv = tf.tidy(() => {
      const index = tf.tensor1d(Int32Array.from(points), 'int32');
      const rows = tf.gather(x, index);
      const flat = new Float32Array(vectors.length * d);
      vectors.forEach((v, k) => flat.set(v, k * d));
      const v = tf.tensor(flat, rows.shape);
      if (h === undefined) return inputHvp(rowsLoss(loss, index), rows, v);
      // The finite difference scores the rows x + hv and then x − hv in one pass: twice the map.
      return inputHvpFiniteDifference(rowsLoss(loss, tf.concat([index, index])), rows, v, h);
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

/**
 * The finite-difference spectrum at step h of each point (`finiteDifferenceTopK`), in lockstep
 * like `topEigenpairsBatch`: point p is exactly `finiteDifferenceTopK(ℓ_p, x_p, h, { ...options,
 * seed: options.seed + p })` up to float32 rounding of the batched pass.
 * @param h step, input units (> 0).
 */
export async function finiteDifferenceTopKBatch(
  loss: PointLoss,
  x: tf.Tensor,
  h: number,
  options: LanczosOptions,
): Promise<LanczosResult[]> {
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(`step h must be > 0, got ${h}`);
  const { count, d } = batchShape(x);
  return lockstep(
    count,
    async (p, submit) =>
      remeasureRitz(submit, await lanczosTopK(submit, d, { ...options, seed: options.seed + p })),
    batchedHvp(loss, x, d, h),
  );
}
