import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  buildMnistCnn,
  buildToyMlp,
  disposeModel,
  logitsOf,
  planOf,
  trainableVariables,
} from '../../src/core/models';
import {
  expectNoLeak,
  expectNoLeakAsync,
  hvpExact,
  hvpRichardson,
  maxAbsError,
  normal,
  readSync,
  REFERENCE_BACKEND,
  relativeError,
  useBackend,
} from '../kit';

useBackend(REFERENCE_BACKEND);

/** Saves to memory in the standard LayersModel format (model.json + weights) and loads back. */
async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

/** A model touching most supported layers and activations; ends in a Softmax layer. */
function zooModel(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.reshape({ inputShape: [128], targetShape: [8, 8, 2] }),
      tf.layers.conv2d({
        filters: 3,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'elu',
      }),
      tf.layers.averagePooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'gelu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 1 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 5, activation: 'tanh' }),
      tf.layers.activation({ activation: 'swish' }),
      tf.layers.dense({ units: 6, activation: 'sigmoid' }),
      tf.layers.reLU(),
      tf.layers.dense({ units: 4, activation: 'softplus' }),
      tf.layers.dense({ units: 3 }),
      tf.layers.softmax(),
    ],
  });
  // tfjs's default initializers are unseeded; reseed deterministically for a stable test.
  model.layers.forEach((layer, i) => {
    const fresh = layer.getWeights().map((w, j) => normal(w.shape, 100 + 10 * i + j, 0.5));
    layer.setWeights(fresh);
    tf.dispose(fresh);
  });
  return model;
}

