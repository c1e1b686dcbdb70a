/**
 * The functional forward pass: model → logits with ops that TensorFlow.js can differentiate
 * twice. Not `model.apply`: its MaxPooling2D is tf.maxPool, whose gradient has no gradient and
 * breaks ties differently per backend (pooling.ts), and it would apply a final softmax. (With
 * ensureSecondOrderGradients, `apply` of a pooling-free model does give the same HVPs —
 * measured.) This walks the same layers with the same weights and gives the same values as
 * `model.predict` (up to float32 rounding where layers use fused kernels).
 */
import * as tf from '@tensorflow/tfjs';
import { ensureSecondOrderGradients } from '../autodiff/secondOrder';
import { avgPool2dValid, maxPool2dValid } from '../autodiff/pooling';
import { applyActivation } from './activations';
import { buildPlan, type ForwardPlan, type ForwardStep } from './plan';

ensureSecondOrderGradients();

const plans = new WeakMap<tf.LayersModel, ForwardPlan>();

/**
 * The model's ForwardPlan, built on first use and cached per model. Throws (naming the layer)
 * for models with unsupported layers, activations or settings.
 */
export function planOf(model: tf.LayersModel): ForwardPlan {
  let plan = plans.get(model);
  if (plan === undefined) {
    plan = buildPlan(model);
    plans.set(model, plan);
  }
  return plan;
}

function weightAt(weights: readonly tf.Tensor[], index: number): tf.Tensor {
  const w = weights[index];
  if (w === undefined) throw new Error(`forward: weight ${index} missing`);
  return w;
}

function applyStep(h: tf.Tensor, step: ForwardStep, weights: readonly tf.Tensor[]): tf.Tensor {
  const batch = h.shape[0]!;
  switch (step.kind) {
    case 'dense': {
      if (h.rank !== 2) {
        throw new Error(`Layer '${step.layer}' (Dense): input must be [B, n], got [${h.shape}]`);
      }
      let z = tf.matMul(h as tf.Tensor2D, weightAt(weights, step.kernel) as tf.Tensor2D);
      if (step.bias !== null) z = tf.add(z, weightAt(weights, step.bias));
      return applyActivation(step.activation, z);
    }
    case 'conv2d': {
      const kernel = weightAt(weights, step.kernel) as tf.Tensor4D;
      let z: tf.Tensor = tf.conv2d(h as tf.Tensor4D, kernel, [...step.strides], step.padding);
      if (step.bias !== null) z = tf.add(z, weightAt(weights, step.bias));
      return applyActivation(step.activation, z);
    }
    case 'maxPool':
      return maxPool2dValid(h as tf.Tensor4D, step.poolSize, step.strides);
    case 'avgPool':
      return avgPool2dValid(h as tf.Tensor4D, step.poolSize, step.strides);
    case 'zeroPad': {
      const [rows, cols] = step.padding;
      return tf.pad(h, [[0, 0], [...rows], [...cols], [0, 0]]);
    }
    case 'flatten':
      return tf.reshape(h, [batch, -1]);
    case 'reshape':
      return tf.reshape(h, [batch, ...step.targetShape]);
    case 'activation':
      return applyActivation(step.activation, h);
  }
}

function checkInput(plan: ForwardPlan, x: tf.Tensor): void {
  const expected = plan.inputShape;
  const ok = x.rank === expected.length + 1 && expected.every((d, i) => x.shape[i + 1] === d);
  if (!ok) {
    throw new Error(`input must be [B, ${expected.join(', ')}], got [${x.shape.join(', ')}]`);
  }
  if (x.dtype !== 'float32') throw new Error(`input must be float32, got ${x.dtype}`);
}

function checkWeights(plan: ForwardPlan, used: readonly tf.Tensor[]): void {
  if (used.length !== plan.weights.length) {
    throw new Error(`expected ${plan.weights.length} weight tensors, got ${used.length}`);
  }
  plan.weights.forEach((w, i) => {
    const u = used[i]!;
    if (w.isDisposed || u.isDisposed) throw new Error(`weight ${w.name} is disposed`);
    if (!tf.util.arraysEqual(u.shape, w.shape)) {
      throw new Error(`weight ${w.name} must have shape [${w.shape}], got [${u.shape}]`);
    }
  });
}

/**
 * Logits f(x) of a model, computed with twice-differentiable ops (safe inside `tf.grad` of
 * `tf.grad`, and in `tf.variableGrads` of a function that calls `tf.grad`). A softmax that
 * ends the model is not applied: these are the pre-softmax scores. Dropout is the identity (evaluation mode).
 * @param source a LayersModel (its plan is cached) or a plan from `planOf`.
 * @param x [B, ...inputShape] float32, in the model's input units.
 * @param weights optional stand-ins for `plan.weights` (same order and shapes), e.g. to
 *   evaluate at perturbed parameters or differentiate with respect to plain tensors.
 * @returns [B, K] logits; the caller owns the tensor.
 */
export function logitsOf(
  source: tf.LayersModel | ForwardPlan,
  x: tf.Tensor,
  weights?: readonly tf.Tensor[],
): tf.Tensor2D {
  ensureSecondOrderGradients();
  const plan = source instanceof tf.LayersModel ? planOf(source) : source;
  checkInput(plan, x);
  const used = weights ?? plan.weights;
  checkWeights(plan, used);
  return tf.tidy(() => {
    const out = plan.steps.reduce((h, step) => applyStep(h, step, used), x);
    // Only a plan without steps returns x itself; hand the caller a tensor it may dispose.
    return (out === x ? x.clone() : out) as tf.Tensor2D;
  });
}
