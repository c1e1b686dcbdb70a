/**
 * Pooling and convolutions under double backprop, on one backend: max/avg pooling HVPs against
 * an exact float64 reference, max-pool tie breaking, and convolution HVPs (input, weight, and the
 * depthwise convolutions max pooling is built from) against exact float64 values. All
 * tensors ≤ 4-D and ≤ 300 elements (webgpu's software adapter is slow and dislikes > 4-D).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { avgPool2dValid, maxPool2dValid, type Pair } from '../../src/core/autodiff/pooling';
import {
  conv64,
  conv64FilterAdjoint,
  conv64InputAdjoint,
  convTriples,
  describeOnBackends,
  expectNoLeakAsync,
  hasKernels,
  hvpExact,
  normal,
  read,
  readAll,
  relativeError,
  reportError,
  tanhSecond,
  type BackendName,
} from '../kit';

/** Valid pooling as a sparse linear map (float64): pooled[j] = Σₖ weight[j][k]·x[index[j][k]]. */
interface PoolMap {
  index: number[][];
  weight: number[][];
}

function poolMap(shape: number[], x: number[], pool: Pair, strides: Pair, mode: 'max' | 'avg') {
  const [b, h, w, c] = shape as [number, number, number, number];
  const ho = Math.floor((h - pool[0]) / strides[0]) + 1;
  const wo = Math.floor((w - pool[1]) / strides[1]) + 1;
  const map: PoolMap = { index: [], weight: [] };
  const flat = (n: number, i: number, j: number, ch: number) => ((n * h + i) * w + j) * c + ch;
  for (let n = 0; n < b; n++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let ch = 0; ch < c; ch++) {
          const window: number[] = [];
          for (let di = 0; di < pool[0]; di++)
            for (let dj = 0; dj < pool[1]; dj++)
              window.push(flat(n, i * strides[0] + di, j * strides[1] + dj, ch));
          if (mode === 'avg') {
            map.index.push(window);
            map.weight.push(window.map(() => 1 / window.length));
          } else {
            // First maximum in row-major window order, as PyTorch.
            const best = window.reduce((a, k) => (x[k]! > x[a]! ? k : a), window[0]!);
            map.index.push([best]);
            map.weight.push([1]);
          }
        }
  return map;
}

const apply = (m: PoolMap, x: readonly number[]) =>
  m.index.map((idx, j) => idx.reduce((s, k, t) => s + m.weight[j]![t]! * x[k]!, 0));

/** Float64 HVP of F(x) = Σ c ⊙ tanh(pool(x)): Aᵀ(c ⊙ tanh″(Ax) ⊙ Av). */
function poolTanhHvp(m: PoolMap, x: number[], v: number[], c: number[]): number[] {
  const px = apply(m, x);
  const pv = apply(m, v);
  const out = new Array<number>(x.length).fill(0);
  m.index.forEach((idx, j) => {
    const t = Math.tanh(px[j]!);
    const coef = c[j]! * -2 * t * (1 - t * t) * pv[j]!;
    idx.forEach((k, q) => (out[k]! += m.weight[j]![q]! * coef));
  });
  return out;
}

const CONFIGS: [string, number[], Pair, Pair][] = [
  ['2×2 stride 2', [1, 6, 6, 2], [2, 2], [2, 2]],
  ['2×2 stride 2, odd size (last row and column dropped)', [1, 7, 5, 2], [2, 2], [2, 2]],
  ['3×3 stride 2, odd size', [2, 7, 7, 3], [3, 3], [2, 2]],
  ['2×2 stride 1 (overlapping)', [1, 5, 6, 1], [2, 2], [1, 1]],
  ['2×1 stride 1×2', [1, 6, 4, 2], [2, 1], [1, 2]],
];

/** The pooling and convolution suite, once on each of `backends` (test/kit/backends.ts). */
export function poolingConvSuite(backends: readonly BackendName[]): void {
  describeOnBackends('pooling and convolutions under double backprop', backends, (backend) => {
    poolingTests(backend);
    tieTests(backend);
    convolutionTests(backend);
  });
}

/**
 * maxPool2dValid extracts overlapping windows with depthwise convolutions; their input gradient
 * is the DepthwiseConv2dNativeBackpropInput kernel, which tfjs-backend-wasm 4.22 lacks (ours is
 * registered by registerWasmKernels).
 */
const maxPoolGradientKernels = ['DepthwiseConv2dNativeBackpropInput'];

