/**
 * The curvature of the loss along the normal direction n = ∇ℓ/‖∇ℓ‖ as a function of the
 * finite-difference step h: the exact nᵀHn (double backprop) next to the central difference
 * nᵀ(∇ℓ(x + hn) − ∇ℓ(x − hn))/2h for every h. For smooth models the two meet as h → 0 (error
 * O(h²)); for ReLU models the difference also sees the kinks between x − hn and x + hn, which
 * the exact value cannot (PAPER.md, "the trap") — the panel's point.
 */
import * as tf from '@tensorflow/tfjs';
import {
  lossAndInputGradient,
  rayleighQuotient,
  rowDot,
  rowNorm,
  type PerSampleLoss,
} from '../curvature/inputDerivatives';
import { norm } from '../linalg/vector';
import { readAndDispose } from './pointLoss';

/** The normal-curvature profile of one input. */
export interface NormalCurvatureProfile {
  /** ‖∇ₓℓ(x)‖₂, nats per input unit. */
  readonly gradNorm: number;
  /** nᵀHn by an exact double-backprop HVP, nats per input unit². */
  readonly exact: number;
  /** fd[i] = nᵀ(∇ℓ(x + hᵢn) − ∇ℓ(x − hᵢn))/(2hᵢ), nats per input unit². */
  readonly fd: Float64Array;
  /** The steps hᵢ, input units (a copy of the argument). */
  readonly hs: Float64Array;
}

function checkArguments(x: tf.Tensor, hs: readonly number[]): void {
  if (x.shape[0] !== 1) throw new Error(`x must hold one input, [1, …], got [${x.shape}]`);
  if (hs.length === 0) throw new Error('hs must not be empty');
  hs.forEach((h) => {
    if (!(h > 0) || !Number.isFinite(h)) throw new Error(`every h must be > 0, got ${h}`);
  });
}

/**
 * The central differences for every h in ONE batched gradient pass over the 2·|hs| points
 * x ± hᵢn. Each is divided by nᵀn (1 up to float32 rounding) so that it is exactly
 * `rayleighQuotient(loss, x, n, hᵢ)`'s number. @returns [|hs|].
 */
function finiteDifferences(
  loss: PerSampleLoss,
  x: tf.Tensor,
  n: tf.Tensor,
  hs: readonly number[],
): tf.Tensor1D {
  return tf.tidy(() => {
    const count = hs.length;
    const h = tf.tensor1d(Float32Array.from(hs));
    const rowShape = [count, ...x.shape.slice(1).map(() => 1)];
    const step = tf.mul(n, tf.reshape(h, rowShape)); // [count, ...]: row i is hᵢ·n
    const points = tf.concat([tf.add(x, step), tf.sub(x, step)], 0);
    const grads = tf.grad((u: tf.Tensor) => tf.sum(loss(u)))(points);
    const diff = tf.sub(tf.slice(grads, 0, count), tf.slice(grads, count, count));
    const along = rowDot(
      tf.broadcastTo(n, diff.shape),
      tf.div(diff, tf.reshape(tf.mul(h, 2), rowShape)),
    );
    return tf.div(along, rowDot(n, n)) as tf.Tensor1D;
  });
}

/**
 * Curvature along the normal n = ∇ₓℓ(x)/‖∇ₓℓ(x)‖ at one input: exact nᵀHn and the central
 * finite difference for each step in `hs` (all h in one batched gradient pass).
 * @param x [1, ...inputShape] float32, input units.
 * @param hs steps h > 0, input units along the unit n.
 * @returns null when the gradient is exactly 0 (no normal: e.g. a float32 loss that underflowed).
 */
export async function normalCurvatureProfile(
  loss: PerSampleLoss,
  x: tf.Tensor,
  hs: readonly number[],
): Promise<NormalCurvatureProfile | null> {
  checkArguments(x, hs);
  const { loss: value, grad } = lossAndInputGradient(loss, x);
  value.dispose();
  let n: tf.Tensor;
  let gradNorm: number;
  try {
    // ‖g‖ in float64 from the read-back gradient; the test for "exactly 0" must not round.
    gradNorm = norm(await grad.data());
    if (gradNorm === 0) return null;
    n = tf.tidy(() => tf.div(grad, rowNorm(grad)));
  } finally {
    grad.dispose();
  }
  try {
    const [exact, fd] = await Promise.all([
      readAndDispose(rayleighQuotient(loss, x, n)),
      readAndDispose(finiteDifferences(loss, x, n, hs)),
    ]);
    return { gradNorm, exact: exact[0]!, fd, hs: Float64Array.from(hs) };
  } finally {
    n.dispose();
  }
}
