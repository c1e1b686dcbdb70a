/**
 * Gradients that survive a second differentiation.
 *
 * Curvature Lab needs `tf.grad` of functions that themselves call `tf.grad` (input Hessian-vector
 * products, CURE's weight gradient). TensorFlow.js 4.22 gets several built-in gradients wrong for
 * that (see shared/PLATFORM.md, "Second-order gradients"):
 * - kernels whose gradient reads the kernel's *saved output* (Exp, Softmax, Sigmoid, Tanh, Elu):
 *   the engine records the saved clone on the tape *before* the op that produced it, so an outer
 *   gradient treats the saved output as a constant and silently drops the second-order term
 *   (measured: d²/dx² of x·tanh(x) comes out as 2·tanh′(x); where the saved output is the only
 *   path, e.g. d²/dx² tanh(x), the outer tf.grad throws "Cannot compute gradient" instead);
 * - piecewise-constant ops (Equal, Greater, …) that appear inside first-order gradients (max,
 *   where, minimum) have no gradient at all, so the outer gradient throws;
 * - AvgPoolGrad, Conv2DBackpropFilter and DepthwiseConv2dNativeBackpropInput have no gradient.
 *
 * `ensureSecondOrderGradients()` re-registers those gradients (tf.registerGradient overrides the
 * built-in one). It is idempotent and cheap, and the loss and model modules call it for you.
 *
 * Not registered on purpose: MaxPoolGrad. Max pooling in this app is `maxPool2dValid`
 * (pooling.ts), built from window extraction and `where`, which is twice differentiable and
 * breaks ties the way PyTorch does on every backend; `tf.maxPool` stays first-order only (an
 * outer gradient through it throws "gradient function not found for MaxPoolGrad" — loudly,
 * never silently).
 */
import * as tf from '@tensorflow/tfjs';

type GradConfig = Parameters<typeof tf.registerGradient>[0];
type NamedAttrMap = Parameters<GradConfig['gradFunc']>[2];

/** The first saved tensor; the engine always saves what `inputsToSave` names. */
function savedAt(saved: tf.Tensor[], index: number): tf.Tensor {
  const t = saved[index];
  if (t === undefined) throw new Error(`secondOrder: saved tensor ${index} missing`);
  return t;
}

/** Elementwise gradient dy · f'(x) with f' recomputed from the saved input x. */
function elementwise(kernelName: string, derivative: (x: tf.Tensor) => tf.Tensor): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const x = savedAt(saved, 0);
      return { x: () => tf.mul(dy as tf.Tensor, derivative(x)) };
    },
  };
}

/** A zero gradient for every input of a piecewise-constant (comparison or logical) op. */
function zeroGradient(kernelName: string, inputNames: readonly string[]): GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputNames],
    gradFunc: (_dy, saved) => {
      const grads: Record<string, () => tf.Tensor> = {};
      inputNames.forEach((name, i) => {
        // float32 even for bool inputs: the engine insists every gradient is float32.
        grads[name] = () => tf.zeros(savedAt(saved, i).shape, 'float32');
      });
      return grads;
    },
  };
}

/** Attribute lookup with a clear error instead of an unchecked cast at each use. */
function attr<T>(attrs: NamedAttrMap, name: string): T {
  if (!(name in attrs)) throw new Error(`secondOrder: attribute ${name} missing`);
  return attrs[name] as T;
}

type Pad = 'valid' | 'same' | number;

