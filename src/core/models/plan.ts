/**
 * Reads a tfjs LayersModel into a ForwardPlan: a plain list of steps (dense, conv, pool, …) that
 * the functional forward pass in forward.ts walks with twice-differentiable ops. Validation lives
 * here, so an unsupported model fails once, with the layer named, before any computation.
 */
import * as tf from '@tensorflow/tfjs';
import type { Pair } from '../autodiff/pooling';
import { asActivationName, SUPPORTED_ACTIVATIONS, type ActivationName } from './activations';

/** One step of the forward pass. Weight fields index into ForwardPlan.weights. */
export type ForwardStep =
  | {
      readonly kind: 'dense';
      readonly layer: string;
      readonly kernel: number;
      readonly bias: number | null;
      readonly activation: ActivationName;
    }
  | {
      readonly kind: 'conv2d';
      readonly layer: string;
      readonly kernel: number;
      readonly bias: number | null;
      readonly strides: Pair;
      readonly padding: 'valid' | 'same';
      readonly activation: ActivationName;
    }
  | {
      readonly kind: 'maxPool' | 'avgPool';
      readonly layer: string;
      readonly poolSize: Pair;
      readonly strides: Pair;
    }
  | {
      readonly kind: 'zeroPad';
      readonly layer: string;
      /** [[top, bottom], [left, right]] zero rows and columns. */
      readonly padding: readonly [Pair, Pair];
    }
  | { readonly kind: 'flatten'; readonly layer: string }
  | { readonly kind: 'reshape'; readonly layer: string; readonly targetShape: readonly number[] }
  | { readonly kind: 'activation'; readonly layer: string; readonly activation: ActivationName };

/** A validated, backend-free description of a model's forward pass to its logits. */
export interface ForwardPlan {
  readonly steps: readonly ForwardStep[];
  /** Every weight the steps read (kernels, biases), in step order; the model owns them. */
  readonly weights: readonly tf.Variable[];
  /** Per-sample input shape, without the batch axis (e.g. [28, 28, 1] or [2]). */
  readonly inputShape: readonly number[];
  /** K, the number of logits. */
  readonly numClasses: number;
  /** True when the model ends in softmax, which the plan drops so analysis sees logits. */
  readonly strippedSoftmax: boolean;
}

/** Layer classes the functional forward pass supports (tfjs-layers class names). */
export const SUPPORTED_LAYERS = [
  'Dense',
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'ZeroPadding2D',
  'Flatten',
  'Reshape',
  'Dropout',
  'Activation',
  'ReLU',
  'Softmax',
] as const;

type Config = tf.serialization.ConfigDict;

function fail(layer: tf.layers.Layer, why: string): never {
  throw new Error(`Layer '${layer.name}' (${layer.getClassName()}): ${why}`);
}

function activationOf(layer: tf.layers.Layer, value: unknown): ActivationName {
  const name = asActivationName(value ?? 'linear');
  if (name === null) {
    const supported = SUPPORTED_ACTIVATIONS.join(', ');
    fail(layer, `activation '${String(value)}' is not supported (supported: ${supported})`);
  }
  return name;
}

function pairOf(layer: tf.layers.Layer, value: unknown, what: string): Pair {
  const v = typeof value === 'number' ? [value, value] : value;
  if (Array.isArray(v) && v.length === 2 && v.every((n) => Number.isInteger(n) && n > 0)) {
    return [v[0] as number, v[1] as number];
  }
  return fail(layer, `${what} must be two positive integers, got ${JSON.stringify(value)}`);
}

function requireChannelsLast(layer: tf.layers.Layer, config: Config): void {
  const format = config['dataFormat'];
  if (format !== undefined && format !== null && format !== 'channelsLast') {
    fail(layer, `dataFormat '${String(format)}' is not supported (channelsLast only)`);
  }
}

