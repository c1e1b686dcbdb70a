/**
 * Second-order gradients of elementwise ops, softmax and piecewise-constant ops against float64
 * closed forms, on one backend. Tiny tensors (≤ 6 elements): cheap on every backend, webgpu's
 * software adapter included.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ensureSecondOrderGradients,
  SECOND_ORDER_KERNELS,
} from '../../src/core/autodiff/secondOrder';
import { applyActivation, type ActivationName } from '../../src/core/models/activations';
import {
  describeOnBackends,
  erf64,
  expectNoLeak,
  expectNoLeakAsync,
  maxAbsError,
  read,
  readAll,
  relativeError,
  reportError,
  type BackendName,
} from '../kit';

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
const PHI = (x: number) => 0.5 * (1 + erf64(x / Math.SQRT2));

/** f, f′, f″ in float64 closed form. */
type Closed = (x: number) => [number, number, number];

function geluTanh64(x: number): [number, number, number] {
  const c = Math.sqrt(2 / Math.PI);
  const a = 0.044715;
  const u = c * (x + a * x ** 3);
  const du = c * (1 + 3 * a * x * x);
  const ddu = 6 * a * c * x;
  const t = Math.tanh(u);
  const sech2 = 1 - t * t;
  return [
    0.5 * x * (1 + t),
    0.5 * (1 + t) + 0.5 * x * sech2 * du,
    sech2 * du + 0.5 * x * (-2 * t * sech2 * du * du + sech2 * ddu),
  ];
}

const CLOSED_FORMS: Record<Exclude<ActivationName, 'softmax' | 'linear'>, Closed> = {
  relu: (x) => (x > 0 ? [x, 1, 0] : [0, 0, 0]),
  elu: (x) => (x > 0 ? [x, 1, 0] : [Math.exp(x) - 1, Math.exp(x), Math.exp(x)]),
  sigmoid: (x) => {
    const s = sig(x);
    return [s, s * (1 - s), s * (1 - s) * (1 - 2 * s)];
  },
  tanh: (x) => {
    const t = Math.tanh(x);
    return [t, 1 - t * t, -2 * t * (1 - t * t)];
  },
  softplus: (x) => [Math.log1p(Math.exp(x)), sig(x), sig(x) * (1 - sig(x))],
  gelu: (x) => [x * PHI(x), PHI(x) + x * phi(x), phi(x) * (2 - x * x)],
  gelu_new: geluTanh64,
  swish: (x) => {
    const s = sig(x);
    return [x * s, s + x * s * (1 - s), 2 * s * (1 - s) + x * s * (1 - s) * (1 - 2 * s)];
  },
};

// Away from 0, where ReLU and ELU have their kink.
const POINTS = [-2.7, -1.3, -0.45, 0.2, 0.9, 2.2];

type Fn = (x: tf.Tensor) => tf.Tensor;
const d1 = (f: Fn) => (x: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(f(u)))(x);
const d2 = (f: Fn) => (x: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(d1(f)(u)))(x);

/** Values, first and second derivatives of f at POINTS, and d²/dx² of x·f(x). */
function derivatives(f: Fn) {
  return expectNoLeakAsync(() =>
    readAll(
      tf.tidy(() => {
        const x = tf.tensor1d(POINTS);
        const xf = (u: tf.Tensor) => tf.mul(u, f(u));
        return { f: f(x), d1: d1(f)(x), d2: d2(f)(x), xf2: d2(xf)(x) };
      }),
    ),
  );
}

/** max over i of |a − b| / max(1, |b|): the error measure the elementwise tolerances bound. */
function scaledError(actual: number[], expected: number[]): number {
  return actual.reduce(
    (m, a, i) => Math.max(m, Math.abs(a - expected[i]!) / Math.max(1, Math.abs(expected[i]!))),
    0,
  );
}

