/**
 * 2-D pooling that can be differentiated twice ('valid' padding, NHWC).
 *
 * `tf.maxPool`'s gradient calls the MaxPoolGrad kernel, which has no gradient, and whose tie
 * breaking differs between backends (tfjs 4.22: cpu sends the gradient to the first maximum of a
 * window, webgl and webgpu to the last, `>=` in their shaders). Here max pooling is built from
 * window extraction and `where`, so every op has a second-order gradient (with
 * ensureSecondOrderGradients) and ties go to the first maximum in row-major window order on every
 * backend — the rule PyTorch's `max_pool2d` uses. Ties are common: after ReLU, and wherever a
 * constant background (MNIST's zeros) makes a convolution output its bias in a whole window.
 */
import * as tf from '@tensorflow/tfjs';
import { ensureSecondOrderGradients } from './secondOrder';

/** Pool window or stride as [rows, cols]. */
export type Pair = readonly [number, number];

/** Output size of a 'valid' pooling along one axis (floor, as Keras and PyTorch). */
function validOutputSize(size: number, window: number, stride: number): number {
  return Math.floor((size - window) / stride) + 1;
}

/**
 * Every pooling window's element at offset (di, dj), one tensor per offset in row-major window
 * order: result[di·pw + dj][b, i, j, c] = x[b, i·sh + di, j·sw + dj, c], exactly (a depthwise
 * convolution with a one-hot filter: 1·x plus zeros). Depthwise convolution rather than strided
 * slices because tfjs-cpu's non-contiguous slice is ~100× slower (measured 250 ms vs 4 ms for a
 * [64, 26, 26, 8] input), and rather than tf.maxPool because of its gradient (module comment).
 * @param x [B, H, W, C]
 * @returns ph·pw tensors of shape [B, Ho, Wo, C]; the caller owns them.
 */
export function poolWindowSlices(x: tf.Tensor4D, poolSize: Pair, strides: Pair): tf.Tensor4D[] {
  ensureSecondOrderGradients();
  const [, h, w, c] = x.shape;
  const [ph, pw] = poolSize;
  if (validOutputSize(h, ph, strides[0]) < 1 || validOutputSize(w, pw, strides[1]) < 1) {
    throw new Error(`pool window ${ph}×${pw} is larger than the ${h}×${w} input`);
  }
  return tf.tidy(() =>
    Array.from({ length: ph * pw }, (_, offset) => {
      const oneHot = new Float32Array(ph * pw * c);
      oneHot.fill(1, offset * c, (offset + 1) * c); // filter[di, dj, channel, 0]
      const filter = tf.tensor4d(oneHot, [ph, pw, c, 1]);
      return tf.depthwiseConv2d(x, filter, [strides[0], strides[1]], 'valid');
    }),
  );
}

/**
 * Max pooling, 'valid' padding, NHWC; values identical to `tf.maxPool(x, poolSize, strides,
 * 'valid')`, gradients of every order correct, ties to the first maximum (PyTorch's rule).
 * @param x [B, H, W, C]
 * @returns [B, Ho, Wo, C] with Ho = ⌊(H − ph)/sh⌋ + 1; the caller owns it.
 */
export function maxPool2dValid(x: tf.Tensor4D, poolSize: Pair, strides: Pair): tf.Tensor4D {
  ensureSecondOrderGradients();
  return tf.tidy(() => {
    const slices = poolWindowSlices(x, poolSize, strides);
    let best = slices[0]!;
    for (const candidate of slices.slice(1)) {
      // Strictly greater: an earlier window position wins a tie.
      best = tf.where(tf.greater(candidate, best), candidate, best);
    }
    return best;
  });
}

/**
 * Average pooling, 'valid' padding, NHWC: `tf.avgPool` itself, whose second-order gradient
 * (AvgPoolGrad) ensureSecondOrderGradients registers. 'same' is refused: tfjs's first-order
 * avgPool gradient is wrong at the bottom/right border with 'same' (PLATFORM.md).
 * @param x [B, H, W, C]
 * @returns [B, Ho, Wo, C]; the caller owns it.
 */
export function avgPool2dValid(x: tf.Tensor4D, poolSize: Pair, strides: Pair): tf.Tensor4D {
  ensureSecondOrderGradients();
  return tf.avgPool(x, [poolSize[0], poolSize[1]], [strides[0], strides[1]], 'valid');
}
