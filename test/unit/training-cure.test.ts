/**
 * CURE on MNIST-shaped models, in node on cpu: the first-layer route against ∇ₓ directly (MLP and
 * CNN), the finite-difference formula for the weight gradient on a smooth image model, the two
 * forms' relation, the direction z and the stop-gradient. (Toy-model checks that also run on
 * the GPU backends are in test/suites/training.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildMnistCnn, buildMnistMlp } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import {
  checkCureSettings,
  cureDirection,
  cureTerms,
  stopGradient,
  type CureSettings,
} from '../../src/core/training';
import { expectNoLeak, read, REFERENCE_BACKEND, relativeError, useBackend } from '../kit';
import {
  flatGradient,
  mixedGradientByDifferences,
  referenceDifference,
} from '../suites/trainingKit';
import type { HiddenActivation } from '../../src/core/names';

useBackend(REFERENCE_BACKEND);

/** Seeded images in [0, 1] and labels. */
function images(batch: number, seed: number) {
  const rng = createRng(seed);
  const x = tf.tensor4d(
    Float32Array.from({ length: batch * 784 }, () => rng.uniform()),
    [batch, 28, 28, 1],
  );
  const y = tf.tensor1d(
    Int32Array.from({ length: batch }, () => rng.int(10)),
    'int32',
  );
  return { x, y };
}

const mlp = (activation: HiddenActivation) =>
  buildMnistMlp({ seed: 3, activation, hiddenUnits: [24, 16] });
const cnn = (activation: HiddenActivation) =>
  buildMnistCnn({ seed: 4, activation, filters: [4, 4] });

