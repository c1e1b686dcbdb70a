/**
 * A model split at its first linear map: x ↦ a = L(x) (the first Dense or Conv2D layer before
 * its activation, after any flatten/reshape), then the rest of the network on a.
 *
 * Why: CURE needs ∇ₓℓ at x and at x + hz. By the chain rule ∇ₓℓ = Lᵀ(∇ₐℓ) exactly, and Lᵀ is
 * linear, so d = ∇ₓℓ(x+hz) − ∇ₓℓ(x) = Lᵀ(∇ₐℓ(a_u) − ∇ₐℓ(a)): one adjoint product for the
 * difference instead of two input gradients, and in double backprop one adjoint's derivative
 * instead of two. For an MNIST MLP the first layer (784×128) holds most of the multiply-adds,
 * so this removes a sizeable share of a CURE step. Values are the same up to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardPlan, ForwardStep } from '../models';

/** The first linear map of a plan, its adjoint, and the plan of the rest of the network. */
export interface FirstLinearSplit {
  /** a = L(x) + b: [B, ...inputShape] → [B, ...aShape] (pre-activation). Caller owns it. */
  readonly forward: (x: tf.Tensor) => tf.Tensor;
  /** Lᵀ(v): [B, ...aShape] → [B, ...inputShape] (no bias: the adjoint of the linear part). */
  readonly adjoint: (v: tf.Tensor) => tf.Tensor;
  /** Lᵀ(v) for values no gradient flows through (inside a stop-gradient): the same numbers up
   * to rounding, computed the way each backend does fastest without a tape. */
  readonly adjointValue: (v: tf.Tensor) => tf.Tensor;
  /** The network after the linear map (the first layer's activation first); input a. */
  readonly rest: ForwardPlan;
}

type DenseStep = Extract<ForwardStep, { kind: 'dense' }>;
type ConvStep = Extract<ForwardStep, { kind: 'conv2d' }>;

function weight(plan: ForwardPlan, index: number | null): tf.Tensor | null {
  return index === null ? null : plan.weights[index]!;
}

function restPlan(plan: ForwardPlan, firstIndex: number, aShape: number[]): ForwardPlan {
  const first = plan.steps[firstIndex] as DenseStep | ConvStep;
  const activation: ForwardStep = {
    kind: 'activation',
    layer: first.layer,
    activation: first.activation,
  };
  // Same weight list, so the indices of later steps stay valid; logitsOf checks it.
  return { ...plan, steps: [activation, ...plan.steps.slice(firstIndex + 1)], inputShape: aShape };
}

function denseSplit(plan: ForwardPlan, index: number): FirstLinearSplit {
  const step = plan.steps[index] as DenseStep;
  const kernel = weight(plan, step.kernel) as tf.Tensor2D;
  const bias = weight(plan, step.bias);
  const inputShape = plan.inputShape;
  return {
    forward: (x) =>
      tf.tidy(() => {
        const flat = tf.reshape(x, [x.shape[0]!, -1]) as tf.Tensor2D;
        const a = tf.matMul(flat, kernel);
        return bias === null ? a : tf.add(a, bias);
      }),
    adjoint: (v) =>
      tf.tidy(() => {
        const flat = tf.matMul(v as tf.Tensor2D, kernel, false, true);
        return tf.reshape(flat, [v.shape[0]!, ...inputShape]);
      }),
    adjointValue: (v) =>
      tf.tidy(() => {
        // tfjs-wasm has no fast path for transposed matMuls (6.9 vs 0.6 ms at [64,128]·[128,784]),
        // so there Wᵀ is materialized first (0.05 ms); elsewhere that copy costs more than it
        // saves (WebGPU on SwiftShader: 110 ms for 784×128).
        const flat =
          tf.getBackend() === 'wasm'
            ? tf.matMul(v as tf.Tensor2D, tf.transpose(kernel))
            : tf.matMul(v as tf.Tensor2D, kernel, false, true);
        return tf.reshape(flat, [v.shape[0]!, ...inputShape]);
      }),
    rest: restPlan(plan, index, [kernel.shape[1]]),
  };
}

function convSplit(plan: ForwardPlan, index: number): FirstLinearSplit {
  const step = plan.steps[index] as ConvStep;
  const kernel = weight(plan, step.kernel) as tf.Tensor4D;
  const bias = weight(plan, step.bias);
  const inputShape = plan.inputShape as [number, number, number];
  const strides: [number, number] = [step.strides[0], step.strides[1]];
  const forward = (x: tf.Tensor) =>
    tf.tidy(() => {
      const a = tf.conv2d(x as tf.Tensor4D, kernel, strides, step.padding);
      return bias === null ? a : tf.add(a, bias);
    });
  const info = tf.backend_util.computeConv2DInfo(
    [1, ...inputShape],
    kernel.shape,
    strides,
    1,
    step.padding,
  );
  const aShape = [info.outHeight, info.outWidth, info.outChannels];
  const adjoint = (v: tf.Tensor) =>
    tf.conv2dTranspose(
      v as tf.Tensor4D,
      kernel,
      [v.shape[0]!, ...inputShape],
      strides,
      step.padding,
    );
  return {
    forward,
    adjoint,
    adjointValue: adjoint,
    rest: restPlan(plan, index, aShape),
  };
}

/**
 * Splits a plan at its first Dense or Conv2D step, when only flatten/reshape steps precede it
 * (a Dense then sees the flattened input; a Conv2D needs the input unchanged, [H, W, C]).
 * @returns null when the model does not start that way (callers fall back to ∇ₓ directly).
 */
export function splitFirstLinear(plan: ForwardPlan): FirstLinearSplit | null {
  if (splits.has(plan)) return splits.get(plan)!;
  const split = makeSplit(plan);
  splits.set(plan, split);
  return split;
}

const splits = new WeakMap<ForwardPlan, FirstLinearSplit | null>();

function makeSplit(plan: ForwardPlan): FirstLinearSplit | null {
  const index = plan.steps.findIndex((s) => s.kind !== 'flatten' && s.kind !== 'reshape');
  const step = plan.steps[index];
  if (step === undefined) return null;
  if (step.kind === 'dense') return denseSplit(plan, index);
  if (step.kind === 'conv2d' && index === 0 && plan.inputShape.length === 3) {
    return convSplit(plan, index);
  }
  return null;
}
