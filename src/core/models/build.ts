/**
 * The app's own models, built as ordinary tfjs LayersModels (so they save and load in the
 * standard model.json + weights format) with seeded initial weights (so a seed reproduces a run
 * exactly). All end in linear logits; analyze them with `logitsOf`.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../random';
import type { HiddenActivation } from '../names';

/** Common options of the model builders. */
export interface BuildOptions {
  /** Seed of the initial weights. */
  readonly seed: number;
  /** Hidden-layer activation; default 'relu'. 'gelu' is exact (erf), PyTorch's nn.GELU(). */
  readonly activation?: HiddenActivation;
}

/** A fully connected network: [B, ...inputShape] → flatten → hidden layers → K logits. */
export interface MlpOptions extends BuildOptions {
  readonly inputShape: readonly number[];
  readonly hiddenUnits: readonly number[];
  readonly numClasses: number;
}

// Layers are created with zero initializers and then filled from the seeded generator: tfjs's
// own initializers draw unseeded random numbers. (The zeros show in model.json's config only.)
const ZERO_INIT = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;

/** Uniform(−limit, limit) kernel: He (√(6/fanIn), PyTorch's kaiming_uniform_ with ReLU gain)
 * before a ReLU, Glorot (√(6/(fanIn + fanOut)), the Keras default) otherwise. Bias zeros. */
function initLayer(layer: tf.layers.Layer, rng: Rng, isRelu: boolean): void {
  const [kernel, bias] = layer.getWeights();
  if (kernel === undefined) return;
  const shape = kernel.shape;
  // Dense [in, out]; Conv2D [kh, kw, in, out]: the receptive field multiplies both fans.
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const fanIn = receptive * shape[shape.length - 2]!;
  const fanOut = receptive * shape[shape.length - 1]!;
  const limit = Math.sqrt(6 / (isRelu ? fanIn : fanIn + fanOut));
  const values = new Float32Array(kernel.size);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng.uniform() - 1) * limit;
  const fresh = [tf.tensor(values, shape)];
  if (bias !== undefined) fresh.push(tf.zeros(bias.shape));
  layer.setWeights(fresh);
  tf.dispose(fresh);
}

/** Initializes every Dense/Conv2D layer of `model` in order, one forked generator per layer. */
function initModel(model: tf.Sequential, seed: number, activation: HiddenActivation): void {
  const rng = createRng(seed);
  const weighted = model.layers.filter((l) => l.weights.length > 0);
  weighted.forEach((layer, i) => {
    const isHidden = i < weighted.length - 1;
    initLayer(layer, rng.fork(), isHidden && activation === 'relu');
  });
}

/**
 * A multilayer perceptron. Layer names: flatten (for inputs of rank > 1), dense1…denseN, logits.
 * @returns an uncompiled tf.Sequential: [B, ...inputShape] → [B, numClasses] logits.
 */
export function buildMlp(options: MlpOptions): tf.Sequential {
  const activation = options.activation ?? 'relu';
  const inputShape = [...options.inputShape];
  const model = tf.sequential();
  // Flatten accepts rank ≥ 3 only ([B, h, w, …]); flat inputs go straight to the first Dense.
  const flat = inputShape.length === 1;
  if (!flat) model.add(tf.layers.flatten({ inputShape, name: 'flatten' }));
  const dense = (units: number, name: string, act: HiddenActivation | 'linear') =>
    tf.layers.dense({
      units,
      activation: act,
      name,
      ...(flat && model.layers.length === 0 ? { inputShape } : {}),
      ...ZERO_INIT,
    });
  options.hiddenUnits.forEach((units, i) => model.add(dense(units, `dense${i + 1}`, activation)));
  model.add(dense(options.numClasses, 'logits', 'linear'));
  initModel(model, options.seed, activation);
  return model;
}

/** MLP for 28×28×1 images and 10 classes; default hidden layers 128 and 64 (109,386
 * parameters). */
export function buildMnistMlp(
  options: BuildOptions & { readonly hiddenUnits?: readonly number[] },
): tf.Sequential {
  return buildMlp({
    ...options,
    inputShape: [28, 28, 1],
    hiddenUnits: options.hiddenUnits ?? [128, 64],
    numClasses: 10,
  });
}

/** MLP for 2-D toy data with K classes; default hidden layers 16 and 16. */
export function buildToyMlp(
  options: BuildOptions & { readonly numClasses: number; readonly hiddenUnits?: readonly number[] },
): tf.Sequential {
  return buildMlp({ ...options, inputShape: [2], hiddenUnits: options.hiddenUnits ?? [16, 16] });
}

/**
 * Small CNN for 28×28×1 images and 10 classes, small enough to train on a CPU in a browser:
 * conv 3×3×f1 → act → maxpool 2×2 → conv 3×3×f2 → act → maxpool 2×2 → flatten → dense 10.
 * Shapes 28 → 26 → 13 → 11 → 5 (valid convolutions and pooling); default f = [8, 16]
 * (5,258 parameters). Layer names: conv1, pool1, conv2, pool2, flatten, logits.
 */
export function buildMnistCnn(
  options: BuildOptions & { readonly filters?: readonly [number, number] },
): tf.Sequential {
  const activation = options.activation ?? 'relu';
  const [f1, f2] = options.filters ?? [8, 16];
  const conv = (filters: number, name: string, inputShape?: number[]) =>
    tf.layers.conv2d({ filters, kernelSize: 3, activation, name, inputShape, ...ZERO_INIT });
  const pool = (name: string) => tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name });
  const model = tf.sequential({
    layers: [
      conv(f1, 'conv1', [28, 28, 1]),
      pool('pool1'),
      conv(f2, 'conv2'),
      pool('pool2'),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 10, name: 'logits', ...ZERO_INIT }),
    ],
  });
  initModel(model, options.seed, activation);
  return model;
}
