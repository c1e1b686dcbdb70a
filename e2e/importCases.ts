/**
 * Model files for e2e/import.spec.ts, generated here without tfjs: the most common MNIST Keras
 * model of all — Dense layers on a flat [784] input with a final softmax — as
 * tensorflowjs_converter writes it (model.json + one weight shard), and bad sets made from it,
 * each with the fault its refusal must name.
 */

/** One file as the file input takes it. */
export interface ModelFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- model.json is mutated freely below

export const SHARD = 'group1-shard1of1.bin';
const HIDDEN = 24;

/** The weights in manifest order: name, shape and values (seeded, small). */
export interface DenseWeights {
  kernel: Float32Array; // [784, HIDDEN]
  bias: Float32Array; // [HIDDEN]
  kernel1: Float32Array; // [HIDDEN, 10]
  bias1: Float32Array; // [10]
}

/** A seeded uniform generator in [-1, 1) (LCG; the same weights every run). */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  };
}

export function denseWeights(seed = 7): DenseWeights {
  const next = uniform(seed);
  const fill = (n: number, scale: number) => Float32Array.from({ length: n }, () => scale * next());
  return {
    kernel: fill(784 * HIDDEN, 0.1),
    bias: fill(HIDDEN, 0.05),
    kernel1: fill(HIDDEN * 10, 0.4),
    bias1: fill(10, 0.05),
  };
}

/** model.json as Keras 2's tensorflowjs_converter writes it for this model. */
export function denseModelJson(): Json {
  const dense = (name: string, units: number, activation: string, input?: (number | null)[]) => ({
    class_name: 'Dense',
    config: {
      name,
      trainable: true,
      ...(input ? { batch_input_shape: input } : {}),
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
  return {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'mnist_dense',
          layers: [
            {
              class_name: 'InputLayer',
              config: {
                batch_input_shape: [null, 784],
                dtype: 'float32',
                sparse: false,
                ragged: false,
                name: 'dense_input',
              },
            },
            dense('dense', HIDDEN, 'relu', [null, 784]),
            {
              class_name: 'Dropout',
              config: { name: 'dropout', trainable: true, dtype: 'float32', rate: 0.2 },
            },
            dense('dense_1', 10, 'softmax'),
          ],
        },
      },
      training_config: { loss: 'sparse_categorical_crossentropy', optimizer_config: {} },
    },
    weightsManifest: [
      {
        paths: [SHARD],
        weights: [
          { name: 'dense/kernel', shape: [784, HIDDEN], dtype: 'float32' },
          { name: 'dense/bias', shape: [HIDDEN], dtype: 'float32' },
          { name: 'dense_1/kernel', shape: [HIDDEN, 10], dtype: 'float32' },
          { name: 'dense_1/bias', shape: [10], dtype: 'float32' },
        ],
      },
    ],
  };
}

function shardOf(w: DenseWeights): Buffer {
  const all = new Float32Array(w.kernel.length + w.bias.length + w.kernel1.length + 10);
  let offset = 0;
  for (const part of [w.kernel, w.bias, w.kernel1, w.bias1]) {
    all.set(part, offset);
    offset += part.length;
  }
  return Buffer.from(all.buffer);
}

const jsonFile = (value: unknown, name = 'model.json'): ModelFile => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
const binFile = (buffer: Buffer, name = SHARD): ModelFile => ({
  name,
  mimeType: 'application/octet-stream',
  buffer,
});

/** The good model's files. */
export function goodModelFiles(w: DenseWeights = denseWeights()): ModelFile[] {
  return [jsonFile(denseModelJson()), binFile(shardOf(w))];
}

/** The model's logits at one flat input (what the lab must compute for it). */
export function denseLogits(w: DenseWeights, x: ArrayLike<number>): number[] {
  const hidden = Array.from({ length: HIDDEN }, (_, j) => {
    let s = w.bias[j]!;
    for (let i = 0; i < 784; i++) s += x[i]! * w.kernel[i * HIDDEN + j]!;
    return Math.max(0, s);
  });
  return Array.from({ length: 10 }, (_, k) =>
    hidden.reduce((s, h, j) => s + h * w.kernel1[j * 10 + k]!, w.bias1[k]!),
  );
}

