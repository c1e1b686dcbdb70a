/// <reference types="vite/client" />
/**
 * Shared helpers for the autodiff, loss and model suites: backend selection, leak checks, float64
 * read-back, error norms, and exact vs finite-difference Hessian-vector products. No node APIs:
 * the suites run in node (cpu) and in headless Chromium (webgl, webgpu, wasm).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect } from 'vitest';
import { createRng } from '../../src/core/random';

/**
 * Makes `backend` active before the enclosing describe block's tests (fails loudly when it does
 * not initialize, instead of running the suite on whatever backend is left over). On webgl and
 * webgpu it also turns off the hand-off of small CPU-resident inputs to CPU kernels
 * (WEBGL_CPU_FORWARD, WEBGPU_CPU_FORWARD; below 128 resp. 1000 elements), which would otherwise
 * run most of these tiny tests through tfjs-cpu's shared code instead of the GPU shaders.
 */
export function useBackend(backend: string): void {
  beforeAll(async () => {
    if (backend === 'webgl') tf.env().set('WEBGL_CPU_FORWARD', false);
    if (backend === 'webgpu') tf.env().set('WEBGPU_CPU_FORWARD', false);
    expect(await tf.setBackend(backend), `backend ${backend} initializes`).toBe(true);
    await tf.ready();
    expect(tf.getBackend()).toBe(backend);
  });
}

/**
 * Prints a measured error as `ERR backend | what | value` when the tests run with
 * VITE_REPORT_ERRORS=1 (both projects), to re-measure the tolerance comments on another machine:
 * `VITE_REPORT_ERRORS=1 npx vitest run --project browser | grep ^ERR`.
 */
export function reportError(backend: string, what: string, error: number): void {
  if (import.meta.env.VITE_REPORT_ERRORS) {
    console.log(`ERR ${backend} | ${what} | ${error.toExponential(2)}`);
  }
}

/** Whether `backend` registers every kernel in `kernels` (for explicit, explained skips). */
export function hasKernels(backend: string, ...kernels: string[]): boolean {
  return kernels.every((k) => tf.getKernel(k, backend) !== undefined);
}

/** Runs `fn` and asserts that it leaves the number of live tensors unchanged. */
export function expectNoLeak<T>(fn: () => T): T {
  const before = tf.memory().numTensors;
  const result = fn();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

/** Async variant of expectNoLeak. */
export async function expectNoLeakAsync<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

/** The tensor's values as float64, then disposes it. Synchronous: cpu (node) only; suites that
 * also run on GPU backends use `read`/`readAll` (webgpu's synchronous read-back is a slow,
 * canvas-based fallback). */
export function take(t: tf.Tensor): number[] {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
}

/** The tensor's values as float64 (asynchronous read-back), then disposes it. */
export async function read(t: tf.Tensor): Promise<number[]> {
  try {
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

/** Reads every tensor of a record (as returned by tf.tidy) and disposes them all. */
export async function readAll<K extends string>(
  tensors: Record<K, tf.Tensor>,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(tensors) as K[];
  const values = await Promise.all(keys.map((k) => read(tensors[k])));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]!])) as Record<K, number[]>;
}

/** ‖a − b‖₂ / ‖b‖₂ (b is the reference), with a floor so tiny references don't blow it up. */
export function relativeError(a: readonly number[], b: readonly number[], floor = 1e-12): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), floor);
}

/** max |a − b|. */
export function maxAbsError(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, ai, i) => Math.max(m, Math.abs(ai - b[i]!)), 0);
}

/** A scalar-valued function of one tensor (e.g. the summed loss of a batch as a function of x). */
export type ScalarFn = (x: tf.Tensor) => tf.Tensor;

/** Exact Hessian-vector product H v = ∇ₓ⟨∇ₓf(x), v⟩ by double backprop; caller owns it. */
export function hvpExact(f: ScalarFn, x: tf.Tensor, v: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(u), v)))(x));
}

/** Central finite difference of gradients, (∇f(x + εv) − ∇f(x − εv)) / 2ε; caller owns it. */
export function hvpFiniteDifference(f: ScalarFn, x: tf.Tensor, v: tf.Tensor, eps: number) {
  return tf.tidy(() => {
    const plus = tf.grad(f)(tf.add(x, tf.mul(eps, v)));
    const minus = tf.grad(f)(tf.sub(x, tf.mul(eps, v)));
    return tf.div(tf.sub(plus, minus), 2 * eps);
  });
}

/**
 * Richardson-extrapolated central difference, (4·D(ε/2) − D(ε)) / 3: the ε² truncation term
 * cancels, leaving O(ε⁴) + float32 rounding ≈ 1e-7·‖∇f‖/ε. At ε = 1e-2 this is ~1e-5 relative
 * on smooth functions where the plain difference is off by ~1e-3. Caller owns the result.
 */
export function hvpRichardson(f: ScalarFn, x: tf.Tensor, v: tf.Tensor, eps: number): tf.Tensor {
  return tf.tidy(() => {
    const coarse = hvpFiniteDifference(f, x, v, eps);
    const fine = hvpFiniteDifference(f, x, v, eps / 2);
    return tf.div(tf.sub(tf.mul(4, fine), coarse), 3);
  });
}

/** Seeded standard normals as float32-representable numbers, scaled. */
export function normalValues(size: number, seed: number, scale = 1): number[] {
  const rng = createRng(seed);
  return Array.from({ length: size }, () => Math.fround(scale * rng.normal()));
}

/** A tensor of seeded standard normals, scaled; caller owns it. */
export function normal(shape: number[], seed: number, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(normalValues(size, seed, scale), shape);
}
