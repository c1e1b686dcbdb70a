/**
 * Input-space curvature: input gradients, Hessian-vector products, CURE, Lanczos and spectra.
 *
 * Conventions, for comparing with PyTorch:
 * - ℓ is the per-sample cross-entropy of the logits, in nats: `F.cross_entropy(model(x), y,
 *   reduction='none')`, never a batch mean. A model ending in softmax is analyzed on its logits.
 * - Inputs are in the model's own units (no extra normalization). Flat vectors (gradients,
 *   directions, eigenvectors, Hessian rows) follow the tfjs NHWC row-major order; for one-channel
 *   images that is the same as PyTorch's NCHW `x.flatten()`, for several channels permute.
 * - H = ∇ₓ²ℓ(x) of one input, eigenvalues in nats per input unit², e.g.
 *   `torch.autograd.functional.hessian(lambda u: F.cross_entropy(model(u), y), x)` reshaped d×d,
 *   `torch.linalg.eigvalsh` sorted descending; HVPs are `torch.autograd.grad(g @ v, x)` with g
 *   from `create_graph=True`.
 * - CURE: z = sign(g)/‖sign(g)‖₂ (unit), d = ∇ℓ(x + hz) − ∇ℓ(x); 'paper' = ‖d‖², 'code' = ‖d‖.
 */
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
  finiteDifferenceHvpClosure,
  finiteDifferenceTopK,
  fullInputSpectrum,
  hessianTopK,
  inputHessian,
  inputHvpClosure,
  remeasureRitz,
  type FullSpectrum,
  type InputHessian,
} from './spectrum';
