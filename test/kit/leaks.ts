/**
 * Tensor leak checks. Every test in both projects is checked automatically (setup.ts installs
 * `checkEveryTestForLeaks`); `expectNoLeak` is the stronger check of one call.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, expect } from 'vitest';

/** Tensors alive in the tfjs engine, on every backend. Read from the engine's state rather
 * than tf.memory(), which would start a backend (webgpu, in the browser) when none is set. */
export function liveTensors(): number {
  return tf.engine().state.numTensors;
}

/** Runs `fn` and asserts that it leaves the number of live tensors unchanged. */
export function expectNoLeak<T>(fn: () => T): T {
  const before = liveTensors();
  const result = fn();
  expect(liveTensors(), 'live tensors after the call').toBe(before);
  return result;
}

/** Async variant of expectNoLeak. */
export async function expectNoLeakAsync<T>(fn: () => Promise<T>): Promise<T> {
  const before = liveTensors();
  const result = await fn();
  expect(liveTensors(), 'live tensors after the call').toBe(before);
  return result;
}

/**
 * Fails every test that ends with more live tensors than it started with. Tolerance: zero (a
 * test may end with fewer: it may dispose what its describe block built at collection time).
 * Tensors a block shares between its tests belong in its beforeAll/afterAll, which run outside
 * this bracket (setup-file hooks run first in beforeEach and last in afterEach, so a file's own
 * beforeEach/afterEach pairs are inside it). A test that already failed is not also blamed for
 * the tensors its early exit left behind.
 */
export function checkEveryTestForLeaks(): void {
  let before = 0;
  beforeEach(() => {
    before = liveTensors();
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') return;
    const grown = liveTensors() - before;
    expect(grown, 'tensors left alive by this test (leak check)').toBeLessThanOrEqual(0);
  });
}
