import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  crossEntropyLoss,
  cureCurvature,
  cureDirection,
  inputHvp,
  inputHvpFiniteDifference,
  lossAndInputGradient,
  modelLogits,
  normalCurvature,
  rayleighQuotient,
} from '../../src/core/curvature';
import {
  buildMlp,
  buildMnistCnn,
  buildMnistMlp,
  disposeModel,
  planOf,
} from '../../src/core/models';
import { createRng } from '../../src/core/random';
import {
  expectNoLeak,
  hvp64,
  lossAndGrad64,
  readSync,
  REFERENCE_BACKEND,
  relativeError,
  useBackend,
  weights64,
} from '../kit';

useBackend(REFERENCE_BACKEND);

interface Case {
  name: string;
  build: () => tf.LayersModel;
  batch: number;
  smooth: boolean;
}

const CASES: Case[] = [
  {
    name: 'small MLP, softplus',
    build: () =>
      buildMlp({
        seed: 1,
        inputShape: [6],
        hiddenUnits: [8, 8],
        numClasses: 3,
        activation: 'softplus',
      }),
    batch: 3,
    smooth: true,
  },
  {
    name: 'MNIST MLP, gelu',
    build: () => buildMnistMlp({ seed: 2, activation: 'gelu', hiddenUnits: [32, 16] }),
    batch: 2,
    smooth: true,
  },
  {
    name: 'MNIST MLP, relu',
    build: () => buildMnistMlp({ seed: 3, hiddenUnits: [32, 16] }),
    batch: 2,
    smooth: false,
  },
  {
    name: 'MNIST CNN with max-pool, relu',
    build: () => buildMnistCnn({ seed: 4, filters: [4, 8] }),
    batch: 1,
    smooth: false,
  },
];

/** Seeded inputs in [0, 1) (image-like), unit directions, one label. */
function data(d: number, batch: number, seed: number) {
  const rng = createRng(seed);
  const xs = Array.from({ length: batch }, () =>
    Array.from({ length: d }, () => Math.fround(rng.uniform())),
  );
  const vs = xs.map(() => {
    const v = Array.from({ length: d }, () => rng.normal());
    const n = Math.hypot(...v);
    return v.map((vi) => Math.fround(vi / n));
  });
  return { xs, vs };
}