const SECOND_ORDER_GRADIENTS: readonly GradConfig[] = [
  // Built-in saves exp(x) (the output): the outer gradient would drop the d²/dx² term.
  elementwise('Exp', (x) => tf.exp(x)),
  // Built-in saves sigmoid(x) (the output): second-order term silently dropped.
  elementwise('Sigmoid', (x) => {
    const s = tf.sigmoid(x);
    return tf.mul(s, tf.sub(1, s));
  }),
  // Built-in saves tanh(x) (the output): second-order term silently dropped.
  elementwise('Tanh', (x) => tf.sub(1, tf.square(tf.tanh(x)))),
  // Built-in saves the output and calls EluGrad, which has no gradient. exp(min(x, 0)) keeps
  // exp from overflowing on the branch `where` discards (0 · inf would be NaN in the outer pass).
  elementwise('Elu', (x) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(tf.minimum(x, 0)))),
  {
    // Built-in saves softmax(logits) (the output): second-order term silently dropped.
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, saved, attrs) => {
      const logits = savedAt(saved, 0);
      const dim = attr<number>(attrs, 'dim');
      return {
        logits: () => {
          const y = tf.softmax(logits, dim);
          const dyTimesY = tf.mul(dy as tf.Tensor, y);
          return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, dim, true), y));
        },
      };
    },
  },
  // Piecewise constant: zero almost everywhere. They appear inside the first-order gradients of
  // max/min/maximum/minimum/where/clipByValue, so an outer gradient needs them (none built in).
  zeroGradient('Equal', ['a', 'b']),
  zeroGradient('NotEqual', ['a', 'b']),
  zeroGradient('Greater', ['a', 'b']),
  zeroGradient('Less', ['a', 'b']),
  zeroGradient('LessEqual', ['a', 'b']),
  zeroGradient('LogicalAnd', ['a', 'b']),
  zeroGradient('LogicalOr', ['a', 'b']),
  zeroGradient('LogicalNot', ['x']),
  {
    // None built in. AvgPoolGrad is linear in dy; its adjoint is average pooling itself. Exact
    // for 'valid' padding only (with 'same', tfjs's own AvgPoolGrad is wrong at the border).
    kernelName: 'AvgPoolGrad',
    inputsToSave: ['input'],
    gradFunc: (ddx, saved, attrs) => {
      const input = savedAt(saved, 0);
      const pad = attr<Pad>(attrs, 'pad');
      if (pad !== 'valid' && pad !== 0) {
        throw new Error(`second-order avgPool supports padding 'valid' only, got '${pad}'`);
      }
      const filterSize = attr<[number, number] | number>(attrs, 'filterSize');
      const strides = attr<[number, number] | number>(attrs, 'strides');
      return {
        dy: () => tf.avgPool(ddx as tf.Tensor4D, filterSize, strides, 'valid'),
        input: () => tf.zerosLike(input),
      };
    },
  },
  {
    // None built in; needed for weight-space second derivatives of convolutions.
    // Conv2DBackpropFilter(x, dy) is bilinear; these are its two adjoints.
    kernelName: 'Conv2DBackpropFilter',
    inputsToSave: ['x', 'dy'],
    gradFunc: (ddw, saved, attrs) => {
      const x = savedAt(saved, 0) as tf.Tensor4D;
      const dy = savedAt(saved, 1) as tf.Tensor4D;
      if (attr<string>(attrs, 'dataFormat') !== 'NHWC') {
        throw new Error('second-order conv2d supports dataFormat NHWC only');
      }
      const strides = attr<[number, number] | number>(attrs, 'strides');
      const pad = attr<Pad>(attrs, 'pad');
      const rounding = attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined;
      const filter = ddw as tf.Tensor4D;
      const shape = x.shape;
      return {
        x: () => tf.conv2dTranspose(dy, filter, shape, strides, pad, rounding),
        dy: () => tf.conv2d(x, filter, strides, pad, 'NHWC', 1, rounding),
      };
    },
  },
  {
    // None built in; depthwise convolutions (which pooling.ts uses to extract pool windows)
    // need it under double backprop. BackpropInput(dy, filter) is bilinear; these are its
    // adjoints (the same pattern as tfjs's own Conv2DBackpropInput gradient).
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    inputsToSave: ['dy', 'filter'],
    gradFunc: (ddx, saved, attrs) => {
      const dy = savedAt(saved, 0) as tf.Tensor4D;
      const filter = savedAt(saved, 1) as tf.Tensor4D;
      const strides = attr<[number, number] | number>(attrs, 'strides');
      const dilations = attr<[number, number] | number>(attrs, 'dilations');
      const pad = attr<Pad>(attrs, 'pad');
      const rounding = attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined;
      const x = ddx as tf.Tensor4D;
      return {
        dy: () => tf.depthwiseConv2d(x, filter, strides, pad, 'NHWC', dilations, rounding),
        filter: () =>
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, {
            strides,
            pad,
            dilations,
            dimRoundingMode: rounding,
            filterShape: filter.shape,
          } as unknown as NamedAttrMap) as tf.Tensor,
      };
    },
  },
];

/**
 * Makes `tf.grad` of a function containing `tf.grad` correct for every op that Curvature Lab's
 * models and losses use, by re-registering the gradients listed in this module. Idempotent: a
 * call when all of them are in place does nothing; a call after some other code replaced one
 * puts ours back. Creates no tensors.
 */
export function ensureSecondOrderGradients(): void {
  for (const config of SECOND_ORDER_GRADIENTS) {
    if (tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
  }
}

/** Kernels whose gradients `ensureSecondOrderGradients` registers (for tests and docs). */
export const SECOND_ORDER_KERNELS: readonly string[] = SECOND_ORDER_GRADIENTS.map(
  (c) => c.kernelName,
);
