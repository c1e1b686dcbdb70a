/**
 * Backend-independent checks of the training steps and of CURE's gradient, run on cpu in node
 * (test/unit/training-suite.test.ts) and on webgl, webgpu and wasm in headless Chromium
 * (test/browser/training-suite.test.ts). Tiny models (2-D toy MLPs, batch ≤ 8 for the gradient
 * checks) keep it fast on WebGPU's software adapter.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { meanCrossEntropy, perSampleCrossEntropy } from '../../src/core/loss';
import { logitsOf, snapshotWeights, disposeSnapshot } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import {
  cureTerms,
  trainStep,
  type Batch,
  type CureSettings,
  type StepSettings,
} from '../../src/core/training';
import {
  describeOnBackends,
  expectNoLeakAsync,
  liveTensors,
  read,
  relativeError,
  type BackendName,
} from '../kit';
import {
  flatGradient,
  mixedGradientByDifferences,
  moonsBatch,
  referenceDifference,
  toyModel,
} from './trainingKit';

/** One of each method, at settings sized for the toy range [−2, 2]. */
export const TOY_METHODS: readonly StepSettings[] = [
  { method: 'standard' },
  {
    method: 'pgd',
    attack: {
      norm: 'linf',
      epsilon: 0.1,
      steps: 3,
      stepSize: 0.05,
      randomStart: true,
      range: [-2, 2],
    },
  },
  { method: 'fgsm-rs', epsilon: 0.1, stepSize: 0.125, range: [-2, 2] },
  { method: 'cure', form: 'paper', gamma: 1, h: 0.2 },
];

/** Sub-batch of the first n points; disposes `batch`. */
function firstPoints(batch: Batch, n: number): Batch {
  const first = { x: tf.slice(batch.x, 0, n), y: tf.slice(batch.y, 0, n) };
  tf.dispose([batch.x, batch.y]);
  return first;
}

/** The paper form written out with tf.grad of x, independent of cure.ts. */
function paperReference(model: tf.LayersModel, batch: Batch, gamma: number, h: number) {
  return tf.tidy(() => {
    const { d } = referenceDifference(model, batch, h);
    const b = batch.x.shape[0]!;
    const squares = tf.sum(tf.square(tf.reshape(d, [b, -1])), 1);
    const clean = meanCrossEntropy(logitsOf(model, batch.x), batch.y);
    return tf.add(clean, tf.mul(gamma, tf.mean(squares))) as tf.Scalar;
  });
}

/**
 * The reference PyTorch code's `regularizer` + clean loss, transcribed op for op: z scaled to
 * norm h (precomputed, constant), the gradient of mean(ℓ(x + z)) − mean(ℓ(x)) with respect to
 * x, per-sample plain norms, λ·Σ/B.
 */
function codeReference(model: tf.LayersModel, batch: Batch, z: tf.Tensor, lambda: number) {
  return tf.tidy(() => {
    const b = batch.x.shape[0]!;
    const mean = (x: tf.Tensor) => meanCrossEntropy(logitsOf(model, x), batch.y);
    const gradDiff = tf.grad((x: tf.Tensor) => tf.sub(mean(tf.add(x, z)), mean(x)))(batch.x);
    const norms = tf.sqrt(tf.sum(tf.square(tf.reshape(gradDiff, [b, -1])), 1));
    return tf.add(mean(batch.x), tf.div(tf.sum(tf.mul(lambda, norms)), b)) as tf.Scalar;
  });
}

function cureChecks(): void {
  const settings = (form: CureSettings['form']): CureSettings => ({
    method: 'cure',
    form,
    gamma: 2,
    h: 0.3,
  });

  it('CURE paper form: value and weight gradient equal a direct ∇ₓ transcription', async () => {
    const model = toyModel(11, 'tanh');
    const batch = firstPoints(moonsBatch(16, 12), 4);
    const s = settings('paper');
    const got = await flatGradient(model, () => cureTerms(model, batch.x, batch.y, s).objective);
    const ref = await flatGradient(model, () => paperReference(model, batch, s.gamma, s.h));
    // Same mathematics, different op order (first-layer adjoint vs ∇ₓ; stop-gradient vs
    // precomputed z): float32 rounding only, measured ≤ 2e-7 on cpu.
    expect(relativeError(got, ref)).toBeLessThan(1e-4);
    model.dispose();
    tf.dispose([batch.x, batch.y]);
  });

  it('CURE code form equals the reference code transcribed op for op', async () => {
    const model = toyModel(13, 'softplus');
    const batch = firstPoints(moonsBatch(16, 14), 4);
    const s = settings('code');
    const { z, d } = referenceDifference(model, batch, s.h);
    d.dispose();
    const zCode = tf.mul(s.h, z); // the reference code's z has norm h
    const terms = cureTerms(model, batch.x, batch.y, s);
    const [value] = await read(terms.objective);
    const [refValue] = await read(codeReference(model, batch, zCode, s.gamma));
    // float32 rounding of O(1) values.
    expect(Math.abs(value! - refValue!)).toBeLessThan(1e-5);
    const got = await flatGradient(model, () => cureTerms(model, batch.x, batch.y, s).objective);
    const ref = await flatGradient(model, () => codeReference(model, batch, zCode, s.gamma));
    expect(relativeError(got, ref)).toBeLessThan(1e-4); // float32 rounding only, as above
    tf.dispose([z, zCode, batch.x, batch.y, ...Object.values(terms)]);
    model.dispose();
  });

  it.each(['paper', 'code'] as const)(
    'CURE weight gradient, %s form (double backprop), matches the first-order finite-difference formula',
    async (form) => {
      const model = toyModel(15, 'softplus');
      const batch = firstPoints(moonsBatch(16, 16), 4);
      const h = 0.3;
      const b = 4;
      const exact = await flatGradient(
        model,
        () => cureTerms(model, batch.x, batch.y, { form, gamma: 1, h }).regularizer,
      );
      // ∇_θ‖d‖² = 2∇_θ⟨d, d̄⟩ and ∇_θ‖d‖ = ∇_θ⟨d, d̄/‖d̄‖⟩ with d̄ constant, so
      // paper R = (1/B)Σ‖d_b‖² needs v_b = (2/B)·d̄_b; code R = (1/B²)Σ‖d_b‖ needs d̄_b/(B²‖d̄_b‖).
      const { z, d } = referenceDifference(model, batch, h);
      const v = tf.tidy(() =>
        form === 'paper'
          ? tf.mul(2 / b, d)
          : tf.div(d, tf.mul(b * b, tf.norm(d, 'euclidean', 1, true))),
      );
      const approx = await mixedGradientByDifferences(model, batch, z, h, v, 0.1);
      // Richardson-extrapolated central differences at displacement 0.1 (coordinates ~1):
      // truncation O(t⁴) is negligible, float32 rounding of the gradients dominates (it grows
      // as 1/t: paper form on cpu 1.4e-5 at 0.3, 6e-5 at 0.1, 3.5e-4 at 0.01; code form 3.5e-5
      // at 0.1). 1e-3 leaves room
      // for GPU backends' float32 arithmetic.
      expect(relativeError(exact, approx)).toBeLessThan(1e-3);
      tf.dispose([z, d, v, batch.x, batch.y]);
      model.dispose();
    },
  );
}

