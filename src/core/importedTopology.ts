/**
 * The topology half of model import: checks a LayersModel's `modelTopology` (as Keras's
 * tensorflowjs_converter, tfjs's `model.save` and scripts/pytorch_to_tfjs.py write it) layer by
 * layer before tfjs sees it, and rewrites it into the lab's form: the dataset's input shape
 * (a Reshape to the model's own shape in front when they differ) and logits out (a final softmax
 * removed). Plain JSON in, plain JSON out; every refusal names the layer and the setting.
 */
import { chainOfFunctional } from './importedChain';
import { ImportRefusal } from './importRefusal';
import { SUPPORTED_ACTIVATIONS } from './models/activations';
import { SUPPORTED_LAYERS } from './models/plan';

export { ImportRefusal };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/** Layer classes an imported model may use (tfjs-layers / Keras class names): its input, then
 * what the forward pass computes. */
export const IMPORTABLE_LAYERS = ['InputLayer', ...SUPPORTED_LAYERS] as const;

export interface ImportedTopology {
  /** The rewritten Sequential topology, ready for tfjs (`{class_name, config: {name, layers}}`). */
  topology: Json;
  /** The model's own per-sample input shape, e.g. [784] or [28, 28, 1]. */
  modelInputShape: number[];
  /** True when a Reshape from the dataset's shape was put in front. */
  reshapedInput: boolean;
  /** True when a final softmax was removed, so the model outputs logits. */
  strippedSoftmax: boolean;
  /** The layer classes, in order, as given (InputLayer excluded). */
  layerClasses: string[];
  /** The topology's own name (Keras: e.g. "sequential"), if any. */
  topologyName: string | null;
}

function refuse(layer: Json | null, why: string): never {
  const name = layer === null ? null : layerName(layer);
  const where = layer === null ? 'model.json' : `layer '${name}' (${String(layer['class_name'])})`;
  throw new ImportRefusal(`${where}: ${why}`);
}

const layerName = (layer: Json): string =>
  isObject(layer['config']) && typeof layer['config']['name'] === 'string'
    ? layer['config']['name']
    : '?';

/** A positive integer or a pair of them (Keras's kernel_size, strides, pool_size). */
function checkPair(layer: Json, config: Json, key: string, optional: boolean): void {
  const v = config[key];
  if (optional && (v === undefined || v === null)) return;
  const ok = isCount(v) || (Array.isArray(v) && v.length === 2 && v.every(isCount));
  if (!ok) refuse(layer, `${key} must be a positive integer or two, got ${JSON.stringify(v)}`);
}

function checkActivation(layer: Json, config: Json): void {
  const a = config['activation'] ?? 'linear';
  if (!(SUPPORTED_ACTIVATIONS as readonly unknown[]).includes(a)) {
    refuse(
      layer,
      `activation ${JSON.stringify(a)} is not supported (supported: ${SUPPORTED_ACTIVATIONS.join(', ')})`,
    );
  }
}

function checkChannelsLast(layer: Json, config: Json): void {
  const f = config['data_format'];
  if (f !== undefined && f !== null && f !== 'channels_last') {
    refuse(layer, `data_format ${JSON.stringify(f)} is not supported (channels_last only)`);
  }
}

function checkOne(layer: Json, config: Json, key: string, allowed: unknown[]): void {
  const v = config[key];
  if (v !== undefined && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(v))) {
    refuse(layer, `${key} ${JSON.stringify(v)} is not supported`);
  }
}

