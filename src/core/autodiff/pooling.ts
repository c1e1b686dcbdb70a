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

function checkWindowFits(x: tf.Tensor4D, [ph, pw]: Pair, strides: Pair): void {
  const [, h, w] = x.shape;
  if (validOutputSize(h, ph, strides[0]) < 1 || validOutputSize(w, pw, strides[1]) < 1) {
    throw new Error(`pool window ${ph}×${pw} is larger than the ${h}×${w} input`);
  }
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
  checkWindowFits(x, poolSize, strides);
  const c = x.shape[3];
  const [ph, pw] = poolSize;
  return tf.tidy(() =>
    Array.from({ length: ph * pw }, (_, offset) => {
      const oneHot = new Float32Array(ph * pw * c);
      oneHot.fill(1, offset * c, (offset + 1) * c); // filter[di, dj, channel, 0]
      const filter = tf.tensor4d(oneHot, [ph, pw, c, 1]);
      return tf.depthwiseConv2d(x, filter, [strides[0], strides[1]], 'valid');
    }),
  );
}

/** The first maximum of a list of same-shaped tensors: strictly greater replaces, so an earlier
 * one wins a tie. */
function firstMaximum(candidates: readonly tf.Tensor[]): tf.Tensor {
  let best = candidates[0]!;
  for (const candidate of candidates.slice(1)) {
    best = tf.where(tf.greater(candidate, best), candidate, best);
  }
  return best;
}

/**
 * Max pooling whose windows tile the input (stride = window, the usual 2×2 pool), in two
 * passes that only reshape, split and select — ops with native kernels and gradients on every
 * backend (the same values and gradients as the depthwise route, which tests compare): first
 * the maximum over each window row's columns, then over the window's rows. Ties
 * still go to the first maximum in row-major window order (the first row holding the maximum
 * wins, and within it the first column). On wasm the depthwise route's input gradient is our
 * JavaScript kernel, which took half of a CNN PGD-7 step (150 of 294 ms in node, issue 14).
 * Rows and columns past the last whole window are dropped first, as 'valid' pooling does.
 */
function maxPoolTiles(x: tf.Tensor4D, [ph, pw]: Pair): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const ho = Math.floor(h / ph);
  const wo = Math.floor(w / pw);
  return tf.tidy(() => {
    const whole = ho * ph === h && wo * pw === w ? x : tf.slice(x, 0, [b, ho * ph, wo * pw, c]);
    // [pw, B·H·Wo, C]: the window columns of every input row, each a contiguous block.
    const columns = splitOuter(tf.reshape(whole, [b * ho * ph * wo, pw, c]));
    const rowMaxima = firstMaximum(columns);
    // [ph, B·Ho, Wo·C]: the window rows of every output row.
    const rows = splitOuter(tf.reshape(rowMaxima, [b * ho, ph, wo * c]));
    return tf.reshape(firstMaximum(rows), [b, ho, wo, c]);
  });
}

/** [N, k, M] → k tensors [N, M], by a transpose that puts k first (a native kernel on every
 * backend), so that each part is one contiguous copy rather than N strided runs of M values. */
function splitOuter(t: tf.Tensor): tf.Tensor[] {
  return tf.unstack(tf.transpose(t, [1, 0, 2]));
}

/**
 * Max pooling, 'valid' padding, NHWC; values identical to `tf.maxPool(x, poolSize, strides,
 * 'valid')`, gradients of every order correct, ties to the first maximum (PyTorch's rule).
 * @param x [B, H, W, C]
 * @returns [B, Ho, Wo, C] with Ho = ⌊(H − ph)/sh⌋ + 1; the caller owns it.
 */
export function maxPool2dValid(x: tf.Tensor4D, poolSize: Pair, strides: Pair): tf.Tensor4D {
  ensureSecondOrderGradients();
  checkWindowFits(x, poolSize, strides);
  const tiles = strides[0] === poolSize[0] && strides[1] === poolSize[1];
  // tfjs-cpu slices strided data element by element: there the depthwise route is faster
  // (2×2 pool of [64, 26, 26, 8], forward and gradient: 115 ms against 250 ms).
  if (tiles && tf.getBackend() !== 'cpu') return maxPoolTiles(x, poolSize);
  return tf.tidy(() => firstMaximum(poolWindowSlices(x, poolSize, strides)) as tf.Tensor4D);
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