function poolingTests(backend: string): void {
  describe.each(['max', 'avg'] as const)('%s pooling (valid)', (mode) => {
    const pool = mode === 'max' ? maxPool2dValid : avgPool2dValid;
    const native = (x: tf.Tensor4D, p: Pair, s: Pair) =>
      mode === 'max'
        ? tf.maxPool(x, [p[0], p[1]], [s[0], s[1]], 'valid')
        : tf.avgPool(x, [p[0], p[1]], [s[0], s[1]], 'valid');
    const canDifferentiate = mode === 'avg' || hasKernels(backend, ...maxPoolGradientKernels);

    it.each(CONFIGS)('%s: values equal the native tfjs op', async (_n, shape, p, s) => {
      const { ours, theirs } = await expectNoLeakAsync(() =>
        readAll(
          tf.tidy(() => {
            const x = normal(shape, 1) as tf.Tensor4D;
            return { ours: pool(x, p, s), theirs: native(x, p, s) };
          }),
        ),
      );
      expect(ours).toEqual(theirs); // same selection / same kernel: bit-identical
    });

    it.skipIf(!canDifferentiate).each(CONFIGS)(
      '%s: HVP equals the float64 reference',
      async (_n, shape, p, s) => {
        const got = await expectNoLeakAsync(() =>
          readAll(
            tf.tidy(() => {
              const x = normal(shape, 1) as tf.Tensor4D;
              const v = normal(shape, 2);
              const c = normal(native(x, p, s).shape, 3);
              const f = (u: tf.Tensor) => tf.sum(tf.mul(c, tf.tanh(pool(u as tf.Tensor4D, p, s))));
              return { hvp: hvpExact(f, x, v), xs: x, vs: v, cs: c };
            }),
          ),
        );
        const reference = poolTanhHvp(poolMap(shape, got.xs, p, s, mode), got.xs, got.vs, got.cs);
        const error = relativeError(got.hvp, reference);
        reportError(backend, `${mode} pool HVP ${shape}`, error);
        // float32 rounding of tanh″ and of the products (values O(1)). Measured max, cpu/webgl/
        // webgpu/wasm: max 1.2e-7/3.8e-7/3.8e-7/–, avg 6.7e-8/2.7e-7/2.7e-7/9.8e-8.
        expect(error).toBeLessThan(1e-5);
      },
    );
  });
}

function tieTests(backend: string): void {
  describe('max pooling ties', () => {
    it.skipIf(!hasKernels(backend, ...maxPoolGradientKernels))(
      'sends the gradient to the first maximum in row-major window order (as PyTorch)',
      async () => {
        const grad = await expectNoLeakAsync(() =>
          read(
            tf.tidy(() => {
              // Window 1: all equal; window 2: ties between positions 1 and 2.
              const x = tf.tensor4d([0, 0, 1, 3, 0, 0, 3, 2], [1, 2, 4, 1]);
              return tf.grad((u: tf.Tensor) =>
                tf.sum(maxPool2dValid(u as tf.Tensor4D, [2, 2], [2, 2])),
              )(x);
            }),
          ),
        );
        expect(grad).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
      },
    );
  });
}

