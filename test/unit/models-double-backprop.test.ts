import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { perSampleCrossEntropy } from '../../src/core/loss';
import {
  buildMnistCnn,
  buildMnistMlp,
  buildToyMlp,
  disposeModel,
  logitsOf,
  planOf,
  trainableVariables,
  type HiddenActivation,
} from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { expectNoLeak, hvpExact, relativeError, take } from './autodiff-testkit';
import { hvp64, lossAndGrad64, weights64 } from './models-reference64';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Case {
  name: string;
  build: () => tf.LayersModel;
  batch: number;
}

const CASES: Case[] = [
  ...(['relu', 'softplus', 'gelu', 'tanh'] as HiddenActivation[]).map((activation) => ({
    name: `toy MLP, ${activation}`,
    build: () => buildToyMlp({ seed: 3, numClasses: 3, activation }),
    batch: 4,
  })),
  ...(['relu', 'gelu'] as HiddenActivation[]).map((activation) => ({
    name: `MNIST MLP, ${activation}`,
    build: () => buildMnistMlp({ seed: 4, activation, hiddenUnits: [32, 16] }),
    batch: 2,
  })),
  ...(['relu', 'gelu', 'tanh'] as HiddenActivation[]).map((activation) => ({
    name: `MNIST CNN with max-pool, ${activation}`,
    build: () => buildMnistCnn({ seed: 5, activation }),
    batch: 2,
  })),
];

/** Seeded batch: inputs ~ N(0, 0.5²) per entry, unit-norm directions, labels. */
function batchData(shape: readonly number[], batch: number, numClasses: number, seed: number) {
  const rng = createRng(seed);
  const d = shape.reduce((a, b) => a * b, 1);
  const xs = Array.from({ length: batch }, () =>
    Array.from({ length: d }, () => Math.fround(0.5 * rng.normal())),
  );
  const vs = Array.from({ length: batch }, () => {
    const v = Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...v);
    return v.map((vi) => Math.fround(vi / norm));
  });
  const labels = Array.from({ length: batch }, () => rng.int(numClasses));
  return { xs, vs, labels };
}

/** Summed per-sample loss of the model as a function of its input. */
const lossOfInput = (model: tf.LayersModel, labels: tf.Tensor1D) => (x: tf.Tensor) =>
  tf.sum(perSampleCrossEntropy(logitsOf(model, x), labels));

describe('double backprop through each model type vs a float64 reference', () => {
  it.each(CASES)('$name: logits, input gradient and input HVP', ({ build, batch }) => {
    const model = build();
    const plan = planOf(model);
    const { xs, vs, labels } = batchData(plan.inputShape, batch, plan.numClasses, 21);
    const got = expectNoLeak(() =>
      tf.tidy(() => {
        const shape = [batch, ...plan.inputShape];
        const x = tf.tensor(xs.flat(), shape);
        const f = lossOfInput(model, tf.tensor1d(labels, 'int32'));
        return {
          logits: take(logitsOf(model, x)),
          grad: take(tf.grad(f)(x)),
          hvp: take(hvpExact(f, x, tf.tensor(vs.flat(), shape))),
        };
      }),
    );
    const w = weights64(plan);
    const ref = xs.map((x, b) => lossAndGrad64(plan, w, x, labels[b]!));
    // Float32 forward and backward through ≤ 800-term sums: ~1e-6 relative; 1e-5 has margin.
    expect(
      relativeError(
        got.logits,
        ref.flatMap((r) => r.logits),
      ),
    ).toBeLessThan(1e-5);
    expect(
      relativeError(
        got.grad,
        ref.flatMap((r) => r.grad),
      ),
    ).toBeLessThan(1e-5);
    // Reference: float64 central differences of float64 gradients, step 1e-5 along a unit v
    // (error ~1e-10; too small a step to cross a ReLU or max-pool kink). The float32 double
    // backprop then differs by rounding only, amplified where ‖Hv‖ ≪ ‖∇ℓ‖: measured ≤ 2e-5.
    const hvpRef = xs.flatMap((x, b) => hvp64(plan, w, x, labels[b]!, vs[b]!));
    expect(relativeError(got.hvp, hvpRef)).toBeLessThan(1e-4);
    disposeModel(model);
  });
});

