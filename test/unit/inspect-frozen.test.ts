import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { pgd } from '../../src/core/attacks';
import { freezeNetwork, modelPointLoss, topEigenpairsBatch } from '../../src/core/inspect';
import { buildMnistCnn, buildToyMlp, disposeModel, logitsOf } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { meanCrossEntropy } from '../../src/core/loss';
import { normal, readSync, REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

describe('freezeNetwork', () => {
  it('keeps the logits of freeze time while the model trains, and frees everything', () => {
    const before = tf.memory().numTensors;
    const model = buildToyMlp({ numClasses: 3, seed: 2, activation: 'softplus' });
    const x = normal([5, 2], 1);
    const y = tf.tensor1d([0, 1, 2, 0, 1], 'int32');
    const frozen = freezeNetwork(model);
    const atFreeze = readSync(logitsOf(model, x));
    // Same weights, same ops: bit-for-bit.
    expect(readSync(logitsOf(frozen.plan, x))).toEqual(atFreeze);
    expect(frozen.plan.weights.every((w) => !w.trainable)).toBe(true);

    // A real training step: an optimizer without a varList trains every trainable variable —
    // the frozen copies are not trainable, so only the model moves.
    const optimizer = tf.train.sgd(0.5);
    optimizer.minimize(() => meanCrossEntropy(logitsOf(model, x), y));
    optimizer.dispose();
    // And a direct assign, as restoreWeights/copyWeights do.
    const kernel = model.weights[0]!.read() as tf.Variable;
    const doubled = tf.mul(kernel, 2);
    kernel.assign(doubled);
    doubled.dispose();

    const afterTraining = readSync(logitsOf(model, x));
    expect(afterTraining).not.toEqual(atFreeze); // the model did change…
    expect(readSync(logitsOf(frozen.plan, x))).toEqual(atFreeze); // …the frozen copy did not

    frozen.dispose();
    frozen.dispose(); // idempotent
    expect(() => logitsOf(frozen.plan, x)).toThrow(/disposed/);
    expect(readSync(logitsOf(model, x))).toEqual(afterTraining); // the model is untouched
    tf.dispose([x, y]);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is a ModelLike for the attacks and the batched inspectors, and outlives its source', async () => {
    const before = tf.memory().numTensors;
    const model = buildMnistCnn({ seed: 4, filters: [2, 4], activation: 'softplus' });
    const x = tf.tidy(() => tf.clipByValue(tf.add(normal([2, 28, 28, 1], 3, 0.2), 0.5), 0, 1));
    const y = tf.tensor1d([3, 8], 'int32');
    const frozen = freezeNetwork(model);
    const settings = {
      norm: 'linf',
      epsilon: 0.1,
      steps: 2,
      stepSize: 0.05,
      randomStart: false,
      range: [0, 1],
    } as const;
    const attacked = readSync(pgd(model, x, y, settings, createRng(0)));
    const eigen = await topEigenpairsBatch(modelPointLoss(model, y), x, {
      k: 1,
      seed: 1,
      maxIterations: 8,
    });
    disposeModel(model); // the frozen copy holds its own references to the weights' data
    expect(readSync(pgd(frozen.plan, x, y, settings, createRng(0)))).toEqual(attacked);
    const frozenEigen = await topEigenpairsBatch(modelPointLoss(frozen.plan, y), x, {
      k: 1,
      seed: 1,
      maxIterations: 8,
    });
    frozenEigen.forEach((r, p) => expect(r.values[0]).toBe(eigen[p]!.values[0]));
    frozen.dispose();
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
