/**
 * Derivatives of the loss with respect to the INPUT: gradient, exact Hessian-vector products by
 * double backprop, finite-difference curvature, Rayleigh quotients and the CURE quantity.
 *
 * Conventions (match them in PyTorch to compare numbers):
 * - the loss is per sample: ℓ(x) = CE(f(x), y) for one input, never a batch mean (PyTorch:
 *   `F.cross_entropy(model(x), y, reduction='none')`), in nats;
 * - x has shape [B, ...inputShape] in the model's input units; every function treats the B rows
 *   independently (row i of every result depends on row i of x only), so a batch is B separate
 *   single-input computations done at once;
 * - directions v have x's shape; gradients and Hessian-vector products are in loss units per input
 *   unit (per input unit²).
 * All tensors returned belong to the caller.
 */
import * as tf from '@tensorflow/tfjs';
import { ensureSecondOrderGradients } from '../autodiff/secondOrder';
import { perSampleCrossEntropy } from '../loss';
import { logitsOf, type ForwardPlan } from '../models';
import type { AnalysisReport } from '../report';

ensureSecondOrderGradients();

/** Logits of a batch, [B, ...inputShape] → [B, K], twice differentiable. */
export type LogitsFn = (x: tf.Tensor) => tf.Tensor2D;

/** Per-sample losses of a batch, [B, ...inputShape] → [B], twice differentiable; row i must
 * depend on input row i only (true of any model without batch statistics). */
export type PerSampleLoss = (x: tf.Tensor) => tf.Tensor1D;

/** The model's logits through `logitsOf` (the twice-differentiable forward pass). */
export function modelLogits(model: tf.LayersModel | ForwardPlan): LogitsFn {
  return (x) => logitsOf(model, x);
}

/**
 * Per-sample cross-entropy ℓ(x) = CE(f(x), label), every row of the batch with the same label.
 * @param source a LayersModel, a ForwardPlan, or any logits function.
 * @param label class index in [0, K).
 */
export function crossEntropyLoss(
  source: tf.LayersModel | ForwardPlan | LogitsFn,
  label: number,
): PerSampleLoss {
  const logits = typeof source === 'function' ? source : modelLogits(source);
  return (x) =>
    tf.tidy(() => {
      const z = logits(x);
      const numClasses = z.shape[1];
      if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
        throw new Error(`label must be an integer in [0, ${numClasses}), got ${label}`);
      }
      return perSampleCrossEntropy(z, tf.fill([z.shape[0]], label, 'int32') as tf.Tensor1D);
    });
}

/** Σ over rows: the scalar whose input gradient is the per-row gradient. */
const summed = (loss: PerSampleLoss) => (x: tf.Tensor) => tf.sum(loss(x));

/** Per-row dot products ⟨a_i, b_i⟩ over all non-batch axes: [B, …] × [B, …] → [B]. */
export function rowDot(a: tf.Tensor, b: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const batch = a.shape[0]!;
    return tf.sum(tf.mul(tf.reshape(a, [batch, -1]), tf.reshape(b, [batch, -1])), 1);
  });
}

/** Per-row Euclidean norms over all non-batch axes: [B, …] → [B]. */
export function rowNorm(a: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(rowDot(a, a)));
}

/** Scales row i of a ([B, …]) by s_i ([B]). */
function scaleRows(a: tf.Tensor, s: tf.Tensor1D): tf.Tensor {
  return tf.tidy(() => {
    const batch = a.shape[0]!;
    return tf.reshape(tf.mul(tf.reshape(a, [batch, -1]), tf.reshape(s, [batch, 1])), a.shape);
  });
}

function checkSameShape(x: tf.Tensor, v: tf.Tensor, name: string): void {
  if (!tf.util.arraysEqual(x.shape, v.shape)) {
    throw new Error(`${name} must have x's shape [${x.shape}], got [${v.shape}]`);
  }
}

/**
 * Per-sample losses and their input gradients in one forward and one backward pass.
 * @param x [B, ...inputShape].
 * @returns loss [B] (nats) and grad with x's shape (gᵢ = ∇ₓℓ(xᵢ)).
 */
export function lossAndInputGradient(
  loss: PerSampleLoss,
  x: tf.Tensor,
): { loss: tf.Tensor1D; grad: tf.Tensor } {
  return tf.tidy(() => {
    // dy = 1 per row: the vector-valued function's gradient is that of its sum, row by row.
    const dy = tf.ones([x.shape[0]!]) as tf.Tensor1D;
    const { value, grad } = tf.valueAndGrad(loss)(x, dy);
    return { loss: value, grad };
  });
}

/**
 * Exact input-Hessian-vector products by double backprop: row i is ∇ₓ²ℓ(xᵢ)·vᵢ = ∇ₓ⟨∇ₓℓ(xᵢ), vᵢ⟩
 * (PyTorch: `torch.autograd.grad(g, x, grad_outputs=v)` with g from `create_graph=True`).
 * For ReLU/max-pool networks this is the curvature of the current linear piece only (PAPER.md).
 * @param v directions, x's shape (held constant).
 * @returns x's shape.
 */
export function inputHvp(loss: PerSampleLoss, x: tf.Tensor, v: tf.Tensor): tf.Tensor {
  checkSameShape(x, v, 'v');
  return tf.tidy(() => {
    const grad = tf.grad(summed(loss));
    return tf.grad((u: tf.Tensor) => tf.sum(tf.mul(grad(u), v)))(x);
  });
}

