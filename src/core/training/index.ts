/**
 * Training steps behind one interface: `(target, batch, settings) => Promise<metrics>`, one
 * function per method, and `trainStep` that picks by `settings.method`. Copying weights for
 * CURE's "fine-tune from standard" start: `copyWeights` / `snapshotWeights` in ../models.
 */
import { fgsmRsStep, pgdStep } from './adversarial';
import { cureStep } from './cure';
import { standardStep } from './standard';
import type { Batch, MetricsOf, StepSettings, TrainTarget, TrainingStep } from './types';

/** Each method's step, keyed by method name. */
export const TRAINING_STEPS: {
  readonly [M in StepSettings['method']]: TrainingStep<Extract<StepSettings, { method: M }>>;
} = {
  standard: standardStep,
  pgd: pgdStep,
  'fgsm-rs': fgsmRsStep,
  cure: cureStep,
};

/** One optimizer update of `target` with the method `settings.method`. */
export function trainStep<S extends StepSettings>(
  target: TrainTarget,
  batch: Batch,
  settings: S,
): Promise<MetricsOf<S>> {
  const step = TRAINING_STEPS[settings.method] as unknown as TrainingStep<S>;
  return step(target, batch, settings);
}

export { fgsmRsAttack, fgsmRsStep, pgdStep } from './adversarial';
export { batchFromSplit } from './batch';
export {
  checkCureSettings,
  cureDirection,
  cureStep,
  cureTerms,
  stopGradient,
  type CureGradientRoute,
  type CureTerms,
} from './cure';
export { batchAccuracy, descend, nowMs, type DescentResult, type Objective } from './descend';
export { splitFirstLinear, type FirstLinearSplit } from './firstLayer';
export { hAt, paperHRamp, PAPER_H_RAMP_FRACTIONS, type HSchedule } from './schedule';
export { crossEntropyObjective, standardStep } from './standard';
export {
  TRAINING_METHODS,
  type AdversarialMetrics,
  type Batch,
  type CureForm,
  type CureMetrics,
  type CureSettings,
  type FgsmRsSettings,
  type MetricsOf,
  type PgdTrainingSettings,
  type StandardMetrics,
  type StandardSettings,
  type StepMetrics,
  type StepMetricsBase,
  type StepSettings,
  type TrainingMethod,
  type TrainingStep,
  type TrainTarget,
} from './types';