function stepChecks(): void {
  it.each(TOY_METHODS.map((s) => [s.method, s] as const))(
    '%s: the loss falls over 12 steps, and the tensor count stays flat',
    async (_name, settings) => {
      const model = toyModel(21);
      const batch = moonsBatch(64, 22);
      const target = { model, optimizer: tf.train.adam(0.1), rng: createRng(23) };
      const first = await trainStep(target, batch, settings); // creates Adam's slots
      const before = liveTensors();
      const losses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const metrics = await trainStep(target, batch, settings);
        expect(metrics.finite && metrics.applied).toBe(true);
        losses.push(metrics.loss);
      }
      expect(liveTensors()).toBe(before);
      const lastThree = losses.slice(-3).reduce((a, b) => a + b, 0) / 3;
      // From ≈ log 2 at initialization, Adam at lr 0.1 on 64 points gets well below; the margin
      // absorbs PGD/FGSM-RS random-start noise.
      expect(lastThree).toBeLessThan(0.6 * first.loss); // measured on cpu: 0.10–0.33
      target.optimizer.dispose();
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    },
  );

  // The attacks too on wasm, whose ClipByValue maps NaN to the lower bound: their clamps keep NaN.
  it.for(TOY_METHODS.map((s) => [s.method, s] as const))(
    '%s: a non-finite step is reported and leaves the weights untouched',
    async ([, settings]) => {
      const model = toyModel(31);
      const batch = moonsBatch(8, 32);
      const bad = { x: tf.tidy(() => tf.mul(batch.x, tf.tensor2d([[NaN, 1]]))), y: batch.y };
      const target = { model, optimizer: tf.train.adam(0.02), rng: createRng(33) };
      const snapshot = snapshotWeights(model);
      const metrics = await expectNoLeakAsync(() => trainStep(target, bad, settings));
      expect(metrics.finite).toBe(false);
      expect(metrics.applied).toBe(false);
      expect(Number.isFinite(metrics.loss)).toBe(false);
      const now = await Promise.all(model.weights.map((w) => w.read().data()));
      const then = await Promise.all(snapshot.tensors.map((t) => t.data()));
      now.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(then[i]!)));
      disposeSnapshot(snapshot);
      target.optimizer.dispose();
      tf.dispose([batch.x, batch.y, bad.x]);
      model.dispose();
    },
  );

  it('CURE reports consistent metrics: loss = cleanLoss + γ·regularizer', async () => {
    const model = toyModel(41, 'gelu');
    const batch = moonsBatch(8, 42);
    const target = { model, optimizer: tf.train.sgd(0), rng: createRng(43) };
    const m = await trainStep(target, batch, { method: 'cure', form: 'code', gamma: 3, h: 0.5 });
    expect(m.loss).toBeCloseTo(m.cleanLoss + 3 * m.regularizer, 5); // float32 sum of O(1) terms
    const [clean] = await read(
      tf.tidy(() => tf.mean(perSampleCrossEntropy(logitsOf(model, batch.x), batch.y))),
    );
    expect(m.cleanLoss).toBeCloseTo(clean!, 5);
    expect([m.gamma, m.h, m.form]).toEqual([3, 0.5, 'code']);
    target.optimizer.dispose();
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });
}

/** The training-step suite, once on each of `backends` (test/kit/backends.ts). */
export function trainingSuite(backends: readonly BackendName[]): void {
  describeOnBackends('training', backends, () => {
    describe('CURE gradient', cureChecks);
    describe('training steps', stepChecks);
  });
}