/** Checks one layer's class and the settings the lab's forward pass depends on. */
function checkLayer(layer: Json, config: Json): void {
  const cls = layer['class_name'];
  switch (cls) {
    case 'Dense':
      if (!isCount(config['units'])) refuse(layer, 'units must be a positive integer');
      return checkActivation(layer, config);
    case 'Conv2D':
      if (!isCount(config['filters'])) refuse(layer, 'filters must be a positive integer');
      checkPair(layer, config, 'kernel_size', false);
      checkPair(layer, config, 'strides', true);
      checkOne(layer, config, 'padding', ['valid', 'same']);
      checkOne(layer, config, 'dilation_rate', [1, [1, 1]]);
      checkOne(layer, config, 'groups', [1]);
      checkChannelsLast(layer, config);
      return checkActivation(layer, config);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      checkPair(layer, config, 'pool_size', false);
      checkPair(layer, config, 'strides', true);
      checkOne(layer, config, 'padding', ['valid']);
      return checkChannelsLast(layer, config);
    case 'ZeroPadding2D':
    case 'Flatten':
      return checkChannelsLast(layer, config);
    case 'Reshape': {
      const t = config['target_shape'];
      const ok = Array.isArray(t) && t.length > 0 && t.every((d) => isCount(d) || d === -1);
      if (!ok || t.filter((d) => d === -1).length > 1) {
        refuse(
          layer,
          `target_shape must be positive integers (one -1 at most), got ${JSON.stringify(t)}`,
        );
      }
      return;
    }
    case 'Dropout': {
      const r = config['rate'];
      if (typeof r !== 'number' || !(r >= 0 && r < 1)) refuse(layer, 'rate must be in [0, 1)');
      return;
    }
    case 'Activation':
      return checkActivation(layer, config);
    case 'ReLU':
      if (config['max_value'] != null) refuse(layer, 'max_value is not supported');
      return;
    case 'Softmax':
      return checkOne(layer, config, 'axis', [-1, 1, [-1], [1]]);
    default:
      refuse(
        layer,
        `layer class ${JSON.stringify(cls)} is not supported (supported: ${IMPORTABLE_LAYERS.slice(1).join(', ')})`,
      );
  }
}

/** The per-sample shape in `batch_input_shape` / `batch_shape` ([null, ...dims]). */
function batchShapeOf(layer: Json, config: Json): number[] | null {
  const v = config['batch_input_shape'] ?? config['batch_shape'];
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length < 2 || v[0] !== null || !v.slice(1).every(isCount)) {
    refuse(layer, `input shape must be [null, positive integers…], got ${JSON.stringify(v)}`);
  }
  return v.slice(1) as number[];
}

/** Keras 3 writes dtype as a DTypePolicy object; tfjs wants the plain name. Float32 only. */
function normalizeDtype(layer: Json, config: Json): void {
  const d = config['dtype'];
  if (d === undefined || d === null || d === 'float32') return;
  const policy = isObject(d) && isObject(d['config']) ? d['config']['name'] : null;
  if (policy === 'float32') config['dtype'] = 'float32';
  else refuse(layer, `dtype ${JSON.stringify(d)} is not supported (float32 only)`);
}

/**
 * Initializers, regularizers and constraints matter only to Keras's own fit: the weights are
 * replaced right after the build and the lab trains with its own loop. Zeros and nulls make the
 * build cheap (no Orthogonal QR on a big kernel) and spare refusals for classes tfjs lacks.
 */
function dropTrainingOnlySettings(config: Json): void {
  for (const key of Object.keys(config)) {
    if (key.endsWith('_initializer')) config[key] = { class_name: 'Zeros', config: {} };
    else if (key.endsWith('_regularizer') || key.endsWith('_constraint')) config[key] = null;
  }
}

const isSoftmax = (layer: Json, config: Json) =>
  layer['class_name'] === 'Softmax' ||
  (['Activation', 'Dense', 'Conv2D'].includes(layer['class_name'] as string) &&
    config['activation'] === 'softmax');

/** The layers of a Sequential topology, in order, each checked for shape. */
function layersOf(modelTopology: unknown): { layers: Json[]; name: string | null } {
  if (!isObject(modelTopology)) refuse(null, 'modelTopology must be an object');
  const top = isObject(modelTopology['model_config'])
    ? modelTopology['model_config']
    : modelTopology;
  const functional = top['class_name'] === 'Functional' || top['class_name'] === 'Model';
  if (top['class_name'] !== 'Sequential' && !functional) {
    refuse(
      null,
      `only Sequential models and single-chain functional models can be imported, got ${JSON.stringify(top['class_name'])}`,
    );
  }
  const config = top['config'];
  // Keras 2.1 and older wrote the layer list as the config itself.
  const layers =
    functional && isObject(config)
      ? chainOfFunctional(config)
      : Array.isArray(config)
        ? config
        : isObject(config)
          ? config['layers']
          : undefined;
  if (!Array.isArray(layers) || layers.length === 0) refuse(null, 'the model has no layers list');
  const names = new Set<string>();
  layers.forEach((layer, i) => {
    if (!isObject(layer) || typeof layer['class_name'] !== 'string' || !isObject(layer['config'])) {
      refuse(null, `layer ${i} must be {class_name, config}`);
    }
    const name = layer['config']['name'];
    if (typeof name !== 'string' || name === '') refuse(null, `layer ${i} has no name`);
    if (names.has(name)) refuse(layer, 'the layer name is used twice');
    names.add(name);
  });
  const topName = isObject(config) && typeof config['name'] === 'string' ? config['name'] : null;
  return { layers: layers as Json[], name: topName };
}

