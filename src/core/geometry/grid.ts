/**
 * Loss surfaces and decision-boundary slices on a plane through x: the point of cell (i, j) is
 * x + a[i]·u + b[j]·v, with a, b evenly spaced over [−R, R]. With unit u, v (directions.ts), a and b
 * are distances in input units. Loss, predicted class, top-two margin and confidence come from ONE batched
 * forward pass over the N² points (chunked to bound memory). Not clamped to the data range: the
 * plane is the model's input space, as in the paper's figures.
 */
import * as tf from '@tensorflow/tfjs';
import { perSampleCrossEntropy } from '../loss';
import type { LogitsFn } from '../curvature/inputDerivatives';

/** Settings of `landscapeGrid`. */
export interface GridOptions {
  /** R > 0: the grid spans [−R, R] on both axes, in units of the directions (input units). */
  readonly radius: number;
  /** N ≥ 2 points per axis (N² cells). */
  readonly size: number;
  /** Points per forward pass; default 4096 (784 floats each: 12.8 MB of inputs per chunk).
   * Lower it for convolutional models, whose activations per point are larger. */
  readonly chunkSize?: number;
}

/** A loss / prediction / margin grid. Flat arrays are row-major: cell (i, j) at index i·N + j. */
export interface LandscapeGrid {
  /** N. */
  readonly size: number;
  /** Coordinates along u (rows) and along v (columns), length N, ascending, from −R to R. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Per-sample cross-entropy ℓ(x + a[i]u + b[j]v) for the given label, nats. */
  readonly loss: Float32Array;
  /** argmaxₖ fₖ, the predicted class (tf.argMax; exact float ties are a measure-zero event). */
  readonly pred: Int32Array;
  /** Top logit minus second logit, ≥ 0; the decision boundary is where it reaches 0 (the top
   * two logits tie). Draw it as the 0-contour, or where `pred` changes between cells. */
  readonly margin: Float32Array;
  /** Softmax probability of the predicted class, in [1/K, 1]: how sure the model is there. */
  readonly confidence: Float32Array;
}

/** N evenly spaced coordinates from −R to R (both included); exact 0 at the centre when N is odd. */
export function gridCoordinates(radius: number, size: number): Float64Array {
  if (!(radius > 0)) throw new Error(`radius must be > 0, got ${radius}`);
  if (!Number.isInteger(size) || size < 2)
    throw new Error(`size must be an integer ≥ 2, got ${size}`);
  // (2i − (N−1))/(N−1) is exactly antisymmetric, so a[i] = −a[N−1−i] bit for bit.
  return Float64Array.from(
    { length: size },
    (_, i) => (radius * (2 * i - (size - 1))) / (size - 1),
  );
}

/**
 * Top logit minus second-largest logit per row (0 where they tie: the decision boundary).
 * @param logits [B, K] with K ≥ 2; @returns [B]; the caller owns it.
 */
export function topTwoMargin(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const { values } = tf.topk(logits, 2);
    return tf.sub(
      tf.squeeze(tf.slice(values, [0, 0], [-1, 1]), [1]),
      tf.squeeze(tf.slice(values, [0, 1], [-1, 1]), [1]),
    ) as tf.Tensor1D;
  });
}

type Chunk = {
  loss: tf.Tensor1D;
  pred: tf.Tensor1D;
  margin: tf.Tensor1D;
  confidence: tf.Tensor1D;
};

/**
 * The points of cells [start, start + count) in row-major order, and what the model says there.
 * @param basis [3, d]: rows u, v, x, so that [a, b, 1]·basis = x + a·u + b·v.
 */
function evaluateChunk(
  logitsFn: LogitsFn,
  inputShape: readonly number[],
  label: number,
  plane: { basis: tf.Tensor2D; a: Float64Array; b: Float64Array },
  start: number,
  count: number,
): Chunk {
  return tf.tidy(() => {
    const n = plane.b.length;
    const coefficients = new Float32Array(3 * count);
    for (let k = 0; k < count; k++) {
      coefficients[3 * k] = plane.a[Math.floor((start + k) / n)]!;
      coefficients[3 * k + 1] = plane.b[(start + k) % n]!;
      coefficients[3 * k + 2] = 1;
    }
    // One [count, 3] × [3, d] matMul: 2-D ops only (webgpu-friendly), and no broadcast add,
    // which tfjs-cpu runs ~10× slower than the matMul.
    const flat = tf.matMul(tf.tensor2d(coefficients, [count, 3]), plane.basis);
    const logits = logitsFn(tf.reshape(flat, [count, ...inputShape]));
    const labels = tf.fill([count], label, 'int32') as tf.Tensor1D;
    return {
      loss: perSampleCrossEntropy(logits, labels),
      pred: tf.argMax(logits, 1) as tf.Tensor1D,
      margin: topTwoMargin(logits),
      confidence: tf.max(tf.softmax(logits), 1) as tf.Tensor1D,
    };
  });
}

function checkDirection(name: string, u: ArrayLike<number>, d: number): void {
  if (u.length !== d) throw new Error(`${name} has ${u.length} values, expected ${d}`);
}

/**
 * Loss, predicted class and margin on the N×N plane through x spanned by u and v.
 * @param logitsFn e.g. modelLogits(model); @param x [1, ...inputShape]; @param label the class
 *   whose cross-entropy is the loss (usually the true label).
 * @param u, v flat directions of length d (unit for distance coordinates; not normalized here).
 *   They need not be orthogonal (PAPER.md's slice uses n and the top eigenvector as they are);
 *   for a Euclidean picture of the plane pass `orthonormalize(v, [u])` (linalg/vector) as v.
 */
export async function landscapeGrid(
  logitsFn: LogitsFn,
  x: tf.Tensor,
  label: number,
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  options: GridOptions,
): Promise<LandscapeGrid> {
  if (x.shape[0] !== 1) throw new Error(`x must hold one input, [1, …], got [${x.shape}]`);
  checkDirection('u', u, x.size);
  checkDirection('v', v, x.size);
  const a = gridCoordinates(options.radius, options.size);
  const b = a.slice();
  const cells = options.size * options.size;
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 4096));
  const out = {
    loss: new Float32Array(cells),
    pred: new Int32Array(cells),
    margin: new Float32Array(cells),
    confidence: new Float32Array(cells),
  };
  const basis = tf.tidy(() =>
    tf.concat([
      tf.tensor2d(Float32Array.from(u), [1, x.size]),
      tf.tensor2d(Float32Array.from(v), [1, x.size]),
      tf.reshape(x, [1, x.size]),
    ]),
  ) as tf.Tensor2D;
  try {
    for (let start = 0; start < cells; start += chunkSize) {
      const count = Math.min(chunkSize, cells - start);
      const plane = { basis, a, b };
      const chunk = evaluateChunk(logitsFn, x.shape.slice(1), label, plane, start, count);
      try {
        out.loss.set(await chunk.loss.data(), start);
        out.pred.set(await chunk.pred.data(), start);
        out.margin.set(await chunk.margin.data(), start);
        out.confidence.set(await chunk.confidence.data(), start);
      } finally {
        tf.dispose(chunk);
      }
    }
  } finally {
    basis.dispose();
  }
  return { size: options.size, a, b, ...out };
}

/** A flat row-major N×N grid as nested rows, rows[i][j] = values[i·N + j] (the report's layout). */
export function gridRows(values: ArrayLike<number>, size: number): number[][] {
  if (values.length !== size * size) throw new Error(`${values.length} values is not ${size}²`);
  return Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => values[i * size + j]!),
  );
}
