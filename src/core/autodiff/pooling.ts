/**
 * 2-D pooling that can be differentiated twice ('valid' padding, NHWC).
 *
 * `tf.maxPool`'s gradient calls the MaxPoolGrad kernel, which has no gradient, and whose tie
 * breaking differs between backends. Here max pooling is built from strided window slices and
 * `where`, so every op has a second-order gradient (with ensureSecondOrderGradients) and ties go
 * to the first maximum in row-major window order on every backend — the rule PyTorch's
 * `max_pool2d` uses, which matters after ReLU where whole windows share one value.
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
 * order: result[di·pw + dj][b, i, j, c] = x[b, i·sh + di, j·sw + dj, c]. Uses only pad, slice and
 * reshape, all ranks ≤ 4 (webgpu misbehaves on higher ranks, PLATFORM.md).
 * @param x [B, H, W, C]
 * @returns ph·pw tensors of shape [B, Ho, Wo, C]; the caller owns them.
 */
export function poolWindowSlices(x: tf.Tensor4D, poolSize: Pair, strides: Pair): tf.Tensor4D[] {
  const [b, h, w, c] = x.shape;
  const [ph, pw] = poolSize;
  const [sh, sw] = strides;
  const ho = validOutputSize(h, ph, sh);
  const wo = validOutputSize(w, pw, sw);
  if (ho < 1 || wo < 1) {
    throw new Error(`pool window ${ph}×${pw} is larger than the ${h}×${w} input`);
  }
  return tf.tidy(() => {
    // Room for a slice of sh·Ho rows starting at any di < ph (the padding is never selected).
    const padH = Math.max(0, ph - 1 + sh * ho - h);
    const padW = Math.max(0, pw - 1 + sw * wo - w);
    const xp =
      padH > 0 || padW > 0
        ? tf.pad(x, [
            [0, 0],
            [0, padH],
            [0, padW],
            [0, 0],
          ])
        : x;
    const wp = w + padW;
    const out: tf.Tensor4D[] = [];
    for (let di = 0; di < ph; di++) {
      const rows = tf.slice(xp, [0, di, 0, 0], [b, sh * ho, wp, c]);
      const rowsStrided = tf
        .slice(tf.reshape(rows, [b * ho, sh, wp, c]), [0, 0, 0, 0], [b * ho, 1, wp, c])
        .reshape([b, ho, wp, c]);
      for (let dj = 0; dj < pw; dj++) {
        const cols = tf.slice(rowsStrided, [0, 0, dj, 0], [b, ho, sw * wo, c]);
        const picked = tf
          .slice(tf.reshape(cols, [b * ho, wo, sw, c]), [0, 0, 0, 0], [b * ho, wo, 1, c])
          .reshape([b, ho, wo, c]);
        out.push(picked as tf.Tensor4D);
      }
    }
    return out;
  });
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