describe('save → load', () => {
  it.each([
    ['CNN, GELU', () => buildMnistCnn({ seed: 1, activation: 'gelu' }), [2, 28, 28, 1]],
    ['toy MLP, tanh', () => buildToyMlp({ seed: 1, numClasses: 4, activation: 'tanh' }), [3, 2]],
    ['zoo model', zooModel, [2, 128]],
  ] as const)('%s: the loaded model gives identical logits', async (_name, build, shape) => {
    await expectNoLeakAsync(async () => {
      const model = build();
      const loaded = await roundTrip(model);
      const x = normal([...shape], 9);
      expect(readSync(logitsOf(loaded, x))).toEqual(readSync(logitsOf(model, x)));
      x.dispose();
      disposeModel(model);
      disposeModel(loaded);
    });
  });

  it('loads a Keras-format model.json (tfjs converter output); logits match float64', async () => {
    const w1 = [0.5, -0.3, 0.8, 0.1, -0.7, 0.2, 0.4, 0.9, -0.1, 0.3, 0.6, -0.5];
    const b1 = [0.1, -0.2, 0.05, 0];
    const w2 = [0.7, -0.4, 0.2, 0.9, -0.6, 0.3, 0.5, -0.8];
    const b2 = [0.05, -0.05];
    const dense = (name: string, units: number, activation: string) => ({
      class_name: 'Dense',
      config: {
        name,
        trainable: true,
        dtype: 'float32',
        units,
        activation,
        use_bias: true,
        kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
        bias_initializer: { class_name: 'Zeros', config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
      },
    });
    const artifacts: tf.io.ModelArtifacts = {
      modelTopology: {
        class_name: 'Sequential',
        config: {
          name: 'keras_mlp',
          layers: [
            {
              class_name: 'InputLayer',
              config: { batch_input_shape: [null, 3], dtype: 'float32', sparse: false, name: 'in' },
            },
            dense('hidden', 4, 'gelu'),
            {
              class_name: 'Dropout',
              config: { name: 'drop', rate: 0.5, noise_shape: null, seed: null },
            },
            dense('out', 2, 'softmax'),
          ],
        },
        keras_version: '2.15.0',
        backend: 'tensorflow',
      },
      weightSpecs: [
        { name: 'hidden/kernel', shape: [3, 4], dtype: 'float32' },
        { name: 'hidden/bias', shape: [4], dtype: 'float32' },
        { name: 'out/kernel', shape: [4, 2], dtype: 'float32' },
        { name: 'out/bias', shape: [2], dtype: 'float32' },
      ],
      weightData: new Float32Array([...w1, ...b1, ...w2, ...b2]).buffer,
    };
    await expectNoLeakAsync(async () => {
      const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      expect(planOf(model).strippedSoftmax).toBe(true);
      const x = [0.3, -1.2, 0.7];
      const got = readSync(tf.tidy(() => logitsOf(model, tf.tensor2d([x]))));
      // Float64 reference with the float32 weights: GELU(u) = u·Φ(u), via erf's series.
      const erf = (u: number) => {
        let term = u;
        let sum = u;
        for (let n = 1; n < 60; n++) {
          term *= (-u * u) / n;
          sum += term / (2 * n + 1);
        }
        return (2 / Math.sqrt(Math.PI)) * sum;
      };
      const f = (v: number) => Math.fround(v);
      const h = [0, 1, 2, 3].map((j) => {
        const u = f(b1[j]!) + x.reduce((s, xi, i) => s + f(xi) * f(w1[i * 4 + j]!), 0);
        return u * 0.5 * (1 + erf(u / Math.SQRT2));
      });
      const ref = [0, 1].map(
        (k) => f(b2[k]!) + h.reduce((s, hj, j) => s + hj * f(w2[j * 2 + k]!), 0),
      );
      // float32 forward over ~10 ops on O(1) values; erf polynomial error ≤ 1.5e-7.
      expect(maxAbsError(got, ref)).toBeLessThan(2e-6);
      disposeModel(model);
    });
  });
});

describe('final softmax', () => {
  it('is stripped: logitsOf returns pre-softmax scores whose softmax is model.predict', () => {
    expectNoLeak(() => {
      const model = zooModel();
      expect(planOf(model).strippedSoftmax).toBe(true);
      const x = normal([2, 128], 4);
      const probs = readSync(tf.tidy(() => tf.softmax(logitsOf(model, x))));
      // Both are probabilities in [0, 1]: float32 rounding only.
      expect(maxAbsError(probs, readSync(model.predict(x) as tf.Tensor))).toBeLessThan(1e-6);
      x.dispose();
      disposeModel(model);
    });
  });

  it('in a Dense activation: logits equal those of the same model without softmax', () => {
    expectNoLeak(() => {
      const withSoftmax = tf.sequential({
        layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'softmax' })],
      });
      const linear = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4 })] });
      linear.setWeights(withSoftmax.getWeights());
      const x = normal([2, 3], 1);
      expect(readSync(logitsOf(withSoftmax, x))).toEqual(readSync(linear.predict(x) as tf.Tensor));
      expect(planOf(linear).strippedSoftmax).toBe(false);
      x.dispose();
      [withSoftmax, linear].forEach(disposeModel);
    });
  });
});

