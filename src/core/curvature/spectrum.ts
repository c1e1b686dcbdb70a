/**
 * The spectrum of the input Hessian H = ∇ₓ²ℓ(x) of ONE input: top-k by Lanczos on exact
 * Hessian-vector products, or all d eigenvalues from the full d×d matrix built by batched HVPs.
 * Eigenvalues are in loss units (nats) per input unit²; eigenvectors are unit vectors in input
 * space, flat in x's row-major order (float64). Compare with PyTorch's
 * `torch.autograd.functional.hessian(lambda u: F.cross_entropy(model(u), y), x)` reshaped to d×d.
 */
import * as tf from '@tensorflow/tfjs';
import { symmetricEigen } from '../linalg/symmetricEigen';
import { dot, type Vector } from '../linalg/vector';
import { inputHvp, inputHvpFiniteDifference, type PerSampleLoss } from './inputDerivatives';
import { lanczosTopK, type HvpClosure, type LanczosOptions, type LanczosResult } from './lanczos';

function checkSingle(x: tf.Tensor): number {
  if (x.shape[0] !== 1) throw new Error(`x must hold one input, [1, …], got [${x.shape}]`);
  return x.size;
}

/**
 * v ↦ Hv for one input, as an async closure over flat float64 vectors (what Lanczos takes). Each
 * call uploads v as float32, runs one double-backprop HVP and reads the result back.
 * @param x [1, ...inputShape]; it must stay alive while the closure is used.
 */
export function inputHvpClosure(loss: PerSampleLoss, x: tf.Tensor): HvpClosure {
  checkSingle(x);
  return async (v: Vector) => {
    const hv = tf.tidy(() => inputHvp(loss, x, tf.tensor(Float32Array.from(v), x.shape)));
    try {
      return Float64Array.from(await hv.data());
    } finally {
      hv.dispose();
    }
  };
}

/**
 * The k largest eigenvalues of the input Hessian at x and their unit eigenvectors, by Lanczos
 * with full re-orthogonalization on exact HVPs (see lanczosTopK for the stopping rule).
 * @param x [1, ...inputShape].
 */
export function hessianTopK(
  loss: PerSampleLoss,
  x: tf.Tensor,
  options: LanczosOptions,
): Promise<LanczosResult> {
  return lanczosTopK(inputHvpClosure(loss, x), checkSingle(x), options);
}

/**
 * v ↦ (∇ℓ(x + hv) − ∇ℓ(x − hv)) / 2h for one input, as a closure like `inputHvpClosure` (one
 * batched gradient pass over the two points per call). For a smooth loss it tends to Hv as h → 0;
 * at a finite h it also sees the ReLU kinks between x − hv and x + hv, which exact HVPs cannot.
 * It is linear in v only in the limit: Lanczos feeds it unit vectors, so its h is the step length.
 * @param x [1, ...inputShape]; it must stay alive while the closure is used.
 * @param h step, input units (> 0).
 */
export function finiteDifferenceHvpClosure(
  loss: PerSampleLoss,
  x: tf.Tensor,
  h: number,
): HvpClosure {
  checkSingle(x);
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(`step h must be > 0, got ${h}`);
  return async (v: Vector) => {
    const hv = tf.tidy(() =>
      inputHvpFiniteDifference(loss, x, tf.tensor(Float32Array.from(v), x.shape), h),
    );
    try {
      return Float64Array.from(await hv.data());
    } finally {
      hv.dispose();
    }
  };
}

/**
 * Lanczos's Ritz pairs re-measured by the operator itself: θᵢ = yᵢᵀA(yᵢ) for each unit Ritz
 * vector yᵢ, re-sorted descending. For a symmetric linear A this changes θ by ~residual²; for the
 * finite-difference operator — which is not linear in v at a finite h (a kink makes it a step in
 * v) — Ritz values can overshoot every curvature the operator actually has (a single kink gives
 * 1.64 where no direction exceeds 1), while yᵀA(y) is the finite-difference curvature measured
 * along y. `hvp` is the operator the result came from.
 */
export async function remeasureRitz(
  hvp: HvpClosure,
  result: LanczosResult,
): Promise<LanczosResult> {
  // One product at a time: a lockstep `submit` takes one request per instance.
  const measured: { i: number; value: number }[] = [];
  for (const [i, y] of result.vectors.entries()) measured.push({ i, value: dot(y, await hvp(y)) });
  measured.sort((a, b) => b.value - a.value);
  return {
    ...result,
    values: Float64Array.from(measured, (m) => m.value),
    vectors: measured.map((m) => result.vectors[m.i]!),
    residuals: Float64Array.from(measured, (m) => result.residuals[m.i]!),
  };
}

