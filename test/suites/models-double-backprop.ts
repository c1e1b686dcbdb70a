/**
 * Double backprop through the models' functional forward pass (`logitsOf` + the stable loss) on
 * one backend, against an independent float64 reference (models-reference64.ts): logits, input
 * gradient, input HVP, the linear softmax model's closed-form input Hessian, and CURE's mixed
 * derivative ∇_θ‖∇ₓℓ‖².
 *
 * Two suites: `modelsDoubleBackpropSuite` on tiny models (2-D-input MLPs, a 6×6×1 CNN), and
 * `mnistModelsDoubleBackpropSuite` on the app's MNIST-size models at batch 2 (measured in
 * headless Chromium on software adapters: 8 s on webgl, 16 s on webgpu, 0.2 s on wasm; see
 * test/browser/models.test.ts for where it runs).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { perSampleCrossEntropy } from '../../src/core/loss';
import {
  buildMnistCnn,
  buildMnistMlp,
  buildToyMlp,
  disposeModel,
  logitsOf,
  planOf,
  trainableVariables,
} from '../../src/core/models';
import { createRng } from '../../src/core/random';
import {
  describeOnBackends,
  expectNoLeakAsync,
  hasKernels,
  hvp64,
  hvpExact,
  lossAndGrad64,
  normals,
  read,
  readAll,
  readWeights64,
  relativeError,
  reportError,
  type BackendName,
  type Weights64,
} from '../kit';
import type { HiddenActivation } from '../../src/core/names';

/** A model to test, and the kernels its input resp. weight gradients need beyond the basics. */
interface Case {
  name: string;
  build: () => tf.LayersModel;
  batch: number;
  /** Kernels needed to differentiate wrt the input (first order and beyond). */
  inputGradKernels: string[];
  /** Kernels needed to differentiate ∇ₓℓ wrt the weights. */
  weightGradKernels: string[];
}

/** maxPool2dValid's gradient (pooling.ts) and conv2d's weight gradient: absent on wasm 4.22. */
const POOL_GRAD = ['DepthwiseConv2dNativeBackpropInput'];
const CNN_WEIGHT_GRAD = [...POOL_GRAD, 'Conv2DBackpropFilter'];

const activations = (...names: HiddenActivation[]) => names;

/** 6×6×1 → conv 3×3×2 → activation → max-pool 2×2 → flatten (8) → dense 3. Weights seeded. */
function tinyCnn(activation: HiddenActivation, seed: number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
  // tfjs's default initializers are unseeded; N(0, 0.5²) weights and biases from the seed.
  model.layers.forEach((layer, i) => {
    const fresh = layer
      .getWeights()
      .map((w, j) => tf.tensor(normals(w.size, seed + 10 * i + j, 0.5), w.shape));
    layer.setWeights(fresh);
    tf.dispose(fresh);
  });
  return model;
}

const TINY_CASES: Case[] = [
  ...activations('relu', 'softplus', 'gelu', 'tanh').map((activation) => ({
    name: `toy MLP, ${activation}`,
    build: () => buildToyMlp({ seed: 3, numClasses: 3, activation }),
    batch: 4,
    inputGradKernels: [],
    weightGradKernels: [],
  })),
  ...activations('relu', 'tanh').map((activation) => ({
    name: `6×6 CNN with max-pool, ${activation}`,
    build: () => tinyCnn(activation, 50),
    batch: 2,
    inputGradKernels: POOL_GRAD,
    weightGradKernels: CNN_WEIGHT_GRAD,
  })),
];

