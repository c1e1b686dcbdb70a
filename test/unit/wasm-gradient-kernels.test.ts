/**
 * The app's wasm gradient kernels (src/core/autodiff/wasmKernels.ts) against tfjs-cpu, in node:
 * Conv2DBackpropFilter, Conv2DBackpropInput (which replaces wasm's own) and
 * DepthwiseConv2dNativeBackpropInput on random inputs of several shapes, paddings, strides (and
 * dilations), then what they are for — the small CNN's weight gradient, a
 * PGD input gradient through its max pools, and CURE's double-backprop weight gradient — on wasm
 * against the same computation on cpu.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import {
  isOurWasmKernel,
  registerWasmKernels,
  WASM_GRADIENT_KERNEL_NAMES,
} from '../../src/core/autodiff/wasmKernels';
import { meanCrossEntropy } from '../../src/core/loss';
import { buildMnistCnn, logitsOf } from '../../src/core/models';
import type { HiddenActivation } from '../../src/core/names';
import { createRng } from '../../src/core/random';
import { cureTerms, trainStep, type CureSettings } from '../../src/core/training';
import { liveTensors, maxAbsError, onBackend, read, relativeError } from '../kit';
import { flatGradient } from '../suites/trainingKit';

registerWasmKernels();

function uniform(count: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => lo + (hi - lo) * rng.uniform());
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** One kernel call on the active backend, read back; inputs made and freed here. */
async function runKernel(
  name: string,
  inputs: Record<string, { values: Float32Array; shape: number[] }>,
  attrs: Record<string, unknown>,
): Promise<number[]> {
  const tensors: Record<string, tf.Tensor> = {};
  for (const [key, { values, shape }] of Object.entries(inputs)) {
    tensors[key] = tf.tensor(values, shape);
  }
  try {
    const out = tf.engine().runKernel(name, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
    const values = await read(out);
    out.dispose();
    return values;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

it('registers both kernels for wasm, once, and leaves the ones wasm has alone', () => {
  for (const name of WASM_GRADIENT_KERNEL_NAMES) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  const before = WASM_GRADIENT_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm'));
  registerWasmKernels();
  expect(WASM_GRADIENT_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm'))).toEqual(before);
});

it("replaces wasm's own Conv2DBackpropInput, Slice and Unpack with ours, once", () => {
  const names = ['Conv2DBackpropInput', 'Slice', 'Unpack'];
  for (const name of names) expect(isOurWasmKernel(name), name).toBe(true);
  const before = names.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
  registerWasmKernels();
  expect(names.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc)).toEqual(before);
});

/** [x shape, filter shape, strides, padding]: the CNN's two layers, then odd shapes. */
const CONV_CASES = [
  [[4, 28, 28, 1], [3, 3, 1, 8], [1, 1], 'valid'],
  [[4, 13, 13, 8], [3, 3, 8, 16], [1, 1], 'valid'],
  [[3, 9, 7, 2], [3, 2, 2, 5], [2, 1], 'same'],
  [[2, 10, 10, 3], [5, 5, 3, 4], [2, 3], 'same'],
  [[2, 10, 11, 3], [3, 3, 3, 4], [2, 2], 'valid'],
  [[1, 6, 6, 2], [1, 1, 2, 3], [1, 1], 'same'],
] as const;

describe('Conv2DBackpropFilter on wasm equals tfjs-cpu', () => {
  it.each(CONV_CASES)(
    'x %j, filter %j, strides %j, %s',
    async (xShape, filterShape, strides, pad) => {
      const info = tf.backend_util.computeConv2DInfo(
        [...xShape] as [number, number, number, number],
        [...filterShape] as [number, number, number, number],
        [...strides] as [number, number],
        1,
        pad,
      );
      const dyShape = [xShape[0], info.outHeight, info.outWidth, filterShape[3]];
      const inputs = {
        x: { values: uniform(size(xShape), 1), shape: [...xShape] },
        dy: { values: uniform(size(dyShape), 2), shape: dyShape },
      };
      const attrs = { strides, pad, dataFormat: 'NHWC', filterShape: [...filterShape] };
      const cpu = await onBackend('cpu', () => runKernel('Conv2DBackpropFilter', inputs, attrs));
      const before = liveTensors();
      const wasm = await onBackend('wasm', () => runKernel('Conv2DBackpropFilter', inputs, attrs));
      expect(liveTensors()).toBe(before);
      expect(wasm).toHaveLength(size(filterShape));
      // cpu sums in float64, ours in float32 (one matrix product): equal up to float32 rounding.
      expect(maxAbsError(wasm, cpu)).toBeLessThan(1e-5 * Math.max(...cpu.map(Math.abs)));
    },
  );
});

describe('Conv2DBackpropInput on wasm (ours) equals tfjs-cpu', () => {
  it.each(CONV_CASES)(
    'x %j, filter %j, strides %j, %s',
    async (xShape, filterShape, strides, pad) => {
      const info = tf.backend_util.computeConv2DInfo(
        [...xShape] as [number, number, number, number],
        [...filterShape] as [number, number, number, number],
        [...strides] as [number, number],
        1,
        pad,
      );
      const dyShape = [xShape[0], info.outHeight, info.outWidth, filterShape[3]];
      const inputs = {
        dy: { values: uniform(size(dyShape), 8), shape: dyShape },
        filter: { values: uniform(size(filterShape), 9), shape: [...filterShape] },
      };
      const attrs = { strides, pad, dataFormat: 'NHWC', inputShape: [...xShape] };
      const cpu = await onBackend('cpu', () => runKernel('Conv2DBackpropInput', inputs, attrs));
      const before = liveTensors();
      const wasm = await onBackend('wasm', () => runKernel('Conv2DBackpropInput', inputs, attrs));
      expect(liveTensors()).toBe(before);
      expect(wasm).toHaveLength(size(xShape));
      expect(maxAbsError(wasm, cpu)).toBeLessThan(1e-5 * Math.max(...cpu.map(Math.abs)));
    },
  );
});

describe('DepthwiseConv2dNativeBackpropInput on wasm equals tfjs-cpu', () => {
  // [input shape, filter shape, strides, dilations, padding]: the CNN's pools, then odd shapes.
  const cases = [
    [[4, 26, 26, 8], [2, 2, 8, 1], [2, 2], [1, 1], 'valid'],
    [[4, 11, 11, 16], [2, 2, 16, 1], [2, 2], [1, 1], 'valid'],
    [[2, 9, 8, 3], [3, 3, 3, 2], [1, 1], [1, 1], 'same'],
    [[2, 9, 8, 3], [3, 2, 3, 1], [2, 3], [1, 1], 'same'],
  ] as const;
  it.each(cases)(
    'input %j, filter %j, strides %j, dilations %j, %s',
    async (inputShape, filterShape, strides, dilations, pad) => {
      const info = tf.backend_util.computeConv2DInfo(
        [...inputShape] as [number, number, number, number],
        [...filterShape] as [number, number, number, number],
        [...strides] as [number, number],
        [...dilations] as [number, number],
        pad,
        undefined,
        true,
      );
      const dyShape = [inputShape[0], info.outHeight, info.outWidth, info.outChannels];
      const inputs = {
        dy: { values: uniform(size(dyShape), 3), shape: dyShape },
        filter: { values: uniform(size(filterShape), 4), shape: [...filterShape] },
      };
      const attrs = { strides, dilations, pad, inputShape: [...inputShape] };
      const name = 'DepthwiseConv2dNativeBackpropInput';
      const cpu = await onBackend('cpu', () => runKernel(name, inputs, attrs));
      const wasm = await onBackend('wasm', () => runKernel(name, inputs, attrs));
      expect(wasm).toHaveLength(size(inputShape));
      expect(maxAbsError(wasm, cpu)).toBeLessThan(1e-5 * Math.max(...cpu.map(Math.abs)));
    },
  );
});

it('refuses dilated depthwise gradients with a clear message (tfjs has none to match)', async () => {
  const inputs = {
    dy: { values: uniform(2 * 6 * 6 * 2, 5), shape: [2, 6, 6, 2] },
    filter: { values: uniform(3 * 3 * 2, 6), shape: [3, 3, 2, 1] },
  };
  const attrs = { strides: [1, 1], dilations: [2, 2], pad: 'valid', inputShape: [2, 10, 10, 2] };
  const before = liveTensors();
  await expect(
    onBackend('wasm', () => runKernel('DepthwiseConv2dNativeBackpropInput', inputs, attrs)),
  ).rejects.toThrow(/dilations must be 1/);
  expect(liveTensors()).toBe(before);
});

describe('the small CNN trains on wasm as on cpu', () => {
  const batch = () => {
    const rng = createRng(7);
    const x = tf.tensor4d(
      Float32Array.from({ length: 6 * 784 }, () => rng.uniform()),
      [6, 28, 28, 1],
    );
    return { x, y: tf.tensor1d([0, 3, 5, 7, 8, 9], 'int32') };
  };

  /** `measure` of a fresh seeded CNN on the active backend (model and batch freed). */
  const withCnn =
    <T>(
      activation: HiddenActivation,
      measure: (m: tf.LayersModel, b: ReturnType<typeof batch>) => Promise<T>,
    ) =>
    async () => {
      const model = buildMnistCnn({ seed: 5, activation });
      const b = batch();
      try {
        return await measure(model, b);
      } finally {
        model.dispose();
        tf.dispose([b.x, b.y]);
      }
    };

  it('weight gradient of the cross-entropy (conv, pool and dense layers)', async () => {
    const gradient = withCnn('relu', (model, b) =>
      flatGradient(model, () => meanCrossEntropy(logitsOf(model, b.x), b.y)),
    );
    const cpu = await onBackend('cpu', gradient);
    const wasm = await onBackend('wasm', gradient);
    expect(cpu.length).toBe(5258);
    expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
  });

  it('input gradient through both max pools (what PGD follows)', async () => {
    const gradient = withCnn('relu', (model, b) =>
      read(
        tf.tidy(() => tf.grad((x: tf.Tensor) => meanCrossEntropy(logitsOf(model, x), b.y))(b.x)),
      ),
    );
    const cpu = await onBackend('cpu', gradient);
    const wasm = await onBackend('wasm', gradient);
    expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
  });

  it("CURE's weight gradient (double backprop through conv and pool), smooth and ReLU", async () => {
    const settings: CureSettings = { method: 'cure', form: 'paper', gamma: 4, h: 0.5 };
    for (const activation of ['softplus', 'relu'] as const) {
      const gradient = withCnn(activation, (model, b) =>
        flatGradient(model, () => cureTerms(model, b.x, b.y, settings).objective),
      );
      const cpu = await onBackend('cpu', gradient);
      const wasm = await onBackend('wasm', gradient);
      expect(relativeError(wasm, cpu), activation).toBeLessThan(1e-4);
    }
  });

  it('a CURE and a PGD training step run on wasm, finite and as on cpu, leaking nothing', async () => {
    const step = (settings: Parameters<typeof trainStep>[2]) =>
      withCnn('relu', async (model, b) => {
        const optimizer = tf.train.adam(1e-3);
        const before = liveTensors();
        const metrics = await trainStep({ model, optimizer, rng: createRng(1) }, b, settings);
        const after = liveTensors();
        optimizer.dispose();
        return { loss: metrics.loss, finite: metrics.finite, leaked: after - before };
      });
    const pgd = {
      method: 'pgd',
      attack: {
        norm: 'linf',
        epsilon: 0.1,
        steps: 3,
        stepSize: 0.04,
        randomStart: false,
        range: [0, 1],
      },
    } as const;
    for (const settings of [{ method: 'cure', form: 'paper', gamma: 4, h: 0.5 } as const, pgd]) {
      const cpu = await onBackend('cpu', step(settings));
      const wasm = await onBackend('wasm', step(settings));
      expect(wasm.finite, settings.method).toBe(true);
      expect(Math.abs(wasm.loss - cpu.loss), settings.method).toBeLessThan(1e-4 * cpu.loss);
      // The optimizer's slots are the only tensors a first step may add (freed with it above).
      expect(wasm.leaked, settings.method).toBe(cpu.leaked);
    }
  });
});
