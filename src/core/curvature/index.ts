/** Input-space curvature: input gradients, Hessian-vector products, CURE, Lanczos and spectra. */
export {
  crossEntropyLoss,
  cureCurvature,
  cureDirection,
  inputHvp,
  inputHvpFiniteDifference,
  lossAndInputGradient,
  modelLogits,
  normalCurvature,
  rayleighQuotient,
  rowDot,
  rowNorm,
  type CureForm,
  type LogitsFn,
  type PerSampleLoss,
} from './inputDerivatives';
export { lanczosTopK, type HvpClosure, type LanczosOptions, type LanczosResult } from './lanczos';
export {
  fullInputSpectrum,
  hessianTopK,
  inputHessian,
  inputHvpClosure,
  type FullSpectrum,
  type InputHessian,
} from './spectrum';