/** Adds the layer's kernel and (optional) bias to `weights`; returns their indices. */
function takeKernelAndBias(
  layer: tf.layers.Layer,
  weights: tf.Variable[],
): { kernel: number; bias: number | null } {
  const find = (suffix: string): number | null => {
    const w = layer.weights.find((lv) => lv.originalName.split('/').pop() === suffix);
    if (w === undefined) return null;
    const variable = w.read();
    if (!(variable instanceof tf.Variable)) fail(layer, `weight ${suffix} is not a tf.Variable`);
    weights.push(variable);
    return weights.length - 1;
  };
  const kernel = find('kernel');
  if (kernel === null) fail(layer, 'has no kernel weight');
  return { kernel, bias: find('bias') };
}

function convStep(layer: tf.layers.Layer, config: Config, weights: tf.Variable[]): ForwardStep {
  requireChannelsLast(layer, config);
  const dilation = pairOf(layer, config['dilationRate'] ?? 1, 'dilationRate');
  if (dilation[0] !== 1 || dilation[1] !== 1) fail(layer, 'dilation is not supported');
  const padding = config['padding'];
  if (padding !== 'valid' && padding !== 'same') {
    fail(layer, `padding '${String(padding)}' is not supported (valid or same)`);
  }
  return {
    kind: 'conv2d',
    layer: layer.name,
    ...takeKernelAndBias(layer, weights),
    strides: pairOf(layer, config['strides'] ?? 1, 'strides'),
    padding,
    activation: activationOf(layer, config['activation']),
  };
}

function poolStep(layer: tf.layers.Layer, config: Config, kind: 'maxPool' | 'avgPool') {
  requireChannelsLast(layer, config);
  if (config['padding'] !== 'valid') {
    fail(layer, `padding '${String(config['padding'])}' is not supported (valid only)`);
  }
  const poolSize = pairOf(layer, config['poolSize'], 'poolSize');
  const strides = pairOf(layer, config['strides'] ?? config['poolSize'], 'strides');
  return { kind, layer: layer.name, poolSize, strides } as const;
}

/** ZeroPadding2D's padding: n, [h, w] or [[top, bottom], [left, right]], non-negative integers. */
function zeroPadStep(layer: tf.layers.Layer, config: Config): ForwardStep {
  requireChannelsLast(layer, config);
  const value = config['padding'];
  const count = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  const side = (v: unknown): Pair | null =>
    count(v)
      ? [v, v]
      : Array.isArray(v) && v.length === 2 && v.every(count)
        ? [v[0] as number, v[1] as number]
        : null;
  const both = count(value) ? [value, value] : Array.isArray(value) ? value : [];
  const rows = both.length === 2 ? side(both[0]) : null;
  const cols = both.length === 2 ? side(both[1]) : null;
  if (rows === null || cols === null) {
    fail(layer, `padding must be non-negative integers, got ${JSON.stringify(value)}`);
  }
  return { kind: 'zeroPad', layer: layer.name, padding: [rows, cols] };
}

