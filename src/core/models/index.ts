/** Models: builders, the twice-differentiable forward pass to logits, and weight utilities. */
export {
  applyActivation,
  asActivationName,
  SUPPORTED_ACTIVATIONS,
  type ActivationName,
} from './activations';
export {
  buildMlp,
  buildMnistCnn,
  buildMnistMlp,
  buildToyMlp,
  type BuildOptions,
  type MlpOptions,
} from './build';
export { logitsOf, planOf } from './forward';
export { buildPlan, SUPPORTED_LAYERS, type ForwardPlan, type ForwardStep } from './plan';
export {
  copyWeights,
  disposeModel,
  disposeSnapshot,
  readHostTensors,
  readHostWeights,
  restoreWeights,
  snapshotFromHost,
  snapshotWeights,
  trainableVariables,
  type HostWeights,
  type WeightSnapshot,
} from './weights';