const MNIST_CASES: Case[] = [
  ...activations('relu', 'gelu').map((activation) => ({
    name: `MNIST MLP, ${activation}`,
    build: () => buildMnistMlp({ seed: 4, activation, hiddenUnits: [32, 16] }),
    batch: 2,
    inputGradKernels: [],
    weightGradKernels: [],
  })),
  ...activations('relu', 'gelu', 'tanh').map((activation) => ({
    name: `MNIST CNN with max-pool, ${activation}`,
    build: () => buildMnistCnn({ seed: 5, activation }),
    batch: 2,
    inputGradKernels: POOL_GRAD,
    weightGradKernels: CNN_WEIGHT_GRAD,
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

/** Double backprop through the tiny models, once on each of `backends` (test/kit/backends.ts). */
export function modelsDoubleBackpropSuite(backends: readonly BackendName[]): void {
  describeOnBackends('double backprop through tiny models', backends, (backend) => {
    inputDerivativeTests(backend, TINY_CASES);
    linearSoftmaxTests(backend);
    mixedDerivativeTests(backend, TINY_CASES);
    everyWeightComponentTest(backend);
  });
}

/** Double backprop through the app's MNIST-size models (batch 2), once on each of `backends`. */
export function mnistModelsDoubleBackpropSuite(backends: readonly BackendName[]): void {
  describeOnBackends('double backprop through MNIST-size models', backends, (backend) => {
    inputDerivativeTests(backend, MNIST_CASES);
    mixedDerivativeTests(backend, MNIST_CASES);
  });
}

function inputDerivativeTests(backend: string, cases: Case[]): void {
  describe('logits, input gradient and input HVP vs a float64 reference', () => {
    it.each(cases)('$name: logits', async ({ name, build, batch }) => {
      const model = build();
      const plan = planOf(model);
      const { xs, labels } = batchData(plan.inputShape, batch, plan.numClasses, 21);
      const got = await expectNoLeakAsync(() =>
        read(tf.tidy(() => logitsOf(model, tf.tensor(xs.flat(), [batch, ...plan.inputShape])))),
      );
      const w = await readWeights64(plan);
      const ref = xs.flatMap((x, b) => lossAndGrad64(plan, w, x, labels[b]!).logits);
      const error = relativeError(got, ref);
      reportError(backend, `${name}: logits`, error);
      // Float32 forward through ≤ 800-term sums: ~1e-6 relative; 1e-5 has margin. Measured
      // max, cpu/webgl/webgpu/wasm: tiny models 1.3e-7/3.1e-7/3.2e-7/1.4e-7, MNIST-size
      // 2.4e-7/1.4e-6/3.4e-7/1.4e-6.
      expect(error).toBeLessThan(1e-5);
      disposeModel(model);
    });

    // The CNNs' input gradients go through max pooling (see POOL_GRAD): skipped where the
    // backend lacks a kernel they need.
    for (const { name, build, batch, inputGradKernels } of cases) {
      it.skipIf(!hasKernels(backend, ...inputGradKernels))(
        `${name}: input gradient and input HVP`,
        async () => {
          const model = build();
          const plan = planOf(model);
          const { xs, vs, labels } = batchData(plan.inputShape, batch, plan.numClasses, 21);
          const got = await expectNoLeakAsync(() =>
            readAll(
              tf.tidy(() => {
                const shape = [batch, ...plan.inputShape];
                const x = tf.tensor(xs.flat(), shape);
                const f = lossOfInput(model, tf.tensor1d(labels, 'int32'));
                return { grad: tf.grad(f)(x), hvp: hvpExact(f, x, tf.tensor(vs.flat(), shape)) };
              }),
            ),
          );
          const w = await readWeights64(plan);
          const ref = xs.flatMap((x, b) => lossAndGrad64(plan, w, x, labels[b]!).grad);
          const gradError = relativeError(got.grad, ref);
          reportError(backend, `${name}: grad`, gradError);
          // As the logits; measured max, cpu/webgl/webgpu/wasm: 3.5e-7/7.9e-7/6.2e-7/8.0e-7.
          expect(gradError).toBeLessThan(1e-5);
          // Reference: float64 central differences of float64 gradients, step 1e-5 along a unit v
          // (error ~1e-10; too small a step to cross a ReLU or max-pool kink). The float32 double
          // backprop then differs by rounding only, amplified where ‖Hv‖ ≪ ‖∇ℓ‖. Measured max,
          // cpu/webgl/webgpu/wasm: 3.3e-7/9.4e-7/6.3e-7/9.7e-7.
          const hvpRef = xs.flatMap((x, b) => hvp64(plan, w, x, labels[b]!, vs[b]!));
          const hvpError = relativeError(got.hvp, hvpRef);
          reportError(backend, `${name}: hvp`, hvpError);
          expect(hvpError).toBeLessThan(1e-5);
          disposeModel(model);
        },
      );
    }
  });
}

function linearSoftmaxTests(backend: string): void {
  describe('linear softmax model', () => {
    it('has input Hessian exactly Wᵀ(diag p − ppᵀ)W (all d×d entries, by d HVPs)', async () => {
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
      const { hessian } = await expectNoLeakAsync(() =>
        readAll(
          tf.tidy(() => {
            const f = lossOfInput(model, tf.tensor1d([label], 'int32'));
            const xt = tf.tensor2d([x]);
            const columns = Array.from({ length: d }, (_, i) =>
              hvpExact(f, xt, tf.oneHot([i], d).toFloat()),
            );
            return { hessian: tf.concat(columns, 0) }; // row j: H e_j
          }),
        ),
      );
      const [kernel, bias] = (await readWeights64(planOf(model))) as [number[], number[]];
      const logits = Array.from({ length: k }, (_, o) =>
        x.reduce((s, xi, i) => s + xi * kernel[i * k + o]!, bias[o]!),
      );
      const m = Math.max(...logits);
      const e = logits.map((z) => Math.exp(z - m));
      const p = e.map((ei) => ei / e.reduce((a, b) => a + b, 0));
      // The kernel is [d, K] (x·W), so J = kernelᵀ and H = kernel (diag p − ppᵀ) kernelᵀ.
      let worst = 0;
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          let ref = 0;
          for (let a = 0; a < k; a++)
            for (let b = 0; b < k; b++)
              ref +=
                kernel[i * k + a]! * ((a === b ? p[a]! : 0) - p[a]! * p[b]!) * kernel[j * k + b]!;
          const error = Math.abs(hessian[j * d + i]! - ref);
          worst = Math.max(worst, error);
          // Entries O(1): float32 rounding of a few dozen products. Measured max, cpu/webgl/
          // webgpu/wasm: 2.2e-7/1.5e-7/1.1e-7/1.8e-7.
          expect(error, `H[${i}][${j}]`).toBeLessThan(1e-6);
        }
      reportError(backend, 'linear softmax H', worst);
      disposeModel(model);
    });
  });
}

/** R(θ) = Σ_b ‖∇ₓℓ_b‖², the quantity whose θ-gradient CURE-style training needs. */
function inputGradNormSquared64(
  model: tf.LayersModel,
  w: Weights64,
  xs: number[][],
  labels: number[],
) {
  const plan = planOf(model);
  return xs.reduce((s, x, b) => {
    const g = lossAndGrad64(plan, w, x, labels[b]!).grad;
    return s + g.reduce((a, gi) => a + gi * gi, 0);
  }, 0);
}

/** ∇_θ R for R = Σ_b ‖∇ₓℓ_b‖² by double backprop, one flat array per variable. */
async function gradNormWeightGradient(
  model: tf.LayersModel,
  xs: number[][],
  labels: number[],
): Promise<number[][]> {
  const plan = planOf(model);
  const vars = trainableVariables(model);
  const grads = tf.tidy(() => {
    const x = tf.tensor(xs.flat(), [xs.length, ...plan.inputShape]);
    const f = lossOfInput(model, tf.tensor1d(labels, 'int32'));
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.grad(f)(x))) as tf.Scalar, vars);
    return vars.map((v) => grads[v.name]!);
  });
  return Promise.all(grads.map(read));
}

