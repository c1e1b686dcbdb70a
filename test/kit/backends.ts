/**
 * THE list of tfjs backends each test project runs on, and the one way a test picks a backend
 * (in the spirit of tfjs-core's jasmine_util): `describeOnBackends` registers one describe block
 * per backend whose beforeAll really switches to it (tf.setBackend + tf.ready, asserting
 * tf.getBackend()) and whose afterAll switches back. No node APIs: both projects import this.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { registerWasmKernels } from '../../src/core/autodiff/wasmKernels';

export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** tfjs's pure-JavaScript backend: IEEE float32 in plain loops, the reference the others are
 * measured against (tolerances are written for it; other backends get a stated slack). */
export const REFERENCE_BACKEND = 'cpu' satisfies BackendName;

/** The backends the node project (test/unit) can run: cpu, and wasm (tfjs-backend-wasm's node
 * build). Node test files that are not shared suites run on the reference backend. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const satisfies readonly BackendName[];

/** The backends the browser project (test/browser, headless Chromium) runs every shared suite on.
 * cpu is not in it: the node project runs the same suites on cpu. WebGPU and WebGL here are
 * SwiftShader software adapters (slow), so the suites keep their webgpu cases tiny. */
export const BROWSER_BACKENDS = [
  'webgl',
  'webgpu',
  'wasm',
] as const satisfies readonly BackendName[];

/**
 * Flags that hand ops on small CPU-resident inputs to tfjs-cpu kernels (below 128 elements on
 * webgl, 1000 on webgpu). Left on, most tiny test tensors would run through tfjs-cpu's code
 * instead of the backend's shaders, so the backend under test is set to run every op itself.
 */
const CPU_FORWARD_FLAGS: Partial<Record<BackendName, string>> = {
  webgl: 'WEBGL_CPU_FORWARD',
  webgpu: 'WEBGPU_CPU_FORWARD',
};

/**
 * Makes `backend` the active backend for the enclosing block (a describe, or the whole file at
 * top level): beforeAll switches to it and fails loudly when it does not initialize, instead of
 * running on whatever backend is left over; afterAll restores the previous backend and flags.
 * In the browser, webgpu and wasm are registered by test/kit/setup-browser.ts; in node, wasm is
 * loaded here on first use (so that its priority does not make it the default elsewhere).
 */
export function useBackend(backend: BackendName): void {
  const flag = CPU_FORWARD_FLAGS[backend];
  let previousBackend: string | null = null;
  let previousFlag: boolean | undefined;
  beforeAll(async () => {
    previousBackend = tf.getBackend() ?? null; // null until a backend is set; never starts one
    if (backend === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmKernels(); // the app's own (src/core/autodiff/wasmKernels.ts)
    }
    expect(await tf.setBackend(backend), `backend ${backend} initializes`).toBe(true);
    await tf.ready();
    expect(tf.getBackend()).toBe(backend);
    if (flag) {
      // Read on every op, so setting it once the backend is up (and its flags registered) works.
      previousFlag = tf.env().getBool(flag);
      tf.env().set(flag, false);
    }
  });
  afterAll(async () => {
    if (flag && previousFlag !== undefined) tf.env().set(flag, previousFlag);
    if (previousBackend && previousBackend !== backend) await tf.setBackend(previousBackend);
  });
}

/**
 * Registers `fn`'s tests once per backend, each inside `describe('<name> [<backend>]')` that
 * runs on that backend (see useBackend). `fn` receives the backend for tolerances and explicit,
 * explained skips (`it.skipIf(!hasKernels(backend, …))`).
 */
export function describeOnBackends<B extends BackendName>(
  name: string,
  backends: readonly B[],
  fn: (backend: B) => void,
): void {
  for (const backend of backends) {
    describe(`${name} [${backend}]`, () => {
      useBackend(backend);
      fn(backend);
    });
  }
}

/** Whether `backend` registers every kernel in `kernels` (for explicit, explained skips). */
export function hasKernels(backend: string, ...kernels: string[]): boolean {
  return kernels.every((k) => tf.getKernel(k, backend) !== undefined);
}

/** Runs `fn` with `backend` active (it must initialize); the previous backend is restored after. */
export async function onBackend<T>(backend: BackendName, fn: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  expect(await tf.setBackend(backend)).toBe(true);
  await tf.ready();
  try {
    return await fn();
  } finally {
    if (previous) await tf.setBackend(previous);
  }
}