describe('linear softmax model', () => {
  it('has input Hessian exactly Wᵀ(diag p − ppᵀ)W (all d×d entries, by d HVPs)', () => {
    const d = 6;
    const k = 4;
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [d], units: k })] });
    const rng = createRng(8);
    tf.tidy(() =>
      model.setWeights([
        tf.tensor2d(
          Array.from({ length: d * k }, () => rng.normal()),
          [d, k],
        ),
        tf.tensor1d(Array.from({ length: k }, () => rng.normal())),
      ]),
    );
    const x = Array.from({ length: d }, () => Math.fround(rng.normal()));
    const label = 2;
    const hessian = expectNoLeak(() =>
      tf.tidy(() => {
        const f = lossOfInput(model, tf.tensor1d([label], 'int32'));
        const xt = tf.tensor2d([x]);
        return Array.from({ length: d }, (_, i) =>
          take(hvpExact(f, xt, tf.oneHot([i], d).toFloat())),
        );
      }),
    );
    const [kernel, bias] = weights64(planOf(model)) as [number[], number[]];
    const logits = Array.from({ length: k }, (_, o) =>
      x.reduce((s, xi, i) => s + xi * kernel[i * k + o]!, bias[o]!),
    );
    const m = Math.max(...logits);
    const e = logits.map((z) => Math.exp(z - m));
    const p = e.map((ei) => ei / e.reduce((a, b) => a + b, 0));
    // The kernel is [d, K] (x·W), so J = kernelᵀ and H = kernel (diag p − ppᵀ) kernelᵀ.
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let ref = 0;
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++)
            ref +=
              kernel[i * k + a]! * ((a === b ? p[a]! : 0) - p[a]! * p[b]!) * kernel[j * k + b]!;
        // Entries O(1): float32 rounding of a few dozen products.
        expect(Math.abs(hessian[j]![i]! - ref)).toBeLessThan(1e-6);
      }
    disposeModel(model);
  });
});

/** R(θ) = Σ_b ‖∇ₓℓ_b‖², the quantity whose θ-gradient CURE-style training needs. */
function inputGradNormSquared64(
  model: tf.LayersModel,
  w: number[][],
  xs: number[][],
  labels: number[],
) {
  const plan = planOf(model);
  return xs.reduce((s, x, b) => {
    const g = lossAndGrad64(plan, w, x, labels[b]!).grad;
    return s + g.reduce((a, gi) => a + gi * gi, 0);
  }, 0);
}

describe('∇_θ ‖∇ₓℓ‖² (mixed second derivative) vs float64 finite differences in θ', () => {
  it.each(CASES)('$name', ({ build, batch }) => {
    const model = build();
    const plan = planOf(model);
    const vars = trainableVariables(model);
    const { xs, labels } = batchData(plan.inputShape, batch, plan.numClasses, 31);
    const rng = createRng(32);
    const direction = vars.map((v) => Array.from({ length: v.size }, () => rng.normal()));
    const directional = expectNoLeak(() =>
      tf.tidy(() => {
        const x = tf.tensor(xs.flat(), [batch, ...plan.inputShape]);
        const f = lossOfInput(model, tf.tensor1d(labels, 'int32'));
        const { grads } = tf.variableGrads(
          () => tf.sum(tf.square(tf.grad(f)(x))) as tf.Scalar,
          vars,
        );
        return vars.reduce((s, v, i) => {
          const g = take(grads[v.name]!);
          return s + g.reduce((a, gi, j) => a + gi * direction[i]![j]!, 0);
        }, 0);
      }),
    );
    const w = weights64(plan);
    const eps = 1e-6; // float64: truncation ~1e-12, rounding ~1e-16·R/ε ≈ 1e-11
    const shifted = (sign: number) =>
      w.map((wi, i) => wi.map((x, j) => x + sign * eps * direction[i]![j]!));
    const reference =
      (inputGradNormSquared64(model, shifted(1), xs, labels) -
        inputGradNormSquared64(model, shifted(-1), xs, labels)) /
      (2 * eps);
    // A float32 directional derivative summed over all weights (some cancellation): measured
    // ≤ 3e-6 relative across these models; 3e-5 keeps a 10× margin.
    expect(Math.abs(directional - reference)).toBeLessThan(3e-5 * Math.abs(reference));
    disposeModel(model);
  });

  it('toy MLP, tanh: every component of ∇_θ, one finite difference per weight', () => {
    const model = buildToyMlp({ seed: 6, numClasses: 3, activation: 'tanh', hiddenUnits: [4] });
    const plan = planOf(model);
    const vars = trainableVariables(model);
    const { xs, labels } = batchData(plan.inputShape, 3, plan.numClasses, 41);
    const exact = expectNoLeak(() =>
      tf.tidy(() => {
        const x = tf.tensor2d(xs);
        const f = lossOfInput(model, tf.tensor1d(labels, 'int32'));
        const { grads } = tf.variableGrads(
          () => tf.sum(tf.square(tf.grad(f)(x))) as tf.Scalar,
          vars,
        );
        return vars.flatMap((v) => take(grads[v.name]!));
      }),
    );
    const w = weights64(plan);
    const eps = 1e-6;
    const reference = w.flatMap((wi, i) =>
      wi.map((_, j) => {
        const at = (sign: number) =>
          w.map((t, a) => t.map((x, b) => (a === i && b === j ? x + sign * eps : x)));
        return (
          (inputGradNormSquared64(model, at(1), xs, labels) -
            inputGradNormSquared64(model, at(-1), xs, labels)) /
          (2 * eps)
        );
      }),
    );
    expect(exact.length).toBe(27); // 2·4 + 4 + 4·3 + 3
    // float32 double backprop vs float64 central differences (error ~1e-10): rounding only,
    // measured 1.3e-7.
    expect(relativeError(exact, reference)).toBeLessThan(1e-5);
    disposeModel(model);
  });
});