/** |a − b| ≤ tol · max(1, |b|) elementwise. */
function expectClose(actual: number[], expected: number[], tol: number): void {
  actual.forEach((a, i) => {
    const b = expected[i]!;
    expect(Math.abs(a - b), `at ${POINTS[i]}: ${a} vs ${b}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(b)),
    );
  });
}

/** The second-order autodiff suite, once on each of `backends` (test/kit/backends.ts). */
export function secondOrderSuite(backends: readonly BackendName[]): void {
  describeOnBackends('second-order gradients', backends, (backend) => {
    // applyActivation alone does not register the gradients (logitsOf and the loss do).
    beforeAll(() => ensureSecondOrderGradients());
    elementwiseTests(backend);
    reRegistrationTests();
    softmaxTests(backend);
    piecewiseConstantTests(backend);
  });
}

function elementwiseTests(backend: string): void {
  // float32 rounding, ~1e-7 relative per op over a few dozen ops, plus tfjs's erf polynomial
  // (|error| ≤ 1.5e-7): 1e-5 of max(1, |value|) has margin, yet is 1e3× below the terms a broken
  // gradient drops (O(0.1–1) here). Measured max over all ops and orders: cpu 1.6e-7, webgl
  // 3.8e-7, webgpu 3.8e-7, wasm 1.6e-7 (SwiftShader's exp/tanh are a little less exact).
  const tol = 1e-5;
  describe('elementwise ops: first and second derivatives vs float64 closed forms', () => {
    const cases: [string, Fn, Closed][] = [
      ...Object.entries(CLOSED_FORMS).map(([name, closed]): [string, Fn, Closed] => [
        name,
        (x) => applyActivation(name as ActivationName, x),
        closed,
      ]),
      ['Exp', tf.exp, (x) => [Math.exp(x), Math.exp(x), Math.exp(x)]],
      [
        'Erf',
        tf.erf,
        (x) => {
          const d = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
          return [erf64(x), d, -2 * x * d];
        },
      ],
    ];
    it.each(cases)('%s', async (name, f, closed) => {
      const got = await derivatives(f);
      const ref = POINTS.map(closed);
      const expected = {
        f: ref.map((r) => r[0]),
        d1: ref.map((r) => r[1]),
        d2: ref.map((r) => r[2]),
        // d²/dx² [x f(x)] = 2f′ + x f″: the inner gradient also depends on x through the
        // product, which is where the built-in gradients drop f″ *silently* instead of throwing.
        xf2: ref.map((r, i) => 2 * r[1] + POINTS[i]! * r[2]),
      };
      for (const key of ['f', 'd1', 'd2', 'xf2'] as const) {
        reportError(backend, `${name} ${key}`, scaledError(got[key], expected[key]));
        expectClose(got[key], expected[key], tol);
      }
    });
  });
}

function reRegistrationTests(): void {
  describe('the built-in gradient bug, and re-registration', () => {
    it('a saved-output Tanh gradient drops f″ silently; ensureSecondOrderGradients fixes it', async () => {
      const builtInStyle = {
        kernelName: 'Tanh',
        outputsToSave: [true],
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => ({
          x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(saved[0]!))),
        }),
      };
      const xf2 = () => tf.tidy(() => d2((u) => tf.mul(u, tf.tanh(u)))(tf.tensor1d(POINTS)));
      tf.registerGradient(builtInStyle);
      let brokenTensor: tf.Tensor;
      try {
        brokenTensor = xf2();
      } finally {
        ensureSecondOrderGradients();
      }
      const broken = await read(brokenTensor);
      const fixed = await read(xf2());
      const exact = POINTS.map((x) => {
        const [, f1, f2] = CLOSED_FORMS.tanh(x);
        return 2 * f1 + x * f2;
      });
      // The broken value is 2f′ (x·f″ missing): off by far more than rounding (|x f″| ≥ 0.09).
      expect(maxAbsError(broken, exact)).toBeGreaterThan(0.05);
      expect(maxAbsError(fixed, exact)).toBeLessThan(1e-5); // float32 rounding, as above
    });

    it('is idempotent, creates no tensors, and registers every listed kernel', () => {
      const before = SECOND_ORDER_KERNELS.map((k) => tf.getGradient(k));
      expectNoLeak(() => ensureSecondOrderGradients());
      expect(SECOND_ORDER_KERNELS.map((k) => tf.getGradient(k))).toEqual(before);
      expect(SECOND_ORDER_KERNELS).toEqual(
        expect.arrayContaining(['Exp', 'Softmax', 'Sigmoid', 'Tanh', 'Elu', 'Equal', 'Greater']),
      );
    });
  });
}

function softmaxTests(backend: string): void {
  describe('softmax', () => {
    // f(z) = cᵀ softmax(z) + ½‖z‖²: the ½‖z‖² path keeps the inner gradient connected to z, so a
    // dropped softmax term would go unnoticed without this check.
    const c = [0.3, -1.2, 0.8, 2.0];
    const z0 = [0.5, -0.3, 1.1, 0.2];
    const v = [1.0, -0.5, 0.25, 0.7];
    function grad64(z: number[]): number[] {
      const m = Math.max(...z);
      const e = z.map((zi) => Math.exp(zi - m));
      const total = e.reduce((a, b) => a + b, 0);
      const s = e.map((ei) => ei / total);
      const cs = s.reduce((a, si, i) => a + si * c[i]!, 0);
      return s.map((si, i) => si * (c[i]! - cs) + z[i]!);
    }
    it('Hessian-vector product vs float64 finite differences of the closed-form gradient', async () => {
      const h = 1e-6; // float64 central difference: error ~h² + 1e-16/h ≈ 1e-10
      const plus = grad64(z0.map((zi, i) => zi + h * v[i]!));
      const minus = grad64(z0.map((zi, i) => zi - h * v[i]!));
      const reference = plus.map((p, i) => (p - minus[i]!) / (2 * h));
      const got = await expectNoLeakAsync(() =>
        read(
          tf.tidy(() => {
            const f = (z: tf.Tensor) =>
              tf.add(tf.sum(tf.mul(c, tf.softmax(z))), tf.mul(0.5, tf.sum(tf.square(z))));
            const vt = tf.tensor1d(v);
            return tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(z), vt)))(tf.tensor1d(z0));
          }),
        ),
      );
      const error = relativeError(got, reference);
      reportError(backend, 'softmax HVP', error);
      // float32 rounding over ~20 ops on O(1) values; measured ≤ 4.4e-8 on every backend.
      expect(error).toBeLessThan(1e-5);
    });
  });
}

function piecewiseConstantTests(backend: string): void {
  describe('piecewise-constant ops inside first-order gradients', () => {
    const x0 = [-1.7, -0.6, 0.4, 1.3];
    const cases: [string, Fn, (x: number) => number][] = [
      // where → Greater, Select, LogicalNot
      [
        'where',
        (x) => tf.where(tf.greater(x, 0), tf.pow(x, 3), tf.square(x)),
        (x) => (x > 0 ? 6 * x : 2),
      ],
      // maximum → GreaterEqual, Less
      ['maximum', (x) => tf.square(tf.maximum(x, tf.mul(0.5, x))), (x) => (x > 0 ? 2 : 0.5)],
      // minimum → LessEqual, Greater
      ['minimum', (x) => tf.square(tf.minimum(x, tf.mul(0.5, x))), (x) => (x > 0 ? 0.5 : 2)],
      // clipByValue → GreaterEqual, LessEqual, LogicalAnd
      [
        'clipByValue',
        (x) => tf.mul(tf.square(x), tf.clipByValue(x, -1, 1)),
        (x) => (Math.abs(x) < 1 ? 6 * x : 2 * Math.sign(x)),
      ],
      // elu's own gradient → Greater, Minimum, Select
      ['elu', (x) => tf.elu(x), (x) => (x > 0 ? 0 : Math.exp(x))],
    ];
    it.each(cases)('%s: second derivative', async (name, f, second) => {
      const got = await expectNoLeakAsync(() => read(tf.tidy(() => d2(f)(tf.tensor1d(x0)))));
      const error = maxAbsError(got, x0.map(second));
      reportError(backend, `${name} d2`, error);
      // float32 rounding of O(10) values; measured max 2.9e-7 (cpu, wasm), 1.9e-7 (webgl, webgpu).
      expect(error).toBeLessThan(1e-5);
    });

    it('reduce max (Max → Equal): d²/dx² of max(x)³ is 6·max at the argmax', async () => {
      const got = await expectNoLeakAsync(() =>
        read(tf.tidy(() => d2((x) => tf.pow(tf.max(x), 3))(tf.tensor1d(x0)))),
      );
      const error = maxAbsError(got, [0, 0, 0, 6 * 1.3]);
      reportError(backend, 'max d2', error);
      expect(error).toBeLessThan(1e-5); // float32 rounding
    });
  });
}
