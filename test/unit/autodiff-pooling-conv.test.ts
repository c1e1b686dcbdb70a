import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { avgPool2dValid, maxPool2dValid, type Pair } from '../../src/core/autodiff/pooling';
import {
  expectNoLeak,
  hvpExact,
  hvpRichardson,
  normal,
  relativeError,
  take,
} from './autodiff-testkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

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
  ['3×3 stride 2, odd size', [2, 7, 7, 3], [3, 3], [2, 2]],
  ['2×2 stride 1 (overlapping)', [1, 5, 6, 1], [2, 2], [1, 1]],
  ['2×1 stride 1×2', [1, 6, 4, 2], [2, 1], [1, 2]],
];

describe.each(['max', 'avg'] as const)('%s pooling (valid)', (mode) => {
  const pool = mode === 'max' ? maxPool2dValid : avgPool2dValid;
  const native = (x: tf.Tensor4D, p: Pair, s: Pair) =>
    mode === 'max'
      ? tf.maxPool(x, [p[0], p[1]], [s[0], s[1]], 'valid')
      : tf.avgPool(x, [p[0], p[1]], [s[0], s[1]], 'valid');

  it.each(CONFIGS)(
    '%s: values equal the native tfjs op; HVP equals the float64 reference',
    (_n, shape, p, s) => {
      const { ours, theirs, hvp, xs, vs, cs } = expectNoLeak(() =>
        tf.tidy(() => {
          const x = normal(shape, 1) as tf.Tensor4D;
          const v = normal(shape, 2);
          const pooledShape = native(x, p, s).shape;
          const c = normal(pooledShape, 3);
          const f = (u: tf.Tensor) => tf.sum(tf.mul(c, tf.tanh(pool(u as tf.Tensor4D, p, s))));
          return {
            ours: take(pool(x, p, s)),
            theirs: take(native(x, p, s)),
            hvp: take(hvpExact(f, x, v)),
            xs: take(x),
            vs: take(v),
            cs: take(c),
          };
        }),
      );
      expect(ours).toEqual(theirs); // same selection / same kernel: bit-identical
      const reference = poolTanhHvp(poolMap(shape, xs, p, s, mode), xs, vs, cs);
      // float32 rounding of tanh″ and of the products (values O(1)).
      expect(relativeError(hvp, reference)).toBeLessThan(1e-5);
    },
  );
});

describe('max pooling ties', () => {
  it('sends the gradient to the first maximum in row-major window order (as PyTorch)', () => {
    const grad = expectNoLeak(() =>
      tf.tidy(() => {
        // Window 1: all equal; window 2: ties between positions 1 and 2.
        const x = tf.tensor4d([0, 0, 1, 3, 0, 0, 3, 2], [1, 2, 4, 1]);
        return take(
          tf.grad((u: tf.Tensor) => tf.sum(maxPool2dValid(u as tf.Tensor4D, [2, 2], [2, 2])))(x),
        );
      }),
    );
    expect(grad).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
  });
});

describe('convolutions under double backprop', () => {
  const settings: ['valid' | 'same', Pair][] = [
    ['valid', [1, 1]],
    ['same', [2, 2]],
    ['valid', [2, 1]],
  ];

  it.each(settings)('input HVP, padding %s, strides %j, vs finite differences', (pad, strides) => {
    const { exact, fd } = expectNoLeak(() =>
      tf.tidy(() => {
        const x = normal([2, 7, 6, 2], 4);
        const w = normal([3, 3, 2, 3], 5, 0.5);
        const v = normal([2, 7, 6, 2], 6);
        const f = (u: tf.Tensor) =>
          tf.sum(tf.tanh(tf.conv2d(u as tf.Tensor4D, w as tf.Tensor4D, [...strides], pad)));
        return { exact: take(hvpExact(f, x, v)), fd: take(hvpRichardson(f, x, v, 1e-2)) };
      }),
    );
    // Richardson FD at ε = 1e-2 (float32): O(ε⁴) truncation plus ~1e-5 rounding, measured
    // ≈ 1e-5; 1e-4 leaves margin, and a dropped or wrong term would be O(1e-1) or more.
    expect(relativeError(exact, fd)).toBeLessThan(1e-4);
  });

  it.each(settings)('weight HVP (Conv2DBackpropFilter), padding %s, strides %j', (pad, strides) => {
    const { exact, fd } = expectNoLeak(() =>
      tf.tidy(() => {
        const x = normal([2, 7, 6, 2], 7);
        const w = normal([3, 3, 2, 3], 8, 0.5);
        const v = normal([3, 3, 2, 3], 9);
        const f = (k: tf.Tensor) =>
          tf.sum(tf.tanh(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, [...strides], pad)));
        return { exact: take(hvpExact(f, w, v)), fd: take(hvpRichardson(f, w, v, 1e-2)) };
      }),
    );
    expect(relativeError(exact, fd)).toBeLessThan(1e-4); // same reasoning as the input HVP
  });
});

describe('depthwise convolutions under double backprop (used by max pooling)', () => {
  it.each([
    ['valid', [2, 1]],
    ['same', [1, 1]],
  ] as const)(
    'mixed ∇_F⟨∇ₓf, v⟩, padding %s, strides %j, vs finite differences in F',
    (pad, strides) => {
      const { exact, fd } = expectNoLeak(() =>
        tf.tidy(() => {
          const x = normal([2, 6, 5, 3], 14);
          const v = normal([2, 6, 5, 3], 15);
          const filter = normal([2, 3, 3, 2], 16, 0.5);
          const u = normal([2, 3, 3, 2], 17);
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
          const directional = tf.sum(tf.mul(tf.grad(g)(filter), u));
          const h = 1e-2;
          const at = (t: number) => g(tf.add(filter, tf.mul(t, u)));
          const central = (e: number) => tf.div(tf.sub(at(e), at(-e)), 2 * e);
          const richardson = tf.div(tf.sub(tf.mul(4, central(h / 2)), central(h)), 3);
          return { exact: take(directional), fd: take(richardson) };
        }),
      );
      // Richardson FD of a float32 scalar (testkit): ~1e-5 relative.
      expect(relativeError(exact, fd)).toBeLessThan(1e-4);
    },
  );
});
