/**
 * Robust accuracy: the fraction of a labelled set that the model still classifies correctly after
 * a PGD attack, computed in batches, at one radius or over a list of radii.
 */
import * as tf from '@tensorflow/tfjs';
import { logitsOf } from '../models';
import { createRng, type Rng } from '../random';
import { checkSettings, pgd } from './pgd';
import type { AttackNorm, InputRange, LabeledTensors, ModelLike, PgdSettings } from './types';

/** Robust accuracy at one radius. */
export interface RobustAccuracy {
  /** The attack radius ε, input units. */
  readonly epsilon: number;
  /** Samples whose prediction at the adversarial input equals the label. */
  readonly correct: number;
  /** Samples attacked. */
  readonly count: number;
  /** correct / count, in [0, 1]. */
  readonly accuracy: number;
}

/** How robust accuracy is computed. */
export interface EvaluationOptions {
  /** Samples per attacked batch (memory vs speed); default 256. */
  readonly batchSize?: number;
  /** Seed of the random starts; each call with the same seed repeats exactly. Default 0. */
  readonly seed?: number;
}

/** A PGD attack without its radius: the step size is a fixed fraction of ε. */
export interface AttackFamily {
  readonly norm: AttackNorm;
  readonly steps: number;
  /** Step size as a fraction of ε (the paper's evaluation: 1/4). */
  readonly relativeStepSize: number;
  readonly randomStart: boolean;
  readonly range: InputRange | null;
}

/**
 * The evaluation attack without its radius: PGD-20, step ε/4, random start, in either norm. The
 * live evaluation, the panels' adversarial example and the robust-accuracy curve all use it.
 */
export function evaluationAttackFamily(norm: AttackNorm, range: InputRange | null): AttackFamily {
  return { norm, steps: 20, relativeStepSize: 1 / 4, randomStart: true, range };
}

/** The member of `family` at radius ε (input units): step size relativeStepSize·ε. */
export function attackAt(family: AttackFamily, epsilon: number): PgdSettings {
  const { relativeStepSize, ...rest } = family;
  return { ...rest, epsilon, stepSize: relativeStepSize * epsilon };
}

/** The evaluation attack (`evaluationAttackFamily`) at radius ε, ℓ∞ or ℓ2. */
export function evaluationAttack(
  epsilon: number,
  norm: AttackNorm,
  range: InputRange | null,
): PgdSettings {
  return attackAt(evaluationAttackFamily(norm, range), epsilon);
}

/**
 * The paper's evaluation (reference code): ℓ∞ PGD, 20 steps, step ε/4 (2/255 at ε = 8/255),
 * random start. Pass `epsilon` and the dataset's input range.
 */
export function paperEvaluationAttack(epsilon: number, range: InputRange | null): PgdSettings {
  return evaluationAttack(epsilon, 'linf', range);
}

function countCorrect(
  model: ModelLike,
  x: tf.Tensor,
  y: tf.Tensor1D,
  settings: PgdSettings,
  rng: Rng,
): tf.Scalar {
  return tf.tidy(() => {
    // ε = 0: the attack returns x itself (clamped); skip its steps.
    const attacked = settings.epsilon === 0 ? x : pgd(model, x, y, settings, rng);
    const predicted = tf.argMax(logitsOf(model, attacked), 1);
    return tf.sum(tf.cast(tf.equal(predicted, y), 'int32')) as tf.Scalar;
  });
}

/**
 * Robust accuracy of `model` on `data` under the PGD attack `settings` (ε = 0 gives the clean
 * accuracy). A sample counts as correct when the model's prediction at the attacked input equals
 * its label, whether or not it was correct before, as in the PyTorch references.
 * @returns the count and fraction; reads back one number per batch (async, GPU-friendly).
 */
export async function robustAccuracy(
  model: ModelLike,
  data: LabeledTensors,
  settings: PgdSettings,
  options: EvaluationOptions = {},
): Promise<RobustAccuracy> {
  checkSettings(settings);
  const count = data.x.shape[0]!;
  if (data.y.shape[0] !== count) {
    throw new Error(`x has ${count} samples but y has ${data.y.shape[0]}`);
  }
  const batchSize = options.batchSize ?? 256;
  const rng = createRng(options.seed ?? 0);
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const batchCorrect = tf.tidy(() => {
      const x = tf.slice(data.x, start, size);
      const y = tf.slice(data.y, start, size);
      return countCorrect(model, x, y, settings, rng);
    });
    correct += (await batchCorrect.data())[0]!;
    batchCorrect.dispose();
  }
  return { epsilon: settings.epsilon, correct, count, accuracy: count > 0 ? correct / count : 0 };
}

/**
 * Robust accuracy at each radius of `epsilons` (any order; results in the same order), with the
 * step size α = relativeStepSize·ε. Every radius uses the same seed, so the random starts are the
 * same uniform draws scaled by ε, which keeps the curve from wobbling by sampling noise.
 */
export async function robustAccuracyCurve(
  model: ModelLike,
  data: LabeledTensors,
  epsilons: readonly number[],
  family: AttackFamily,
  options: EvaluationOptions = {},
): Promise<RobustAccuracy[]> {
  const results: RobustAccuracy[] = [];
  for (const epsilon of epsilons) {
    results.push(await robustAccuracy(model, data, attackAt(family, epsilon), options));
  }
  return results;
}