/** Translates one layer; null for layers that are the identity at analysis time (Dropout). */
function stepOf(layer: tf.layers.Layer, weights: tf.Variable[]): ForwardStep | null {
  const config = layer.getConfig();
  const name = layer.name;
  switch (layer.getClassName()) {
    case 'Dense':
      return {
        kind: 'dense',
        layer: name,
        ...takeKernelAndBias(layer, weights),
        activation: activationOf(layer, config['activation']),
      };
    case 'Conv2D':
      return convStep(layer, config, weights);
    case 'MaxPooling2D':
      return poolStep(layer, config, 'maxPool');
    case 'AveragePooling2D':
      return poolStep(layer, config, 'avgPool');
    case 'ZeroPadding2D':
      return zeroPadStep(layer, config);
    case 'Flatten':
      requireChannelsLast(layer, config);
      return { kind: 'flatten', layer: name };
    case 'Reshape':
      return { kind: 'reshape', layer: name, targetShape: config['targetShape'] as number[] };
    case 'Dropout':
      return null; // Identity at evaluation and analysis time.
    case 'Activation':
      return {
        kind: 'activation',
        layer: name,
        activation: activationOf(layer, config['activation']),
      };
    case 'ReLU':
      if (config['maxValue'] != null) fail(layer, 'ReLU with maxValue is not supported');
      return { kind: 'activation', layer: name, activation: 'relu' };
    case 'Softmax': {
      // Accepted as the final layer only (buildPlan checks), where the output is [B, K]: tfjs's
      // default axis 1 and Keras's −1 are then both the class axis.
      const axis = [config['axis']].flat();
      if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== 1)) {
        fail(layer, `softmax over axis ${JSON.stringify(config['axis'])} is not supported`);
      }
      return { kind: 'activation', layer: name, activation: 'softmax' };
    }
    default:
      return fail(
        layer,
        `layer class is not supported (supported: ${SUPPORTED_LAYERS.join(', ')})`,
      );
  }
}

/** The model's layers as a single chain, without InputLayers; throws for branching graphs. */
function chainOf(model: tf.LayersModel): tf.layers.Layer[] {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error('Only models with one input and one output are supported');
  }
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  let previous: tf.layers.Layer | null = null;
  for (const layer of layers) {
    const inbound = layer.inboundNodes.map((node) => node.inboundLayers);
    const source = inbound.length === 1 && inbound[0]?.length === 1 ? inbound[0][0] : undefined;
    const expected =
      previous === null ? source?.getClassName() === 'InputLayer' : source === previous;
    if (!expected) {
      fail(layer, 'only a single chain of layers (a Sequential-style model) is supported');
    }
    previous = layer;
  }
  return layers;
}

/** Removes a final softmax (a Softmax/Activation layer or a dense/conv activation). */
function stripFinalSoftmax(steps: ForwardStep[]): boolean {
  const last = steps[steps.length - 1];
  if (last === undefined || !('activation' in last) || last.activation !== 'softmax') return false;
  if (last.kind === 'activation') steps.pop();
  else steps[steps.length - 1] = { ...last, activation: 'linear' };
  return true;
}

/**
 * Reads a LayersModel into a ForwardPlan, validating every layer. Supported: a single chain of
 * the SUPPORTED_LAYERS (channelsLast; Conv2D valid/same with strides, no dilation; pooling
 * valid only) with SUPPORTED_ACTIVATIONS, ending in [B, K] logits, optionally followed by a
 * softmax (stripped). Throws an Error naming the offending layer and its class otherwise.
 * The plan references the model's variables; it stays valid while the model is alive.
 */
export function buildPlan(model: tf.LayersModel): ForwardPlan {
  const weights: tf.Variable[] = [];
  const layers = chainOf(model);
  const steps: ForwardStep[] = [];
  layers.forEach((layer, i) => {
    const step = stepOf(layer, weights);
    const isLast = layers.slice(i + 1).every((l) => l.getClassName() === 'Dropout');
    if (layer.getClassName() === 'Softmax' && !isLast) {
      fail(layer, 'softmax must be the last layer');
    }
    if (step !== null) steps.push(step);
  });
  const strippedSoftmax = stripFinalSoftmax(steps);
  const inputShape = model.inputs[0]!.shape.slice(1);
  const outputShape = model.outputs[0]!.shape;
  const numClasses = outputShape[1];
  if (inputShape.some((d) => d === null)) {
    throw new Error(`the model's input shape [${inputShape}] must be fully defined`);
  }
  if (outputShape.length !== 2 || numClasses === null || numClasses === undefined) {
    throw new Error(`the model must output [B, K] logits, got [${outputShape}]`);
  }
  return {
    steps,
    weights,
    inputShape: inputShape as number[],
    numClasses,
    strippedSoftmax,
  };
}