function convolutionTests(backend: string): void {
  const settings: ['valid' | 'same', Pair][] = [
    ['valid', [1, 1]],
    ['same', [2, 2]],
    ['valid', [2, 1]],
  ];
  const xShape = [2, 7, 6, 2];
  const wShape = [3, 3, 2, 3];
  const conv = (x: tf.Tensor, w: tf.Tensor, pad: 'valid' | 'same', strides: Pair) =>
    tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, [...strides], pad);

  describe('convolutions under double backprop, vs exact float64 HVPs', () => {
    it.each(settings)('input HVP, padding %s, strides %j', async (pad, strides) => {
      const got = await expectNoLeakAsync(() =>
        readAll(
          tf.tidy(() => {
            const x = normal(xShape, 4);
            const w = normal(wShape, 5, 0.5);
            const v = normal(xShape, 6);
            const f = (u: tf.Tensor) => tf.sum(tf.tanh(conv(u, w, pad, strides)));
            return { hvp: hvpExact(f, x, v), x, w, v };
          }),
        ),
      );
      // F(x) = Σ tanh(Cx): H v = Cᵀ(tanh″(Cx) ⊙ Cv), exactly, in float64.
      const t = convTriples(xShape, wShape, strides, pad);
      const z = conv64(t, got.x, got.w);
      const cv = conv64(t, got.v, got.w);
      const reference = conv64InputAdjoint(
        t,
        z.map((zi, i) => tanhSecond(zi) * cv[i]!),
        got.w,
        got.x.length,
      );
      const error = relativeError(got.hvp, reference);
      reportError(backend, `conv input HVP ${pad} ${strides}`, error);
      // float32 rounding of sums of ≤ 18 products of O(1) terms. Measured max, cpu/webgl/webgpu/
      // wasm: 2.2e-7/3.5e-7/3.8e-7/2.5e-7 (Richardson finite differences, which this replaced,
      // were only good to ~2e-5).
      expect(error).toBeLessThan(1e-5);
    });

    // Weight gradients of conv2d are the Conv2DBackpropFilter kernel (absent on wasm in 4.22).
    it.skipIf(!hasKernels(backend, 'Conv2DBackpropFilter')).each(settings)(
      'weight HVP (Conv2DBackpropFilter), padding %s, strides %j',
      async (pad, strides) => {
        const got = await expectNoLeakAsync(() =>
          readAll(
            tf.tidy(() => {
              const x = normal(xShape, 7);
              const w = normal(wShape, 8, 0.5);
              const v = normal(wShape, 9);
              const f = (k: tf.Tensor) => tf.sum(tf.tanh(conv(x, k, pad, strides)));
              return { hvp: hvpExact(f, w, v), x, w, v };
            }),
          ),
        );
        // F(w) = Σ tanh(C_x w): H v = C_xᵀ(tanh″(C_x w) ⊙ C_x v), exactly, in float64.
        const t = convTriples(xShape, wShape, strides, pad);
        const z = conv64(t, got.x, got.w);
        const cv = conv64(t, got.x, got.v);
        const reference = conv64FilterAdjoint(
          t,
          z.map((zi, i) => tanhSecond(zi) * cv[i]!),
          got.x,
          got.w.length,
        );
        const error = relativeError(got.hvp, reference);
        reportError(backend, `conv weight HVP ${pad} ${strides}`, error);
        // float32 rounding of sums of ≤ 84 products of O(1) terms. Measured max, cpu/webgl/
        // webgpu: 2.8e-7/3.4e-7/2.7e-7.
        expect(error).toBeLessThan(1e-5);
      },
    );
  });

  describe('depthwise convolutions under double backprop (used by max pooling)', () => {
    // Needs both adjoints of DepthwiseConv2dNativeBackpropInput: absent on wasm in 4.22, as is
    // DepthwiseConv2dNativeBackpropFilter.
    const kernels = ['DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter'];
    it.skipIf(!hasKernels(backend, ...kernels)).each([
      ['valid', [2, 1]],
      ['same', [1, 1]],
    ] as const)(
      'mixed ∇_F⟨∇ₓf, v⟩, padding %s, strides %j, vs the exact float64 value',
      async (pad, strides) => {
        const shapes = { x: [2, 6, 5, 3], filter: [2, 3, 3, 2] };
        const got = await expectNoLeakAsync(() =>
          readAll(
            tf.tidy(() => {
              const x = normal(shapes.x, 14);
              const v = normal(shapes.x, 15);
              const filter = normal(shapes.filter, 16, 0.5);
              const u = normal(shapes.filter, 17);
              // g(F) = ⟨∇ₓ Σ tanh(depthwise(x, F)), v⟩; its F-gradient needs the registered
              // DepthwiseConv2dNativeBackpropInput gradient (both the dy and the filter adjoint).
              const g = (f: tf.Tensor) =>
                tf.sum(
                  tf.mul(
                    v,
                    tf.grad((y: tf.Tensor) =>
                      tf.sum(
                        tf.tanh(
                          tf.depthwiseConv2d(y as tf.Tensor4D, f as tf.Tensor4D, [...strides], pad),
                        ),
                      ),
                    )(x),
                  ),
                );
              return { exact: tf.sum(tf.mul(tf.grad(g)(filter), u)), x, v, filter, u };
            }),
          ),
        );
        // D is bilinear, so g(F) = Σ tanh′(D(x, F)) ⊙ D(v, F), and its derivative along u is
        // Σ tanh″(D(x, F)) ⊙ D(x, u) ⊙ D(v, F) + tanh′(D(x, F)) ⊙ D(v, u), in float64.
        const t = convTriples(shapes.x, shapes.filter, strides, pad, true);
        const z = conv64(t, got.x, got.filter);
        const xu = conv64(t, got.x, got.u);
        const vf = conv64(t, got.v, got.filter);
        const vu = conv64(t, got.v, got.u);
        const reference = z.reduce(
          (s, zi, i) => s + tanhSecond(zi) * xu[i]! * vf[i]! + (1 - Math.tanh(zi) ** 2) * vu[i]!,
          0,
        );
        const error = relativeError(got.exact, [reference]);
        reportError(backend, `depthwise mixed ${pad} ${strides}`, error);
        // A float32 scalar from sums of ~200 products of O(1) terms with cancellation. Measured,
        // cpu/webgl/webgpu: 1.4e-6/8.2e-7/8.2e-7 (float32 Richardson differences: up to 1.7e-4).
        expect(error).toBeLessThan(1e-5);
      },
    );
  });
}
