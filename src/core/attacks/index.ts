/** Attacks: FGSM, PGD (ℓ∞, ℓ2) on the per-sample cross-entropy, and robust accuracy. */
export { perSampleCrossEntropyFused } from './fusedLoss';
export {
  checkSettings,
  clampToRange,
  fgsm,
  lossAndInputGradient,
  perSampleNorm,
  pgd,
  pgdIteration,
  projectToBall,
  randomStartPoint,
  summedLossOfInputs,
} from './pgd';
export {
  attackAt,
  evaluationAttack,
  evaluationAttackFamily,
  paperEvaluationAttack,
  robustAccuracy,
  robustAccuracyCurve,
  type AttackFamily,
  type EvaluationOptions,
  type RobustAccuracy,
} from './robustness';
export type { AttackNorm, InputRange, LabeledTensors, ModelLike, PgdSettings } from './types';
