/**
 * The per-sample cross-entropy of loss.ts as one fused tape node, for the hot loops (attacks and
 * training steps), where TensorFlow.js's per-op overhead dominates small models.
 *
 * loss.ts builds ℓ from ~12 recorded ops; a first-order backward then runs ~16 more and double
 * backprop (CURE) differentiates those again. Here the value is computed off the tape (inside a
 * customGrad op, with exactly loss.ts's ops, so values are bit-identical) and the gradient
 * ∂ℓ_b/∂z_b = softmax(z_b) − onehot(y_b) is written out with 3 twice-differentiable ops on
 * the saved logits. A saved *input* is tape-connected (the engine records its clone after the
 * op that made it), so an outer gradient differentiates through softmax(z) correctly: this is
 * the same function with the same first and second derivatives, fewer kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { ensureSecondOrderGradients } from '../autodiff/secondOrder';
import { perSampleCrossEntropy } from '../loss';

/**
 * ℓ_b = log Σₖ exp(z_bk) − z_b,y_b in nats, per sample; same values as `perSampleCrossEntropy`
 * and the same derivatives of every order the app uses (gradient and double backprop).
 * @param logits [B, K] float32; @param labels [B] int32 in [0, K).
 * @returns [B]; the caller owns it.
 */
export function perSampleCrossEntropyFused(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  ensureSecondOrderGradients();
  const numClasses = logits.shape[1];
  // customGrad passes the inputs, then the save function, as one rest list.
  const fused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([z]);
    return {
      value: perSampleCrossEntropy(z as tf.Tensor2D, labels),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const probabilities = tf.softmax(saved[0]!);
        const residual = tf.sub(probabilities, tf.oneHot(labels, numClasses));
        return [tf.mul(tf.reshape(dy, [-1, 1]), residual)];
      },
    };
  });
  return fused(logits) as tf.Tensor1D;
}