describe.each(CASES)('input derivatives: $name', ({ build, batch, smooth }) => {
  const model = build();
  const plan = planOf(model);
  const d = plan.inputShape.reduce((a, b) => a * b, 1);
  const shape = [batch, ...plan.inputShape];
  const label = 1;
  const { xs, vs } = data(d, batch, 7);
  const w64 = weights64(plan);
  const loss = crossEntropyLoss(model, label);
  const tensors = () => ({ x: tf.tensor(xs.flat(), shape), v: tf.tensor(vs.flat(), shape) });

  it('loss and input gradient match the float64 reference, row by row', () => {
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const out = lossAndInputGradient(loss, tensors().x);
        return { loss: readSync(out.loss), grad: readSync(out.grad) };
      }),
    );
    const ref = xs.map((x) => lossAndGrad64(plan, w64, x, label));
    // Float32 forward/backward through ≤ 800-term sums: ~1e-6 relative (as in the models tests).
    expect(
      relativeError(
        got.loss,
        ref.map((r) => r.loss),
      ),
    ).toBeLessThan(1e-5);
    expect(
      relativeError(
        got.grad,
        ref.flatMap((r) => r.grad),
      ),
    ).toBeLessThan(1e-5);
  });

  it('exact HVP matches float64 central differences of float64 gradients', () => {
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const { x, v } = tensors();
        return readSync(inputHvp(loss, x, v));
      }),
    );
    // Reference step 1e-5 in float64: error ~1e-10 and no kink crossing (models tests); the
    // float32 double backprop differs by rounding, amplified where ‖Hv‖ ≪ ‖∇ℓ‖: measured ≤ 2e-5.
    const ref = xs.flatMap((x, b) => hvp64(plan, w64, x, label, vs[b]!));
    expect(relativeError(got, ref)).toBeLessThan(1e-4);
  });

  it('finite-difference curvature equals the same difference quotient in float64', () => {
    const h = 0.05;
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const { x, v } = tensors();
        return readSync(inputHvpFiniteDifference(loss, x, v, h));
      }),
    );
    // Same formula, same h: only float32 rounding of the two gradients, divided by 2h:
    // ~1e-7·‖∇ℓ‖/h ≈ 2e-6·‖∇ℓ‖, relative to ‖FD‖ ≳ 0.1‖∇ℓ‖ here: 1e-4 has margin (measured ≤ 1e-5).
    const ref = xs.flatMap((x, b) => hvp64(plan, w64, x, label, vs[b]!, h));
    expect(relativeError(got, ref)).toBeLessThan(1e-4);
  });

  // Smooth models only: for ReLU the exact HVP ignores kink crossings by design.
  if (smooth)
    it('finite-difference curvature tends to the exact HVP as h → 0', () => {
      const [coarse, fine, exact] = expectNoLeak(() =>
        tf.tidy(() => {
          const { x, v } = tensors();
          return [
            readSync(inputHvpFiniteDifference(loss, x, v, 0.4)),
            readSync(inputHvpFiniteDifference(loss, x, v, 0.2)),
            readSync(inputHvp(loss, x, v)),
          ];
        }),
      );
      const coarseError = relativeError(coarse!, exact!);
      const fineError = relativeError(fine!, exact!);
      // Central differences: error O(h²), so halving h divides it by ~4 (3 allows for the O(h⁴)
      // term). Steps this large keep float32 rounding (~1e-7·‖∇ℓ‖/h) far below the O(h²) term,
      // which a smaller h would not: at h = 0.05 both are ~3e-5 on the MNIST MLP.
      expect(fineError).toBeLessThan(coarseError / 3);
      expect(fineError).toBeLessThan(1e-2);
    });

  it('Rayleigh quotients and normal curvature match float64 references', () => {
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const { x, v } = tensors();
        const normal = normalCurvature(loss, x);
        return {
          exact: readSync(rayleighQuotient(loss, x, v)),
          fd: readSync(rayleighQuotient(loss, x, tf.mul(v, 3), 0.05)),
          gradNorm: readSync(normal.gradNorm),
          normal: readSync(normal.curvature),
        };
      }),
    );
    const dot = (a: readonly number[], b: readonly number[]) =>
      a.reduce((s, ai, i) => s + ai * b[i]!, 0);
    xs.forEach((x, b) => {
      const v = vs[b]!;
      const hv = hvp64(plan, w64, x, label, v);
      // vᵀHv from float32 HVPs, compared relative to ‖Hv‖ (‖v‖ = 1) since vᵀHv can cancel:
      // float32 rounding of the HVP, measured ≤ 2e-6 of ‖Hv‖ on these models.
      expect(Math.abs(got.exact[b]! - dot(v, hv))).toBeLessThan(1e-5 * Math.hypot(...hv));
      // A scaled direction gives the same quotient; h = 0.05 along 3v is h = 0.15 along v.
      const fd = hvp64(plan, w64, x, label, v, 0.15);
      expect(Math.abs(got.fd[b]! - dot(v, fd))).toBeLessThan(1e-5 * Math.hypot(...fd));
      const g = lossAndGrad64(plan, w64, x, label).grad;
      const gNorm = Math.hypot(...g);
      const n = g.map((gi) => gi / gNorm);
      const hn = hvp64(plan, w64, x, label, n);
      expect(Math.abs(got.gradNorm[b]! - gNorm)).toBeLessThan(1e-5 * gNorm); // float32 gradient
      expect(Math.abs(got.normal[b]! - dot(n, hn))).toBeLessThan(1e-5 * Math.hypot(...hn));
    });
  });

  it('CURE quantity: paper form ‖d‖², code form ‖d‖, with z = sign(g)/‖sign(g)‖ held fixed', () => {
    const h = 0.5;
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const { x } = tensors();
        const paper = cureCurvature(loss, x, h, 'paper');
        const code = cureCurvature(loss, x, h, 'code');
        return {
          grad: readSync(lossAndInputGradient(loss, x).grad),
          diffNorm: readSync(paper.diffNorm),
          paper: readSync(paper.value),
          code: readSync(code.value),
        };
      }),
    );
    xs.forEach((x, b) => {
      // The signs come from the float32 gradient: an entry within rounding of 0 could have the
      // other sign in float64, and flip a whole coordinate of z.
      const signs = got.grad.slice(b * d, (b + 1) * d).map((gi) => Math.sign(gi));
      const count = signs.filter((s) => s !== 0).length;
      const z = signs.map((s) => s / Math.sqrt(count));
      const g0 = lossAndGrad64(plan, w64, x, label).grad;
      const g1 = lossAndGrad64(
        plan,
        w64,
        x.map((xi, i) => xi + h * z[i]!),
        label,
      ).grad;
      const ref = Math.hypot(...g1.map((gi, i) => gi - g0[i]!));
      // Two float32 gradients (each ~1e-6 relative of ‖∇ℓ‖) differenced at a large step h, so
      // little cancellation: measured ≤ 5e-7 relative.
      expect(Math.abs(got.diffNorm[b]! - ref)).toBeLessThan(1e-5 * ref);
      expect(Math.abs(got.code[b]! - ref)).toBeLessThan(1e-5 * ref);
      expect(Math.abs(got.paper[b]! - ref * ref)).toBeLessThan(2e-5 * ref * ref); // squared: 2×
    });
  });

  it('modelLogits and crossEntropyLoss accept a logits function', () => {
    const [a, b] = expectNoLeak(() =>
      tf.tidy(() => {
        const { x } = tensors();
        return [readSync(crossEntropyLoss(modelLogits(model), label)(x)), readSync(loss(x))];
      }),
    );
    expect(a).toEqual(b); // same ops, bit for bit
  });

  afterAll(() => disposeModel(model));
});

