/**
 * The fused cross-entropy used by attacks and training steps against loss.ts's
 * perSampleCrossEntropy: same values, gradients, input-Hessian-vector products and mixed
 * second derivatives (what CURE's double backprop needs).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { perSampleCrossEntropyFused } from '../../src/core/attacks';
import { perSampleCrossEntropy } from '../../src/core/loss';
import { buildMnistMlp, logitsOf, trainableVariables } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { expectNoLeak, readSync, REFERENCE_BACKEND, relativeError, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

type Loss = (logits: tf.Tensor2D, labels: tf.Tensor1D) => tf.Tensor1D;

const LOSSES: [string, Loss][] = [
  ['fused', perSampleCrossEntropyFused],
  ['loss.ts', perSampleCrossEntropy],
];

function data(seed: number) {
  const rng = createRng(seed);
  const x = tf.tensor4d(
    Float32Array.from({ length: 3 * 784 }, () => rng.uniform()),
    [3, 28, 28, 1],
  );
  const v = tf.tensor4d(
    Float32Array.from({ length: 3 * 784 }, () => rng.normal()),
    [3, 28, 28, 1],
  );
  return { x, v, y: tf.tensor1d([3, 0, 7], 'int32') };
}

describe('perSampleCrossEntropyFused', () => {
  it('has the values of perSampleCrossEntropy, bit for bit, even for extreme logits', () => {
    const logits = tf.tensor2d([
      [1000, 0, -1000],
      [80, 90, 100],
      [1e-3, -2e-3, 0],
    ]);
    const labels = tf.tensor1d([2, 1, 0], 'int32');
    const fused = expectNoLeak(() => readSync(perSampleCrossEntropyFused(logits, labels)));
    expect(fused).toEqual(readSync(perSampleCrossEntropy(logits, labels))); // same ops, same order
    expect(fused.every(Number.isFinite)).toBe(true);
    tf.dispose([logits, labels]);
  });

  it('gives the same input gradient and exact input-HVP as loss.ts through a model', () => {
    const model = buildMnistMlp({ seed: 1, activation: 'gelu', hiddenUnits: [32] });
    const { x, v, y } = data(2);
    const results = LOSSES.map(([, loss]) =>
      tf.tidy(() => {
        const f = (u: tf.Tensor) => tf.sum(loss(logitsOf(model, u), y));
        const grad = readSync(tf.grad(f)(x));
        const hvp = readSync(tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(u), v)))(x));
        return { grad, hvp };
      }),
    );
    const [fused, reference] = results as [(typeof results)[0], (typeof results)[0]];
    // Softmax − onehot vs autodiff of log-sum-exp: float32 rounding (measured 6e-8).
    expect(relativeError(fused.grad, reference.grad)).toBeLessThan(1e-5);
    expect(relativeError(fused.hvp, reference.hvp)).toBeLessThan(1e-5);
    tf.dispose([x, v, y]);
    model.dispose();
  });

  it('gives the same mixed second derivative ∇_θ‖∇ₓℓ‖² as loss.ts (double backprop)', () => {
    const model = buildMnistMlp({ seed: 3, activation: 'tanh', hiddenUnits: [16] });
    const { x, v, y } = data(4);
    const vars = trainableVariables(model);
    const results = LOSSES.map(([, loss]) =>
      tf.tidy(() => {
        const f = (u: tf.Tensor) => tf.sum(loss(logitsOf(model, u), y));
        const { grads } = tf.variableGrads(
          () => tf.sum(tf.square(tf.grad(f)(x))) as tf.Scalar,
          vars,
        );
        return vars.flatMap((w) => readSync(grads[w.name]!));
      }),
    );
    // Same quantity through different exact derivative graphs: float32 rounding (measured 1.3e-7).
    expect(relativeError(results[0]!, results[1]!)).toBeLessThan(1e-5);
    tf.dispose([x, v, y]);
    model.dispose();
  });
});