/** A name not used by any layer, for the layers the import adds. */
function freshName(layers: Json[], base: string): string {
  const used = new Set(layers.map(layerName));
  let name = base;
  for (let i = 1; used.has(name); i += 1) name = `${base}_${i}`;
  return name;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Checks a Sequential `modelTopology` and rewrites it for the dataset's input shape.
 * @param modelTopology model.json's `modelTopology` (a deep copy is made; the input is untouched).
 * @param datasetShape per-sample input shape of the dataset, e.g. [28, 28, 1].
 * @throws ImportRefusal naming the layer and setting at fault.
 */
export function importTopology(
  modelTopology: unknown,
  datasetShape: readonly number[],
): ImportedTopology {
  const given = layersOf(structuredClone(modelTopology));
  let layers = given.layers;
  let modelInputShape: number[] | null = null;
  layers.forEach((layer, i) => {
    const config = layer['config'] as Json;
    normalizeDtype(layer, config);
    dropTrainingOnlySettings(config);
    const shape = batchShapeOf(layer, config);
    if (layer['class_name'] === 'InputLayer') {
      if (i !== 0) refuse(layer, 'an InputLayer must come first');
      if (shape === null) refuse(layer, 'has no batch_input_shape');
    } else {
      checkLayer(layer, config);
    }
    if (shape !== null && i === 0) modelInputShape = shape;
    else if (shape !== null && !(i === 1 && layers[0]!['class_name'] === 'InputLayer')) {
      refuse(layer, 'only the first layer may declare an input shape');
    }
    delete config['batch_input_shape'];
    delete config['batch_shape'];
  });
  const inputShape = modelInputShape as number[] | null;
  if (inputShape === null)
    refuse(null, 'the first layer declares no input shape (batch_input_shape)');
  if (product(inputShape) !== product(datasetShape)) {
    refuse(
      null,
      `the model's input [${inputShape.join(', ')}] does not fit the dataset's [${datasetShape.join(', ')}] (${product(inputShape)} ≠ ${product(datasetShape)} values)`,
    );
  }
  layers = layers.filter((l) => l['class_name'] !== 'InputLayer');
  if (layers.length === 0) refuse(null, 'the model has no layers besides its input');

  // A softmax may only end the model (trailing Dropouts aside); it is removed so the output is logits.
  let end = layers.length;
  while (end > 0 && layers[end - 1]!['class_name'] === 'Dropout') end -= 1;
  layers.forEach((layer, i) => {
    if (i < end - 1 && isSoftmax(layer, layer['config'] as Json)) {
      refuse(layer, 'a softmax must be the last layer');
    }
  });
  const last = layers[end - 1];
  const strippedSoftmax = last !== undefined && isSoftmax(last, last['config'] as Json);
  if (strippedSoftmax) {
    const cls = last['class_name'];
    if (cls === 'Softmax' || cls === 'Activation') layers = layers.slice(0, end - 1);
    else (last['config'] as Json)['activation'] = 'linear';
  }
  if (layers.length === 0) refuse(null, 'the model is only a softmax');

  const reshapedInput = inputShape.join(',') !== datasetShape.join(',');
  const first: Json = reshapedInput
    ? {
        class_name: 'Reshape',
        config: { name: freshName(layers, 'imported_input_reshape'), target_shape: inputShape },
      }
    : (layers.shift() as Json);
  (first['config'] as Json)['batch_input_shape'] = [null, ...datasetShape];
  return {
    topology: {
      class_name: 'Sequential',
      config: { name: given.name ?? 'imported', layers: [first, ...layers] },
    },
    modelInputShape: inputShape,
    reshapedInput,
    strippedSoftmax,
    layerClasses: given.layers
      .map((l) => l['class_name'] as string)
      .filter((c) => c !== 'InputLayer'),
    topologyName: given.name,
  };
}