/**
 * Finite-difference curvature (∇ₓℓ(x + hv) − ∇ₓℓ(x − hv)) / 2h, row by row, in one batched
 * gradient pass over the 2B points. It sees the curvature that ReLU switching produces between
 * x − hv and x + hv, which exact HVPs cannot; for smooth models it tends to inputHvp as h → 0
 * (error O(h²) plus float32 rounding ~1e-7·‖g‖/h).
 * @param v directions, x's shape; @param h step, in input units along v (> 0).
 */
export function inputHvpFiniteDifference(
  loss: PerSampleLoss,
  x: tf.Tensor,
  v: tf.Tensor,
  h: number,
): tf.Tensor {
  checkSameShape(x, v, 'v');
  if (!(h > 0)) throw new Error(`step h must be > 0, got ${h}`);
  return tf.tidy(() => {
    const step = tf.mul(v, h);
    const points = tf.concat([tf.add(x, step), tf.sub(x, step)], 0);
    const grads = tf.grad(summed(loss))(points);
    const batch = x.shape[0]!;
    const plus = tf.slice(grads, 0, batch);
    const minus = tf.slice(grads, batch, batch);
    return tf.div(tf.sub(plus, minus), 2 * h);
  });
}

/**
 * Rayleigh quotients vᵢᵀHᵢvᵢ / vᵢᵀvᵢ (curvature of the loss along vᵢ, loss units per input unit²),
 * exact by default, or from the finite difference with step h when h is given.
 * @returns [B].
 */
export function rayleighQuotient(
  loss: PerSampleLoss,
  x: tf.Tensor,
  v: tf.Tensor,
  h?: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const hv = h === undefined ? inputHvp(loss, x, v) : inputHvpFiniteDifference(loss, x, v, h);
    return tf.div(rowDot(v, hv), rowDot(v, v));
  });
}

/**
 * Curvature along the normal direction nᵢ = gᵢ/‖gᵢ‖ (nᵀHn, exact, or finite-difference with
 * step h), and ‖gᵢ‖. Rows with g = 0 have no normal: their curvature is NaN.
 * @returns gradNorm [B] and curvature [B].
 */
export function normalCurvature(
  loss: PerSampleLoss,
  x: tf.Tensor,
  h?: number,
): { gradNorm: tf.Tensor1D; curvature: tf.Tensor1D } {
  return tf.tidy(() => {
    const { grad } = lossAndInputGradient(loss, x);
    const gradNorm = rowNorm(grad);
    const n = scaleRows(grad, tf.div(1, gradNorm) as tf.Tensor1D);
    return { gradNorm, curvature: rayleighQuotient(loss, x, n, h) };
  });
}

/**
 * CURE's direction zᵢ = sign(gᵢ)/‖sign(gᵢ)‖₂ (unit ℓ2 norm; = sign(g)/√d when no entry of g is
 * exactly 0, as torch.sign gives 0 there too). A row with g = 0 gets z = 0.
 * @param grad [B, …]; @returns same shape.
 */
export function cureDirection(grad: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const s = tf.sign(grad);
    const n = rowNorm(s);
    // max(n, 1) only matters for n = 0 (then s = 0): any nonzero n of a sign vector is ≥ 1.
    return scaleRows(s, tf.div(1, tf.maximum(n, 1)) as tf.Tensor1D);
  });
}

/** Which CURE regularizer value: PAPER.md's 'paper' form ‖d‖², or the reference 'code' form ‖d‖
 * (the analysis report's `cure.form`). */
export type CureForm = AnalysisReport['cure']['form'];

/**
 * The CURE quantity at each row, with d = ∇ₓℓ(x + h·z) − ∇ₓℓ(x) and z = cureDirection(∇ₓℓ(x))
 * held constant (unit norm, so h is the step length in input units):
 * - 'paper': ‖d‖₂² (Moosavi-Dezfooli et al. 2019, eq. for L without γ);
 * - 'code': ‖d‖₂ (CURE_robustness `regularizer`: z there is already scaled to norm h — the same
 *   point x + hz — and the norm is not squared; its batch-mean and λ weighting are the training
 *   loss's business, not this single-input quantity's). The reference code also adds 1e-7 to
 *   sign(g) and to its norm; that changes z by ≤ 1e-7 relative and is left out.
 * Costs two forward+backward passes (z needs ∇ℓ(x) first).
 * @returns diffNorm ‖d‖ [B] and value (per form) [B].
 */
export function cureCurvature(
  loss: PerSampleLoss,
  x: tf.Tensor,
  h: number,
  form: CureForm = 'paper',
): { diffNorm: tf.Tensor1D; value: tf.Tensor1D } {
  if (!(h > 0)) throw new Error(`step h must be > 0, got ${h}`);
  return tf.tidy(() => {
    const { grad } = lossAndInputGradient(loss, x);
    const z = cureDirection(grad);
    const moved = tf.grad(summed(loss))(tf.add(x, tf.mul(z, h)));
    const diffNorm = rowNorm(tf.sub(moved, grad));
    return { diffNorm, value: form === 'paper' ? tf.square(diffNorm) : diffNorm.clone() };
  });
}
