/**
 * Batched numerics for the analysis panels: single-point algorithms (Lanczos, the PGD radius
 * search) run in lockstep over P points with one batched tensor pass per round; measured
 * robustness against the quadratic bounds; the normal-curvature profile over h; frozen copies of
 * networks that keep training.
 */
export { finiteDifferenceTopKBatch, topEigenpairsBatch } from './batchedEigen';
export { pgdRobustnessBatch } from './batchedRobustness';
export { robustnessVersusBounds, type BoundsBatchOptions, type BoundsRow } from './boundsBatch';
export { freezeNetwork, type FrozenNetwork } from './frozen';
export {
  lockstep,
  lockstepSettled,
  type BatchFn,
  type LockstepOutcome,
  type Submit,
} from './lockstep';
export { modelPointLoss, rowsLoss, type PointLoss } from './pointLoss';
export { normalCurvatureProfile, type NormalCurvatureProfile } from './profile';