describe('cureDirection', () => {
  it('is sign(g)/‖sign(g)‖ per row, unit norm even with zero entries, and 0 for g = 0', () => {
    const got = expectNoLeak(() =>
      tf.tidy(() =>
        readSync(
          cureDirection(
            tf.tensor2d([
              [0.3, -2, 0, 1e-30],
              [0, 0, 0, 0],
              [-1, -1, 5, 0.1],
            ]),
          ),
        ),
      ),
    );
    const s3 = 1 / Math.sqrt(3);
    // float32 of 1/√3 and 1/2: exact to one rounding.
    const expected = [s3, -s3, 0, s3, 0, 0, 0, 0, -0.5, -0.5, 0.5, 0.5];
    expect(relativeError(got, expected)).toBeLessThan(1e-7);
  });
});

describe('crossEntropyLoss', () => {
  it('rejects a label outside [0, K) and bad steps with clear errors', () => {
    const model = buildMlp({ seed: 1, inputShape: [2], hiddenUnits: [], numClasses: 3 });
    expectNoLeak(() =>
      tf.tidy(() => {
        const x = tf.zeros([1, 2]);
        expect(() => crossEntropyLoss(model, 3)(x)).toThrow(/label/);
        expect(() => crossEntropyLoss(model, 1.5)(x)).toThrow(/label/);
        expect(() => inputHvpFiniteDifference(crossEntropyLoss(model, 0), x, x, 0)).toThrow(/h/);
        expect(() => inputHvp(crossEntropyLoss(model, 0), x, tf.zeros([1, 3]))).toThrow(/shape/);
      }),
    );
    disposeModel(model);
  });
});