export interface BadSet {
  name: string;
  files: ModelFile[];
  /** What the refusal must name. */
  fault: RegExp;
}

/** Bad model-file sets, each refused for one fault. */
export function badModelSets(): BadSet[] {
  const w = denseWeights();
  const shard = shardOf(w);
  const sets: BadSet[] = [];
  /** model.json edited by `fn` (and the shard, if it returns one). */
  const edit = (name: string, fault: RegExp, fn: (json: Json) => Buffer | void) => {
    const json = denseModelJson();
    const bin = fn(json) ?? shard;
    sets.push({ name, fault, files: [jsonFile(json), binFile(bin)] });
  };
  const layers = (json: Json): Json[] => json.modelTopology.model_config.config.layers;
  const specs = (json: Json): Json[] => json.weightsManifest[0].weights;
  const withFloat = (index: number, value: number) => {
    const copy = Buffer.from(shard);
    copy.writeFloatLE(value, 4 * index);
    return copy;
  };
  const random = (n: number, seed: number) => {
    const next = uniform(seed);
    return Buffer.from(Uint8Array.from({ length: n }, () => Math.floor((next() + 1) * 128)));
  };

  edit('unknown layer class (LSTM)', /layer 'dense' \(LSTM\).*not supported/, (j) => {
    layers(j)[1]!.class_name = 'LSTM';
  });
  edit('unknown layer class (Lambda)', /layer 'dropout' \(Lambda\).*not supported/, (j) => {
    layers(j)[2]!.class_name = 'Lambda';
  });
  edit('unsupported activation', /layer 'dense'.*activation "selu" is not supported/, (j) => {
    layers(j)[1]!.config.activation = 'selu';
  });
  edit('wrong shape in the manifest', /weight 'dense\/kernel' has shape \[784, 25\]/, (j) => {
    specs(j)[0]!.shape = [784, 25];
  });
  edit('topology wider than the weights', /weight 'dense\/kernel' has shape/, (j) => {
    layers(j)[1]!.config.units = 16;
  });
  edit('wrong number of classes', /outputs 5 values, but the dataset has 10 classes/, (j) => {
    layers(j)[3]!.config.units = 5;
    specs(j)[2]!.shape = [HIDDEN, 5];
    specs(j)[3]!.shape = [5];
    return shard.subarray(0, shard.length - 4 * (HIDDEN * 5 + 5));
  });
  edit('wrong input shape ([100])', /input/i, (j) => {
    layers(j)[0]!.config.batch_input_shape = [null, 100];
    layers(j)[1]!.config.batch_input_shape = [null, 100];
    specs(j)[0]!.shape = [100, HIDDEN];
  });
  edit('short weights (4 bytes)', new RegExp(`'${SHARD}' holds \\d+ bytes.*need`), () =>
    shard.subarray(0, shard.length - 4),
  );
  edit('empty weight file', new RegExp(`'${SHARD}' holds 0 bytes`), () => Buffer.alloc(0));
  edit('extra bytes', new RegExp(`'${SHARD}' holds \\d+ bytes`), () =>
    Buffer.concat([shard, Buffer.alloc(8)]),
  );
  edit('random bytes for weights', new RegExp(`'${SHARD}' holds 1000 bytes`), () =>
    random(1000, 3),
  );
  edit('NaN in dense/kernel', /weight 'dense\/kernel' holds a non-finite value \(NaN\)/, () =>
    withFloat(17, NaN),
  );
  edit(
    'Infinity in dense_1/bias',
    /weight 'dense_1\/bias' holds a non-finite value \(-?Infinity\)/,
    () => withFloat(shard.length / 4 - 1, -Infinity),
  );
  edit('int32 dtype', /weight 'dense\/kernel': dtype "int32"/, (j) => {
    specs(j)[0]!.dtype = 'int32';
  });
  edit('float16 dtype', /weight 'dense\/bias': dtype "float16"/, (j) => {
    specs(j)[1]!.dtype = 'float16';
  });
  edit('quantized weights', /weight 'dense\/kernel': quantized/, (j) => {
    specs(j)[0]!.quantization = { dtype: 'uint8', min: -1, scale: 0.01 };
  });
  edit('missing weightsManifest', /model.json: has no weightsManifest/, (j) => {
    delete j.weightsManifest;
  });
  edit('empty weightsManifest', /weightsManifest must be a non-empty list/, (j) => {
    j.weightsManifest = [];
  });
  edit('weight missing from the manifest', /weight 'dense_1\/bias' is missing/, (j) => {
    specs(j).pop();
  });
  edit('weight of no layer', /weight 'ghost\/kernel' belongs to no layer/, (j) => {
    specs(j).push({ name: 'ghost/kernel', shape: [1], dtype: 'float32' });
  });
  edit('weight listed twice', /weight 'dense\/bias' is listed twice/, (j) => {
    specs(j).push(specs(j)[1]!);
  });
  edit('path outside the folder', /weight file "..\/group1-shard1of1.bin" points outside/, (j) => {
    j.weightsManifest[0].paths = [`../${SHARD}`];
  });
  edit('absolute path', /weight file "\/etc\/passwd" is an absolute/, (j) => {
    j.weightsManifest[0].paths = ['/etc/passwd'];
  });
  edit('URL path', /weight file "https:.*is a URL/, (j) => {
    j.weightsManifest[0].paths = ['https://example.com/weights.bin'];
  });
  edit('graph model', /format "graph-model" is not a LayersModel/, (j) => {
    j.format = 'graph-model';
  });
  edit('no modelTopology', /has no modelTopology/, (j) => {
    delete j.modelTopology;
  });
  edit('bad inputRange', /userDefinedMetadata.inputRange must be \[low, high\]/, (j) => {
    j.userDefinedMetadata = { inputRange: [1, 0] };
  });

  const good = goodModelFiles(w);
  sets.push(
    {
      name: 'missing .bin file',
      files: [good[0]!],
      fault: new RegExp(`weight file '${SHARD}' is not among the given files`),
    },
    {
      name: 'weights under another name',
      files: [good[0]!, binFile(shard, 'weights.bin')],
      fault: new RegExp(`weight file '${SHARD}' is not among the given files`),
    },
    { name: 'no model.json', files: [good[1]!], fault: /no model.json among the given files/ },
    {
      name: 'two .json files',
      files: [...good, jsonFile(denseModelJson(), 'other.json')],
      fault: /more than one .json file given/,
    },
    {
      name: 'empty model.json',
      files: [jsonFile(''), good[1]!],
      fault: /model.json: not valid JSON/,
    },
    {
      name: 'random bytes for model.json',
      files: [{ ...jsonFile(''), buffer: random(300, 9) }, good[1]!],
      fault: /model.json: not valid JSON/,
    },
    {
      name: 'a JSON list, not an object',
      files: [jsonFile([1, 2, 3]), good[1]!],
      fault: /model.json: must be a JSON object/,
    },
    {
      name: 'the same file twice',
      files: [...good, good[1]!],
      fault: new RegExp(`two files named '${SHARD}'`),
    },
  );
  return sets;
}

/**
 * The sets for which no notice names the fault, when every notice answers one set (a perfect
 * matching of sets to notices, Kuhn's augmenting paths: several faults read alike, e.g. a short
 * and a long weight file, so a greedy pairing could take one's notice for the other).
 */
export function unmatchedFaults(sets: readonly BadSet[], notices: readonly string[]): string[] {
  const owner = new Array<number>(notices.length).fill(-1);
  const assign = (s: number, seen: Set<number>): boolean =>
    notices.some((text, n) => {
      if (seen.has(n) || !sets[s]!.fault.test(text)) return false;
      seen.add(n);
      if (owner[n] !== -1 && !assign(owner[n]!, seen)) return false;
      owner[n] = s;
      return true;
    });
  return sets.flatMap((set, s) => (assign(s, new Set()) ? [] : [`${set.name}: ${set.fault}`]));
}
