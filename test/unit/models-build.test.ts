import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  buildMnistCnn,
  buildMnistMlp,
  buildToyMlp,
  copyWeights,
  disposeModel,
  disposeSnapshot,
  logitsOf,
  planOf,
  restoreWeights,
  snapshotWeights,
  trainableVariables,
  type WeightSnapshot,
} from '../../src/core/models';
import { expectNoLeak, maxAbsError, normal, readSync, REFERENCE_BACKEND, useBackend } from '../kit';
import type { HiddenActivation } from '../../src/core/names';

useBackend(REFERENCE_BACKEND);

/** Every weight's bits, for exact comparisons. */
function weightBits(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(new Uint32Array(w.dataSync().slice().buffer)));
}

const BUILDERS: [string, (seed: number, a: HiddenActivation) => tf.Sequential, number[], number][] =
  [
    ['MNIST MLP', (seed, activation) => buildMnistMlp({ seed, activation }), [28, 28, 1], 109_386],
    ['MNIST CNN', (seed, activation) => buildMnistCnn({ seed, activation }), [28, 28, 1], 5_258],
    ['toy MLP', (seed, activation) => buildToyMlp({ seed, activation, numClasses: 3 }), [2], 371],
  ];

describe.each(BUILDERS)('%s', (_name, build, inputShape, numParams) => {
  it('has the documented size, gives logits equal to model.predict, leaks nothing', () => {
    expectNoLeak(() => {
      const model = build(1, 'gelu');
      expect(model.countParams()).toBe(numParams);
      const x = normal([2, ...inputShape], 7);
      const ours = logitsOf(model, x);
      const theirs = model.predict(x) as tf.Tensor;
      expect(ours.shape).toEqual(theirs.shape);
      // Same ops on the same weights; the layers path may use fused kernels (float32 ulps).
      expect(maxAbsError(readSync(ours), readSync(theirs))).toBeLessThan(1e-5);
      x.dispose();
      disposeModel(model);
    });
  });

  it('repeats exactly for a seed and differs for another', () => {
    expectNoLeak(() => {
      const [a, b, c] = [build(3, 'relu'), build(3, 'relu'), build(4, 'relu')];
      expect(weightBits(a)).toEqual(weightBits(b));
      expect(weightBits(a)).not.toEqual(weightBits(c));
      [a, b, c].forEach(disposeModel);
    });
  });

  it('draws kernels from He-uniform before ReLU, Glorot-uniform otherwise; biases zero', () => {
    expectNoLeak(() => {
      const model = build(5, 'relu');
      const dense = model.layers.filter((l) => l.weights.length > 0);
      dense.forEach((layer, i) => {
        const [kernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor];
        const shape = kernel.shape;
        const receptive = shape.slice(0, -2).reduce((p, q) => p * q, 1);
        const fanIn = receptive * shape[shape.length - 2]!;
        const fanOut = receptive * shape[shape.length - 1]!;
        const isHidden = i < dense.length - 1;
        const limit = Math.sqrt(6 / (isHidden ? fanIn : fanIn + fanOut));
        const values = Array.from(kernel.dataSync());
        const maxAbs = Math.max(...values.map(Math.abs));
        expect(maxAbs).toBeLessThanOrEqual(limit);
        // ≥ 32 uniform draws on [−L, L]: max |value| > L/2 except with probability 2⁻³².
        expect(maxAbs).toBeGreaterThan(limit / 2);
        expect(Array.from(bias.dataSync()).every((v) => v === 0)).toBe(true);
      });
      disposeModel(model);
    });
  });
});

describe('weights for trainers', () => {
  it('trainableVariables are the tf.Variables the plan reads, in layer order', () => {
    expectNoLeak(() => {
      const model = buildMnistCnn({ seed: 1 });
      const vars = trainableVariables(model);
      expect(vars.every((v) => v instanceof tf.Variable && v.trainable)).toBe(true);
      expect(vars).toEqual([...planOf(model).weights]);
      expect(vars.map((v) => v.shape)).toEqual([
        [3, 3, 1, 8],
        [8],
        [3, 3, 8, 16],
        [16],
        [400, 10],
        [10],
      ]);
      disposeModel(model);
    });
  });

  it('snapshot → train → restore is bit-for-bit, repeatedly, and leaks nothing', () => {
    expectNoLeak(() => {
      const model = buildToyMlp({ seed: 2, numClasses: 3, activation: 'tanh' });
      const original = weightBits(model);
      const snapshot = snapshotWeights(model);
      const optimizer = tf.train.adam(0.1);
      const x = normal([4, 2], 3);
      for (let round = 0; round < 2; round++) {
        for (let step = 0; step < 3; step++) {
          tf.tidy(() => {
            optimizer.minimize(() => tf.sum(tf.square(logitsOf(model, x))) as tf.Scalar, false);
          });
        }
        expect(weightBits(model)).not.toEqual(original);
        restoreWeights(model, snapshot);
        expect(weightBits(model)).toEqual(original);
      }
      disposeSnapshot(snapshot);
      optimizer.dispose();
      x.dispose();
      disposeModel(model);
    });
  });

  it('snapshotWeights inside tf.tidy survives the tidy', () => {
    const model = buildToyMlp({ seed: 2, numClasses: 3 });
    let snapshot: WeightSnapshot | undefined;
    tf.tidy(() => {
      snapshot = snapshotWeights(model);
    });
    expect(snapshot!.tensors.every((t) => !t.isDisposed)).toBe(true);
    disposeSnapshot(snapshot!);
    disposeModel(model);
  });

  it('copyWeights copies bit-for-bit; later updates of one do not reach the other', () => {
    expectNoLeak(() => {
      const a = buildMnistCnn({ seed: 1 });
      const b = buildMnistCnn({ seed: 2 });
      copyWeights(a, b);
      expect(weightBits(b)).toEqual(weightBits(a));
      const before = weightBits(a);
      trainableVariables(b).forEach((v) => tf.tidy(() => v.assign(tf.add(v, 1))));
      expect(weightBits(a)).toEqual(before);
      const other = buildToyMlp({ seed: 1, numClasses: 3 });
      expect(() => copyWeights(a, other)).toThrow(/expected/);
      [a, b, other].forEach(disposeModel);
    });
  });
});