describe('any supported LayersModel', () => {
  it('zoo model: input HVP by double backprop matches finite differences', () => {
    expectNoLeak(() => {
      const model = zooModel();
      const { exact, fd } = tf.tidy(() => {
        const x = normal([1, 128], 5);
        const v = normal([1, 128], 6, 1 / Math.sqrt(128)); // ‖v‖ ≈ 1
        const f = (u: tf.Tensor) => tf.sum(tf.mul([0.3, -1, 0.6], logitsOf(model, u)));
        return { exact: readSync(hvpExact(f, x, v)), fd: readSync(hvpRichardson(f, x, v, 5e-2)) };
      });
      // float32 FD here is rounding-limited (1e-7·‖∇f‖/(ε‖Hv‖)): measured 1.2e-4 at ε = 3e-2,
      // 7e-5 at 0.1, with no ELU/ReLU/max-pool kink within 0.1 of this input. A wrong or
      // dropped second-order term would be O(1); 1e-3 catches it. (The app's own models are
      // checked against a float64 reference to 5e-6 in models-double-backprop.)
      expect(relativeError(exact, fd)).toBeLessThan(1e-3);
      disposeModel(model);
    });
  });

  it('works for a functional tf.model chain (with an InputLayer)', () => {
    expectNoLeak(() => {
      const input = tf.input({ shape: [4] });
      const hidden = tf.layers.dense({ units: 3, activation: 'relu' }).apply(input);
      const out = tf.layers.dense({ units: 2 }).apply(hidden) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: out });
      const x = normal([2, 4], 2);
      // Unfused vs possibly fused kernels: float32 ulps.
      expect(
        maxAbsError(readSync(logitsOf(model, x)), readSync(model.predict(x) as tf.Tensor)),
      ).toBeLessThan(1e-6);
      x.dispose();
      disposeModel(model);
    });
  });

  it('accepts stand-in weights equal to assigning them to the model', () => {
    expectNoLeak(() => {
      const model = buildToyMlp({ seed: 1, numClasses: 3, activation: 'softplus' });
      const plan = planOf(model);
      const x = normal([3, 2], 1);
      const shifted = plan.weights.map((w) => tf.add(w, 0.1));
      const standIn = readSync(logitsOf(plan, x, shifted));
      trainableVariables(model).forEach((v, i) => v.assign(shifted[i]!));
      expect(readSync(logitsOf(model, x))).toEqual(standIn);
      expect(() => logitsOf(plan, x, shifted.slice(1))).toThrow(/expected 6 weight tensors/);
      tf.dispose([...shifted, x]);
      disposeModel(model);
    });
  });
});

describe('clear errors', () => {
  const cases: [string, () => tf.LayersModel, RegExp][] = [
    [
      'an unsupported layer class',
      () =>
        tf.sequential({
          layers: [
            tf.layers.dense({ inputShape: [3], units: 4 }),
            tf.layers.batchNormalization({ name: 'bn' }),
            tf.layers.dense({ units: 2 }),
          ],
        }),
      /Layer 'bn' \(BatchNormalization\): layer class is not supported/,
    ],
    [
      'an unsupported activation',
      () =>
        tf.sequential({
          layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'selu' })],
        }),
      /activation 'selu' is not supported/,
    ],
    [
      "'same' pooling",
      () =>
        tf.sequential({
          layers: [
            tf.layers.maxPooling2d({ inputShape: [4, 4, 1], poolSize: 2, padding: 'same' }),
            tf.layers.flatten(),
            tf.layers.dense({ units: 2 }),
          ],
        }),
      /MaxPooling2D\): padding 'same' is not supported/,
    ],
    [
      'a dilated convolution',
      () =>
        tf.sequential({
          layers: [
            tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 1, kernelSize: 2, dilationRate: 2 }),
            tf.layers.flatten(),
            tf.layers.dense({ units: 2 }),
          ],
        }),
      /dilation is not supported/,
    ],
    [
      'a softmax layer before the end',
      () =>
        tf.sequential({
          layers: [
            tf.layers.dense({ inputShape: [3], units: 4 }),
            tf.layers.softmax(),
            tf.layers.dense({ units: 2 }),
          ],
        }),
      /softmax must be the last layer/,
    ],
    [
      'a branching graph',
      () => {
        const input = tf.input({ shape: [3] });
        const a = tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor;
        const b = tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor;
        const joined = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
        return tf.model({ inputs: input, outputs: joined });
      },
      /only a single chain of layers/,
    ],
    [
      'an output that is not [B, K]',
      () =>
        tf.sequential({
          layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 })],
        }),
      /must output \[B, K\] logits/,
    ],
  ];
  it.each(cases)('%s', (_name, build, message) => {
    const model = build();
    const x = tf.zeros([1, ...(model.inputs[0]!.shape.slice(1) as number[])]);
    expect(() => logitsOf(model, x)).toThrow(message);
    x.dispose();
    disposeModel(model);
  });

  it('an input of the wrong shape', () => {
    const model = buildToyMlp({ seed: 1, numClasses: 2 });
    const x = tf.zeros([2, 3]);
    expect(() => logitsOf(model, x)).toThrow(/input must be \[B, 2\], got \[2, 3\]/);
    x.dispose();
    disposeModel(model);
  });
});