function mixedDerivativeTests(backend: string, cases: Case[]): void {
  describe('∇_θ ‖∇ₓℓ‖² (mixed second derivative) vs float64 finite differences in θ', () => {
    // The CNNs need conv2d's weight gradient and max pooling's input gradient (CNN_WEIGHT_GRAD):
    // skipped where the backend lacks a kernel they need.
    for (const c of cases) {
      it.skipIf(!hasKernels(backend, ...c.weightGradKernels))(c.name, async () => {
        const model = c.build();
        const plan = planOf(model);
        const { xs, labels } = batchData(plan.inputShape, c.batch, plan.numClasses, 31);
        const rng = createRng(32);
        const direction = plan.weights.map((v) =>
          Array.from({ length: v.size }, () => rng.normal()),
        );
        const grads = await expectNoLeakAsync(() => gradNormWeightGradient(model, xs, labels));
        const directional = grads.reduce(
          (s, g, i) => s + g.reduce((a, gi, j) => a + gi * direction[i]![j]!, 0),
          0,
        );
        const w = await readWeights64(plan);
        const eps = 1e-6; // float64: truncation ~1e-12, rounding ~1e-16·R/ε ≈ 1e-11
        const shifted = (sign: number) =>
          w.map((wi, i) => wi.map((x, j) => x + sign * eps * direction[i]![j]!));
        const reference =
          (inputGradNormSquared64(model, shifted(1), xs, labels) -
            inputGradNormSquared64(model, shifted(-1), xs, labels)) /
          (2 * eps);
        const error = Math.abs(directional - reference) / Math.abs(reference);
        reportError(backend, `${c.name} dtheta`, error);
        // A float32 directional derivative summed over all weights (some cancellation): ~3e-6;
        // 3e-5 keeps a 10× margin. Measured max, cpu/webgl/webgpu/wasm: toy MLPs 3.1e-6/2.7e-6/
        // 3.7e-6/2.7e-6, 6×6 CNNs 4.9e-7/1.1e-6/4.0e-7/–, MNIST-size 3.8e-7/3.6e-6/4.9e-6/4.3e-7.
        expect(error).toBeLessThan(3e-5);
        disposeModel(model);
      });
    }
  });
}

function everyWeightComponentTest(backend: string): void {
  it('toy MLP, tanh: every component of ∇_θ‖∇ₓℓ‖², one finite difference per weight', async () => {
    const model = buildToyMlp({ seed: 6, numClasses: 3, activation: 'tanh', hiddenUnits: [4] });
    const plan = planOf(model);
    const { xs, labels } = batchData(plan.inputShape, 3, plan.numClasses, 41);
    const exact = (await expectNoLeakAsync(() => gradNormWeightGradient(model, xs, labels))).flat();
    const w = await readWeights64(plan);
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
    const error = relativeError(exact, reference);
    reportError(backend, 'every component', error);
    // float32 double backprop vs float64 central differences (error ~1e-10): rounding only.
    // Measured, cpu/webgl/webgpu/wasm: 1.3e-7/8.3e-8/1.1e-7/1.6e-7.
    expect(error).toBeLessThan(1e-5);
    disposeModel(model);
  });
}
