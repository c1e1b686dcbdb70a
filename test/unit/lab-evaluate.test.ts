/**
 * The live evaluation (core/lab/evaluate.ts): its λmax is the mean of one Lanczos run per probe
 * point — now run in lockstep as batched HVPs — and must equal the same runs one point at a time.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { evaluationAttack } from '../../src/core/attacks';
import { crossEntropyLoss, hessianTopK } from '../../src/core/curvature';
import { evaluateNetwork } from '../../src/core/lab/evaluate';
import { buildMlp, disposeModel } from '../../src/core/models';
import { expectNoLeakAsync, normal, REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

// Smooth activation: every probe point has curvature of its own (ReLU would see the softmax only).
const model = buildMlp({
  inputShape: [6],
  hiddenUnits: [10, 10],
  numClasses: 3,
  activation: 'softplus',
  seed: 3,
});
const labels = [0, 2, 1, 1, 0, 2];
const x = tf.tidy(() => tf.add(normal([labels.length, 6], 11, 0.6), 0.5));
const y = tf.tensor1d(labels, 'int32');
afterAll(() => {
  tf.dispose([x, y]);
  disposeModel(model);
});

it('λmax is the mean over probe points of per-point Lanczos (seed + i), without leaks', async () => {
  const seed = 9;
  const settings = { attack: evaluationAttack(0.1, 'linf', null), h: 0.5, seed };
  const result = await expectNoLeakAsync(() =>
    evaluateNetwork(model, { x, y }, { x, y }, settings),
  );
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const xi = tf.slice(x, i, 1);
    const top = await hessianTopK(crossEntropyLoss(model, labels[i]!), xi, {
      k: 1,
      seed: seed + i,
      maxIterations: 30,
      tolerance: 1e-4,
    });
    xi.dispose();
    sum += top.values[0]!;
  }
  const expected = sum / labels.length;
  expect(expected).toBeGreaterThan(0);
  // Same start vectors and stopping rule; a batched HVP rounds differently in float32 (~1e-6),
  // and the stopping tolerance 1e-4 bounds how far two converged Ritz values can sit.
  expect(Math.abs(result.topEigenvalue - expected)).toBeLessThan(1e-4 * expected);
  expect(result.pgdAccuracy).toBeLessThanOrEqual(result.cleanAccuracy);
});

it('a network with NaN weights evaluates to NaN curvature instead of throwing (its next step pauses it)', async () => {
  const poisoned = buildMlp({
    inputShape: [6],
    hiddenUnits: [10, 10],
    numClasses: 3,
    activation: 'softplus',
    seed: 3,
  });
  const first = poisoned.trainableWeights[0]!.read() as tf.Variable;
  const nan = tf.fill(first.shape, NaN);
  first.assign(nan);
  nan.dispose();
  const settings = { attack: evaluationAttack(0.1, 'linf', null), h: 0.5, seed: 9 };
  const result = await expectNoLeakAsync(() =>
    evaluateNetwork(poisoned, { x, y }, { x, y }, settings),
  );
  expect(result.topEigenvalue).toBeNaN();
  expect(result.cureDiffNorm).toBeNaN();
  disposeModel(poisoned);
});
