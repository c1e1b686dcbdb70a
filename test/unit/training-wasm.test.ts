/**
 * CURE on tfjs's wasm backend in node: its off-tape adjoint takes a different path there
 * (materialized Wᵀ, see firstLayer.ts), so check the first-layer route against ∇ₓ directly.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { buildMnistMlp } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { cureTerms, type CureSettings } from '../../src/core/training';
import { read, relativeError, useBackend } from '../kit';
import { flatGradient } from '../suites/trainingKit';

useBackend('wasm');

it('wasm: CURE through the first layer equals CURE through ∇ₓ (z, value, weight gradient)', async () => {
  const model = buildMnistMlp({ seed: 1, hiddenUnits: [24, 16] });
  const rng = createRng(2);
  const x = tf.tensor4d(
    Float32Array.from({ length: 4 * 784 }, () => rng.uniform()),
    [4, 28, 28, 1],
  );
  const y = tf.tensor1d([1, 5, 7, 9], 'int32');
  const settings = (gradientRoute: 'first-layer' | 'input'): CureSettings => ({
    method: 'cure',
    form: 'paper',
    gamma: 4,
    h: 0.5,
    gradientRoute,
  });
  const values = async (route: 'first-layer' | 'input') => {
    const terms = cureTerms(model, x, y, settings(route));
    const [objective] = await read(terms.objective.clone());
    const direction = await read(terms.direction.clone());
    tf.dispose(Object.values(terms));
    return { objective: objective!, direction };
  };
  const split = await values('first-layer');
  const direct = await values('input');
  // Float32 rounding in a different summation order (as on cpu, test/unit/training-cure.test.ts).
  expect(relativeError(split.direction, direct.direction)).toBeLessThan(1e-6);
  expect(Math.abs(split.objective - direct.objective)).toBeLessThan(1e-5 * direct.objective);
  const gradient = (route: 'first-layer' | 'input') =>
    flatGradient(model, () => cureTerms(model, x, y, settings(route)).objective);
  expect(relativeError(await gradient('first-layer'), await gradient('input'))).toBeLessThan(1e-4);
  tf.dispose([x, y]);
  model.dispose();
});