/**
 * The finite-difference spectrum at step h: Lanczos (as `hessianTopK`) on the finite-difference
 * products of `finiteDifferenceHvpClosure`, each Ritz vector then re-measured (`remeasureRitz`):
 * value i is the finite-difference curvature yᵢᵀ(∇ℓ(x + hyᵢ) − ∇ℓ(x − hyᵢ))/2h along the i-th of k
 * orthonormal directions Lanczos found — for a ReLU network, the curvature at scale h, kinks
 * included, along the most curved directions found; for a smooth model it tends to the exact
 * top-k as h → 0 (exactly the eigenvalues for a quadratic, at any h).
 * @param x [1, ...inputShape]; @param h step, input units (> 0).
 */
export async function finiteDifferenceTopK(
  loss: PerSampleLoss,
  x: tf.Tensor,
  h: number,
  options: LanczosOptions,
): Promise<LanczosResult> {
  const hvp = finiteDifferenceHvpClosure(loss, x, h);
  return remeasureRitz(hvp, await lanczosTopK(hvp, checkSingle(x), options));
}

/** The full input Hessian of one input. */
export interface InputHessian {
  /** d. */
  readonly dimension: number;
  /** (M + Mᵀ)/2, row-major d×d, where row i of M is the HVP H·eᵢ in float32. */
  readonly matrix: Float64Array;
  /** max|M − Mᵀ| / max|M|: how far the float32 HVPs were from symmetric (rounding: ~1e-6). */
  readonly asymmetry: number;
}

/** H·eᵢ for i in [start, start + count): one batched HVP over `count` copies of x. */
function basisHvps(loss: PerSampleLoss, x: tf.Tensor, start: number, count: number): tf.Tensor {
  return tf.tidy(() => {
    const d = x.size;
    const shape = [count, ...x.shape.slice(1)];
    const copies = tf.reshape(tf.broadcastTo(tf.reshape(x, [1, d]), [count, d]), shape);
    const indices = tf.range(start, start + count, 1, 'int32') as tf.Tensor1D;
    // oneHot in its default int32, then cast: tfjs-wasm 4.22's OneHot ignores a float32 dtype and
    // writes int32 bits into the float tensor (1 reads as 1.4e-45), which zeroed every HVP on wasm.
    const basis = tf.reshape(tf.cast(tf.oneHot(indices, d), 'float32'), shape);
    // Rows are independent (per-sample losses are summed), so row r is H·e_(start+r).
    return tf.reshape(inputHvp(loss, copies, basis), [count, d]);
  });
}

function symmetrize(raw: Float64Array, d: number): InputHessian {
  const matrix = new Float64Array(d * d);
  let largest = 0;
  let skew = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const a = raw[i * d + j]!;
      const b = raw[j * d + i]!;
      matrix[i * d + j] = (a + b) / 2;
      largest = Math.max(largest, Math.abs(a));
      skew = Math.max(skew, Math.abs(a - b));
    }
  }
  return { dimension: d, matrix, asymmetry: largest > 0 ? skew / largest : 0 };
}

/**
 * The full d×d input Hessian at one input from d exact HVPs with the basis vectors, batched
 * `chunkSize` at a time (x replicated into the batch; memory grows with chunkSize × the model's
 * largest activation, ×~4 for double backprop), then symmetrized.
 * @param x [1, ...inputShape]; practical for d ≤ 784 (the result alone is d² float64s, 4.9 MB).
 * @param options.chunkSize basis vectors per batched HVP; default 196 (4 chunks for MNIST).
 */
export async function inputHessian(
  loss: PerSampleLoss,
  x: tf.Tensor,
  options: { readonly chunkSize?: number } = {},
): Promise<InputHessian> {
  const d = checkSingle(x);
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 196));
  const raw = new Float64Array(d * d);
  for (let start = 0; start < d; start += chunkSize) {
    const count = Math.min(chunkSize, d - start);
    const rows = basisHvps(loss, x, start, count);
    try {
      raw.set(await rows.data(), start * d);
    } finally {
      rows.dispose();
    }
  }
  return symmetrize(raw, d);
}

/** All eigenvalues of the input Hessian at one input, with timings. */
export interface FullSpectrum {
  /** λ₁ ≥ … ≥ λ_d (nats per input unit²). */
  readonly values: Float64Array;
  /** As InputHessian.asymmetry. */
  readonly asymmetry: number;
  /** Wall-clock milliseconds spent building H (HVPs) and in the eigensolver. */
  readonly hessianMs: number;
  readonly eigenMs: number;
}

/**
 * Every eigenvalue of the input Hessian at x: `inputHessian`, then a dense symmetric eigensolver
 * (ml-matrix, float64). For d = 784 the eigensolver alone takes ~5 s in node.
 * @param x [1, ...inputShape].
 */
export async function fullInputSpectrum(
  loss: PerSampleLoss,
  x: tf.Tensor,
  options: { readonly chunkSize?: number } = {},
): Promise<FullSpectrum> {
  const t0 = performance.now();
  const hessian = await inputHessian(loss, x, options);
  const t1 = performance.now();
  const { values } = symmetricEigen(hessian.matrix, hessian.dimension);
  const t2 = performance.now();
  return { values, asymmetry: hessian.asymmetry, hessianMs: t1 - t0, eigenMs: t2 - t1 };
}
