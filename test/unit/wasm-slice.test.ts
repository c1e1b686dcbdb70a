/**
 * The app's wasm Slice and Unpack (src/core/autodiff/wasmSlice.ts, replacing tfjs-wasm's, which
 * copy the whole input per call) against tfjs-cpu, bit for bit: every rank from 1 to 6,
 * contiguous and strided blocks, runs shorter and longer than the element-by-element threshold,
 * float32, int32 and bool, and string tensors handed to wasm's own kernels.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { isOurWasmKernel, registerWasmKernels } from '../../src/core/autodiff/wasmKernels';
import { liveTensors, onBackend, type BackendName } from '../kit';

registerWasmKernels();

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The same slice on both backends, read back as plain arrays. */
async function sliceOn(
  backend: BackendName,
  shape: number[],
  begin: number[],
  sliceSize: number[],
  dtype: 'float32' | 'int32' | 'bool',
) {
  return onBackend(backend, async () => {
    const values = Array.from({ length: size(shape) }, (_, i) =>
      dtype === 'bool' ? i % 3 === 0 : dtype === 'int32' ? i * 7 - 50 : Math.sin(i) * 100,
    );
    const x = tf.tensor(values as number[], shape, dtype);
    const out = tf.slice(x, begin, sliceSize);
    const got = Array.from(await out.data());
    tf.dispose([x, out]);
    return got;
  });
}

it('replaces Slice and Unpack on wasm', () => {
  expect(isOurWasmKernel('Slice')).toBe(true);
  expect(isOurWasmKernel('Unpack')).toBe(true);
});

describe('Slice on wasm equals tfjs-cpu', () => {
  // [shape, begin, size]
  const cases: [number[], number[], number[]][] = [
    [[10], [3], [5]],
    [
      [6, 40],
      [1, 0],
      [4, 40],
    ], // contiguous rows
    [
      [6, 40],
      [1, 3],
      [4, 30],
    ], // long strided runs
    [
      [6, 9],
      [2, 1],
      [3, 4],
    ], // short strided runs
    [
      [3, 4, 5],
      [1, 1, 0],
      [2, 3, 5],
    ],
    [
      [3, 4, 5],
      [0, 2, 1],
      [3, 1, 3],
    ],
    [
      [2, 3, 4, 5],
      [1, 0, 2, 0],
      [1, 3, 2, 5],
    ],
    [
      [2, 3, 4, 5, 2],
      [0, 1, 1, 2, 0],
      [2, 2, 3, 3, 2],
    ],
    [
      [2, 2, 3, 2, 4, 3],
      [1, 0, 1, 1, 0, 1],
      [1, 2, 2, 1, 4, 2],
    ],
    [
      [4, 5],
      [1, 2],
      [0, 3],
    ], // empty
  ];
  for (const dtype of ['float32', 'int32', 'bool'] as const) {
    it.each(cases)(`${dtype}: shape %j, begin %j, size %j`, async (shape, begin, sliceSize) => {
      const cpu = await sliceOn('cpu', shape, begin, sliceSize, dtype);
      const before = liveTensors();
      const wasm = await sliceOn('wasm', shape, begin, sliceSize, dtype);
      expect(liveTensors()).toBe(before);
      expect(wasm).toEqual(cpu);
    });
  }
});

describe('Unpack on wasm equals tfjs-cpu', () => {
  it.each([
    [[3, 4, 5], 0],
    [[3, 4, 5], 1],
    [[3, 4, 5], 2],
    [[3, 4, 5], -1],
    [[64, 2, 40], 1],
    [[2, 3, 2, 4, 2], 3],
  ] as const)('shape %j, axis %i', async (shape, axis) => {
    const unstack = (backend: BackendName) =>
      onBackend(backend, async () => {
        const x = tf.tensor(
          Array.from({ length: size(shape) }, (_, i) => i * 0.5),
          [...shape],
        );
        const parts = tf.unstack(x, axis);
        const got = await Promise.all(
          parts.map(async (p) => [p.shape, Array.from(await p.data())]),
        );
        tf.dispose([x, ...parts]);
        return got;
      });
    expect(await unstack('wasm')).toEqual(await unstack('cpu'));
  });

  it('hands string tensors to wasm’s own kernels', async () => {
    const got = await onBackend('wasm', async () => {
      const x = tf.tensor([
        ['a', 'b'],
        ['c', 'd'],
      ]);
      const rows = tf.unstack(x);
      const cols = tf.slice(x, [0, 1], [2, 1]);
      const out = [...(await Promise.all(rows.map((r) => r.array()))), await cols.array()];
      tf.dispose([x, ...rows, cols]);
      return out;
    });
    expect(got).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      [['b'], ['d']],
    ]);
  });
});
