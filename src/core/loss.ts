/**
 * Softmax cross-entropy of logits, written out so that it can be differentiated twice.
 *
 * tf.losses.softmaxCrossEntropy and tf.logSoftmax are customGrad ops, which TensorFlow.js cannot
 * differentiate a second time (PLATFORM.md). This one is plain ops: a max shift, log-sum-exp, and
 * the true logit subtracted. Matches PyTorch's `F.cross_entropy(logits, labels, reduction='none')`
 * (and 'mean' for the batch mean).
 */
import * as tf from '@tensorflow/tfjs';
import { ensureSecondOrderGradients } from './autodiff/secondOrder';

ensureSecondOrderGradients();

function checkInputs(logits: tf.Tensor2D, labels: tf.Tensor1D): void {
  if (logits.rank !== 2) throw new Error(`logits must be [B, K], got shape [${logits.shape}]`);
  if (labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new Error(`labels must be [${logits.shape[0]}], got shape [${labels.shape}]`);
  }
  if (labels.dtype !== 'int32') throw new Error(`labels must be int32, got ${labels.dtype}`);
}

/**
 * Per-sample cross-entropy ℓᵢ = log Σₖ exp(zᵢₖ) − zᵢ,yᵢ in nats, numerically stable for any
 * logit scale, and correct under `tf.grad` of `tf.grad` (gradient wrt the logits is
 * softmax(z) − onehot(y); Hessian diag(p) − ppᵀ).
 * @param logits [B, K] float32, pre-softmax scores.
 * @param labels [B] int32 class indices in [0, K).
 * @returns [B] losses; the caller owns the tensor.
 */
export function perSampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  ensureSecondOrderGradients();
  checkInputs(logits, labels);
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    // floor() has a zero gradient, so the shift acts as a stop-gradient (tfjs has none): the
    // shift cancels in value, and now in every derivative exactly, not only up to rounding.
    // Shifting by ⌊max⌋ instead of max keeps exp(z − shift) ≤ e: no overflow, and the sum ≥ 1.
    const shift = tf.floor(tf.max(logits, 1, true));
    const shifted = tf.sub(logits, shift);
    const logSumExp = tf.log(tf.sum(tf.exp(shifted), 1));
    const trueLogit = tf.sum(tf.mul(shifted, tf.oneHot(labels, numClasses)), 1);
    return tf.sub(logSumExp, trueLogit) as tf.Tensor1D;
  });
}

/**
 * Batch mean of `perSampleCrossEntropy` (PyTorch's `F.cross_entropy` with reduction 'mean').
 * @param logits [B, K] float32.
 * @param labels [B] int32.
 * @returns scalar; the caller owns it.
 */
export function meanCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(perSampleCrossEntropy(logits, labels)) as tf.Scalar);
}
