/**
 * The part every training step shares: weight gradient of an objective, one read-back of the
 * loss and the gradient norm, and the update — applied only when both are finite.
 */
import * as tf from '@tensorflow/tfjs';
import { trainableVariables } from '../models';
import type { TrainTarget } from './types';

/** An objective evaluated inside `tf.variableGrads`, with scalars to report alongside. */
export interface Objective {
  /** The scalar minimized; a function of the model's variables. */
  readonly value: tf.Scalar;
  /** Diagnostics computed in the same pass (e.g. clean loss, regularizer), keyed by name. */
  readonly diagnostics: Readonly<Record<string, tf.Scalar>>;
}

/** What `descend` measured. */
export interface DescentResult {
  readonly loss: number;
  readonly gradNorm: number;
  readonly finite: boolean;
  readonly applied: boolean;
  /** Milliseconds from `startMs` until the read-back completed. */
  readonly ms: number;
  readonly diagnostics: Readonly<Record<string, number>>;
}

/** Milliseconds on a monotonic clock (node, browsers and workers all have `performance`). */
export function nowMs(): number {
  return performance.now();
}

/** Runs the objective under tf.variableGrads; returns gradients and [loss, ‖∇‖², ...diags]. */
function gradientsAndStats(target: TrainTarget, objective: () => Objective) {
  const variables = trainableVariables(target.model);
  let names: string[] = [];
  let kept: tf.Tensor[] = [];
  try {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const { value: objectiveValue, diagnostics } = objective();
        names = Object.keys(diagnostics);
        // Diagnostics live in variableGrads' forward scope, which frees what it does not
        // return: keep them past it (freed in `finally`).
        kept = names.map((name) => tf.keep(diagnostics[name]!));
        return objectiveValue;
      }, variables);
      const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
      const gradNormSquared = squares.length > 0 ? tf.addN(squares) : tf.scalar(0);
      const stats = tf.stack([value, gradNormSquared, ...kept]) as tf.Tensor1D;
      return { grads, stats, names };
    });
  } finally {
    tf.dispose(kept);
  }
}

/**
 * Computes ∇_θ of the objective for the model's trainable variables, reads back the loss, the
 * gradient norm and the diagnostics (one async read), and applies the optimizer update if the
 * loss and the gradient norm are finite. Frees every tensor it made.
 * @param startMs when the step began (`nowMs()`), so `ms` can include work done before (attacks).
 */
export async function descend(
  target: TrainTarget,
  objective: () => Objective,
  startMs: number,
): Promise<DescentResult> {
  const { grads, stats, names } = gradientsAndStats(target, objective);
  try {
    const values = await stats.data();
    const loss = values[0]!;
    const gradNorm = Math.sqrt(values[1]!);
    const finite = Number.isFinite(loss) && Number.isFinite(gradNorm);
    if (finite) target.optimizer.applyGradients(grads);
    const diagnostics: Record<string, number> = {};
    names.forEach((name, i) => (diagnostics[name] = values[i + 2]!));
    return { loss, gradNorm, finite, applied: finite, ms: nowMs() - startMs, diagnostics };
  } finally {
    tf.dispose([stats, ...Object.values(grads)]);
  }
}

/** Fraction of correct predictions, as a scalar tensor in [0, 1]. @param logits [B, K]. */
export function batchAccuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')));
}