describe('CURE: the first-layer route equals ∇ₓ directly', () => {
  it.each([
    ['MLP (dense after flatten), relu', () => mlp('relu'), 4],
    ['CNN (conv2d first, max-pool), relu', () => cnn('relu'), 2],
    ['CNN, gelu', () => cnn('gelu'), 2],
  ] as const)('%s: values, z and the weight gradient', async (_name, build, batch) => {
    const model = build();
    const { x, y } = images(batch, 5);
    const settings = (route: 'first-layer' | 'input'): CureSettings => ({
      method: 'cure',
      form: 'paper',
      gamma: 4,
      h: 0.5,
      gradientRoute: route,
    });
    const terms = (route: 'first-layer' | 'input') =>
      expectNoLeak(() => {
        const t = cureTerms(model, x, y, settings(route));
        const out = {
          objective: t.objective.dataSync()[0]!,
          norms: Array.from(t.gradDiffNorms.dataSync()),
          direction: Array.from(t.direction.dataSync()),
        };
        tf.dispose(Object.values(t));
        return out;
      });
    const split = terms('first-layer');
    const direct = terms('input');
    // z = ±1/√d per coordinate: identical unless a g component is within rounding of 0.
    expect(relativeError(split.direction, direct.direction)).toBeLessThan(1e-6);
    // Sums in a different order (Wᵀ applied once to the difference): float32 rounding.
    expect(Math.abs(split.objective - direct.objective)).toBeLessThan(1e-5 * direct.objective);
    expect(relativeError(split.norms, direct.norms)).toBeLessThan(1e-5);
    const gradOf = (route: 'first-layer' | 'input') =>
      flatGradient(model, () => cureTerms(model, x, y, settings(route)).objective);
    // Float32 rounding, amplified by the cancellation in d = ∇ℓ(x+hz) − ∇ℓ(x): measured ≤ 1e-7.
    expect(relativeError(await gradOf('first-layer'), await gradOf('input'))).toBeLessThan(1e-4);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('CURE weight gradient on a smooth image model', () => {
  it.each([1, 3])(
    'batch %i: double backprop matches the first-order finite-difference formula',
    async (batch) => {
      const model = mlp('gelu');
      const { x, y } = images(batch, 6);
      const h = 0.5;
      const exact = await flatGradient(
        model,
        () => cureTerms(model, x, y, { form: 'paper', gamma: 1, h }).regularizer,
      );
      const { z, d } = referenceDifference(model, { x, y }, h);
      const v = tf.mul(2 / batch, d); // ∇_θ (1/B)Σ‖d_b‖² = (2/B)∇_θ Σ⟨d_b, d̄_b⟩
      const approx = await mixedGradientByDifferences(model, { x, y }, z, h, v, 0.1);
      // Displacement 0.1 in a 784-dim input with pixels in [0, 1], Richardson-extrapolated:
      // truncation negligible, float32 rounding of ∇_θℓ / 0.1 dominates (measured ≤ 2e-5).
      expect(relativeError(exact, approx)).toBeLessThan(1e-3);
      tf.dispose([x, y, z, d, v]);
      model.dispose();
    },
  );
});

describe('CURE forms and direction', () => {
  it('paper and code forms share z and d; R_paper = mean‖d‖², R_code = Σ‖d‖/B²', async () => {
    const model = mlp('softplus');
    const { x, y } = images(3, 7);
    const base = { method: 'cure', gamma: 2, h: 0.4 } as const;
    const paper = cureTerms(model, x, y, { ...base, form: 'paper' });
    const code = cureTerms(model, x, y, { ...base, form: 'code' });
    expect(await read(paper.direction.clone())).toEqual(await read(code.direction.clone()));
    const norms = await read(paper.gradDiffNorms.clone());
    expect(await read(code.gradDiffNorms.clone())).toEqual(norms);
    const [rPaper] = await read(paper.regularizer.clone());
    const [rCode] = await read(code.regularizer.clone());
    const sum = norms.reduce((a, n) => a + n, 0);
    const sumSquares = norms.reduce((a, n) => a + n * n, 0);
    // float32 sums of 3 terms vs float64: a few ulps.
    expect(rPaper).toBeCloseTo(sumSquares / 3, 6);
    expect(rCode).toBeCloseTo(sum / 9, 6);
    const [objective] = await read(code.objective.clone());
    const [clean] = await read(code.cleanLoss.clone());
    expect(objective).toBeCloseTo(clean! + 2 * rCode!, 5);
    tf.dispose([...Object.values(paper), ...Object.values(code), x, y]);
    model.dispose();
  });

  it('at B = 1 the code regularizer is the square root of the paper one', async () => {
    const model = mlp('tanh');
    const { x, y } = images(1, 8);
    const r = async (form: 'paper' | 'code') => {
      const t = cureTerms(model, x, y, { form, gamma: 1, h: 0.3 });
      const [value] = await read(t.regularizer.clone());
      tf.dispose(Object.values(t));
      return value!;
    };
    expect(await r('code')).toBeCloseTo(Math.sqrt(await r('paper')), 6);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('z has unit norm, entries ±1/√(non-zeros), and is 0 (not NaN) where g = 0', async () => {
    const g = tf.tensor2d([
      [0.3, -2, 0, 1e-9],
      [0, 0, 0, 0],
    ]);
    const z = await read(cureDirection(g));
    const third = 1 / Math.sqrt(3);
    expect(z.slice(0, 4).map((v) => Math.fround(v))).toEqual(
      [third, -third, 0, third].map((v) => Math.fround(v)),
    );
    expect(z.slice(4)).toEqual([0, 0, 0, 0]);
    g.dispose();
  });

  it('stopGradient makes a constant: no gradient flows back through it', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const grad = tf.grad((u: tf.Tensor) =>
      tf.sum(
        tf.add(
          tf.mul(
            stopGradient(() => tf.square(u)),
            u,
          ),
          u,
        ),
      ),
    )(x);
    // d/du [c·u + u] with c = u² held constant: c + 1 (not 3u² + 1).
    expect(await read(grad)).toEqual([2, 5, 10]);
    x.dispose();
  });

  it('rejects settings CURE cannot mean', () => {
    const ok = { form: 'paper', gamma: 1, h: 0.5 } as const;
    expect(() => checkCureSettings({ ...ok, h: 0 })).toThrow(/h/);
    expect(() => checkCureSettings({ ...ok, gamma: -1 })).toThrow(/gamma/);
    expect(() => checkCureSettings({ ...ok, form: 'x' as 'paper' })).toThrow(/form/);
  });
});
