/**
 * Activation functions the functional forward pass supports, keyed by their tfjs-layers names.
 * Each is written with the same ops, in the same order, as tfjs-layers 4.22 applies it (so
 * `logitsOf` reproduces `model.predict`), and each is twice differentiable once
 * ensureSecondOrderGradients has run.
 */
import * as tf from '@tensorflow/tfjs';
import { HIDDEN_ACTIVATIONS } from '../names';

/** Activation names as tfjs-layers serializes them in model.json. */
export const SUPPORTED_ACTIVATIONS = [
  'linear',
  'relu',
  'elu',
  'sigmoid',
  'tanh',
  'softplus',
  'gelu',
  'gelu_new',
  'swish',
  'softmax',
] as const;

/** One of SUPPORTED_ACTIVATIONS. */
export type ActivationName = (typeof SUPPORTED_ACTIVATIONS)[number];

// The app's own hidden activations (src/core/names.ts) must be serializable tfjs-layers names.
HIDDEN_ACTIVATIONS satisfies readonly ActivationName[];

/** Narrows a serialized activation name, or returns null when it is not supported. */
export function asActivationName(name: unknown): ActivationName | null {
  return (SUPPORTED_ACTIVATIONS as readonly unknown[]).includes(name)
    ? (name as ActivationName)
    : null;
}

/** GELU, exact: x·Φ(x) = x·½(1 + erf(x/√2)). PyTorch `nn.GELU()` (approximate='none'). tfjs's
 * erf is the Abramowitz–Stegun 7.1.26 polynomial, absolute error ≤ 1.5e-7 (below float32's
 * resolution of values near 1), and its gradient is the exact 2/√π·exp(−x²). */
function geluExact(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.sqrt(2))))));
}

/** GELU, tanh approximation ('gelu_new'): PyTorch `nn.GELU(approximate='tanh')`. Note: tfjs
 * 4.22 saves 'gelu_new' but cannot load it back ("Unknown activation: geluNew": its loader
 * camel-cases the name), so the app's own models use exact 'gelu'. */
function geluTanh(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.sqrt(tf.div(2, Math.PI)), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(0.5, tf.mul(x, tf.add(1, tf.tanh(inner))));
}

/**
 * Applies a supported activation elementwise (softmax: over the last axis).
 * @param x any shape; @returns same shape; the caller owns it (wrap in tf.tidy).
 */
export function applyActivation(name: ActivationName, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softplus':
      return tf.softplus(x);
    case 'gelu':
      return geluExact(x);
    case 'gelu_new':
      return geluTanh(x);
    case 'swish':
      return tf.mul(tf.sigmoid(x), x);
    case 'softmax':
      return tf.softmax(x, -1);
  }
}
