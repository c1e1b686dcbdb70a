/**
 * The loss of a batch whose rows belong to different points — the common currency of the
 * batched inspect functions. A batched round stacks rows of several points (the HVP of each
 * still-running Lanczos, the PGD radii of each still-running search), and each row must be
 * scored with its own point's label; `PointLoss` takes the row → point map as a tensor.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelLike } from '../attacks/types';
import type { PerSampleLoss } from '../curvature/inputDerivatives';
import { perSampleCrossEntropy } from '../loss';
import { logitsOf } from '../models/forward';

/** Row r of `x` is an input that belongs to point `points[r]` (a perturbation of it, or it);
 * returns the per-row loss [rows] in nats, row r depending on x_r only, twice differentiable.
 * @param x [rows, ...inputShape] float32, input units.
 * @param points int32 [rows], indices into the caller's batch of P points (0 ≤ p < P). */
export type PointLoss = (x: tf.Tensor, points: tf.Tensor1D) => tf.Tensor1D;

/**
 * The per-sample cross-entropy of a model (any ModelLike: LayersModel or ForwardPlan), each
 * point with its own label: ℓ(x_r) = CE(f(x_r), labels[points[r]]).
 * @param labels int32 [P], class indices in [0, K); must stay alive while the loss is used.
 */
export function modelPointLoss(model: ModelLike, labels: tf.Tensor1D): PointLoss {
  if (labels.rank !== 1 || labels.dtype !== 'int32') {
    throw new Error(`labels must be int32 [P], got ${labels.dtype} [${labels.shape}]`);
  }
  return (x, points) =>
    tf.tidy(() => perSampleCrossEntropy(logitsOf(model, x), tf.gather(labels, points)));
}

/** The PointLoss restricted to rows whose points are fixed: a PerSampleLoss, what the
 * single-point functions of curvature/ and geometry/ take. `points` must outlive its use. */
export function rowsLoss(loss: PointLoss, points: tf.Tensor1D): PerSampleLoss {
  return (x) => loss(x, points);
}

/** P and the per-point size d of a batch of points x [P, ...inputShape] (P ≥ 1). */
export function batchShape(x: tf.Tensor): { count: number; d: number; inputShape: number[] } {
  const count = x.shape[0];
  if (x.rank < 2 || count === undefined || count < 1) {
    throw new Error(`x must be a batch of points [P ≥ 1, ...inputShape], got [${x.shape}]`);
  }
  return { count, d: x.size / count, inputShape: x.shape.slice(1) };
}

/** Reads a tensor back as float64 and disposes it. */
export async function readAndDispose(t: tf.Tensor): Promise<Float64Array> {
  try {
    return Float64Array.from(await t.data());
  } finally {
    t.dispose();
  }
}
