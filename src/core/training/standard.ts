/** Standard training: one step of empirical risk minimization on the clean batch. */
import * as tf from '@tensorflow/tfjs';
import { perSampleCrossEntropyFused } from '../attacks';
import { logitsOf } from '../models';
import { batchAccuracy, descend, nowMs, type Objective } from './descend';
import type { StandardSettings, TrainingStep } from './types';

/**
 * The mean cross-entropy (1/B) Σ ℓ_b of the model on the given inputs, with the batch accuracy
 * as a diagnostic. Standard training uses the clean batch; adversarial training the attacked one.
 */
export function crossEntropyObjective(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor1D,
): Objective {
  const logits = logitsOf(model, x);
  return {
    value: tf.mean(perSampleCrossEntropyFused(logits, y)) as tf.Scalar,
    diagnostics: { accuracy: batchAccuracy(logits, y) },
  };
}

/** Minimizes the mean cross-entropy of the clean batch: one optimizer update. */
export const standardStep: TrainingStep<StandardSettings> = async (target, batch, settings) => {
  const start = nowMs();
  const objective = () => crossEntropyObjective(target.model, batch.x, batch.y);
  const { diagnostics, ...common } = await descend(target, objective, start);
  return { method: settings.method, ...common, accuracy: diagnostics['accuracy']! };
};
