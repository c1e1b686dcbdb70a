/**
 * wasm's matrix multiplies with a transposed operand, which src/core/autodiff/wasmMatMul.ts sends
 * down the plain path (issue 14): every transpose combination and batch rank against tfjs-cpu,
 * the fused kernel with bias and activation, an MLP's input and weight gradients, no leaked
 * tensors, and no double wrapping.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { registerWasmKernels } from '../../src/core/autodiff/wasmKernels';
import { createRng } from '../../src/core/random';
import { maxAbsError, onBackend, read } from '../kit';

registerWasmKernels();

function uniform(shape: number[], seed: number): { values: Float32Array; shape: number[] } {
  const rng = createRng(seed);
  const count = shape.reduce((a, b) => a * b, 1);
  return { values: Float32Array.from({ length: count }, () => 2 * rng.uniform() - 1), shape };
}

/** `fn` of fresh tensors made from `inputs` on `backend`, read back; nothing left behind. */
async function compute(
  backend: 'cpu' | 'wasm',
  inputs: { values: Float32Array; shape: number[] }[],
  fn: (...tensors: tf.Tensor[]) => tf.Tensor,
): Promise<number[]> {
  return onBackend(backend, async () => {
    const before = tf.memory().numTensors;
    const tensors = inputs.map(({ values, shape }) => tf.tensor(values, shape));
    const out = fn(...tensors);
    const values = await read(out);
    tf.dispose([out, ...tensors]);
    expect(tf.memory().numTensors).toBe(before);
    return values;
  });
}

/** The shapes of a and b for C = op(a)·op(b) with op(a) [m, k] and op(b) [k, n]. */
function operandShapes(batch: number[], m: number, k: number, n: number, ta: boolean, tb: boolean) {
  return {
    a: [...batch, ...(ta ? [k, m] : [m, k])],
    b: [...batch, ...(tb ? [n, k] : [k, n])],
  };
}

describe('wasm matMul with transposed operands', () => {
  const cases = [
    { batch: [], m: 7, k: 5, n: 3 },
    { batch: [], m: 64, k: 128, n: 784 },
    { batch: [2], m: 4, k: 6, n: 5 },
    { batch: [2, 3], m: 3, k: 4, n: 2 },
    { batch: [], m: 1, k: 9, n: 1 },
  ];
  for (const { batch, m, k, n } of cases) {
    for (const [ta, tb] of [
      [false, true],
      [true, false],
      [true, true],
      [false, false],
    ] as const) {
      it(`[${batch}] ${m}×${k}·${k}×${n}, transposeA ${ta}, transposeB ${tb}: equals cpu`, async () => {
        const shapes = operandShapes(batch, m, k, n, ta, tb);
        const inputs = [uniform(shapes.a, 1), uniform(shapes.b, 2)];
        const mul = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, ta, tb);
        const wasm = await compute('wasm', inputs, mul);
        const cpu = await compute('cpu', inputs, mul);
        expect(wasm).toHaveLength(cpu.length);
        expect(maxAbsError(wasm, cpu)).toBeLessThan(1e-4 * Math.sqrt(k));
      });
    }
  }

  it('the fused kernel with a bias and relu, transposed operands: equals cpu', async () => {
    const inputs = [uniform([6, 4], 3), uniform([5, 6], 4), uniform([5], 5)];
    const fused = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
      tf.fused.matMul({ a, b, transposeA: true, transposeB: true, bias, activation: 'relu' });
    const wasm = await compute('wasm', inputs, fused);
    const cpu = await compute('cpu', inputs, fused);
    expect(maxAbsError(wasm, cpu)).toBeLessThan(1e-5);
    expect(wasm.some((v) => v === 0) && wasm.some((v) => v > 0)).toBe(true);
  });

  it("a dense layer's input and weight gradients (dy·Wᵀ, xᵀ·dy) equal cpu's", async () => {
    const inputs = [uniform([16, 20], 6), uniform([20, 8], 7)];
    const gradients = (x: tf.Tensor, w: tf.Tensor) =>
      tf.tidy(() => {
        const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(tf.tanh(tf.matMul(a, b)))),
        )([x, w]);
        return tf.concat([gx!.flatten(), gw!.flatten()]);
      });
    const wasm = await compute('wasm', inputs, gradients);
    const cpu = await compute('cpu', inputs, gradients);
    expect(maxAbsError(wasm, cpu)).toBeLessThan(1e-4);
  });

  it('wraps once: registering again keeps the same kernels', () => {
    const before = ['BatchMatMul', '_FusedMatMul'].map((name) => tf.getKernel(name, 'wasm'));
    registerWasmKernels();
    const after = ['BatchMatMul', '_FusedMatMul'].map((name) => tf.getKernel(name, 'wasm'));
    expect(after.map((k) => k?.kernelFunc)).toEqual(before.map((k) => k?.kernelFunc));
  });
});
