/** Batches as tensors from a dataset split (typed arrays), for training and evaluation. */
import * as tf from '@tensorflow/tfjs';
import type { DatasetSplit } from '../datasets/types';
import type { Batch } from './types';

/**
 * The samples `indices` of a split as tensors: x [n, ...inputShape] float32 (input units),
 * y [n] int32. Indices out of range throw. The caller owns both tensors.
 */
export function batchFromSplit(
  split: DatasetSplit,
  inputShape: readonly number[],
  indices: ArrayLike<number>,
): Batch {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const n = indices.length;
  const xs = new Float32Array(n * size);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const index = indices[i]!;
    if (!(index >= 0 && index < split.count)) {
      throw new Error(`index ${index} is outside the split (0…${split.count - 1})`);
    }
    xs.set(split.x.subarray(index * size, (index + 1) * size), i * size);
    ys[i] = split.y[index]!;
  }
  return { x: tf.tensor(xs, [n, ...inputShape]), y: tf.tensor1d(ys, 'int32') };
}
