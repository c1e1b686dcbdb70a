/**
 * Model import (src/core/importedModel.ts): what users actually have loads in the lab's form, and
 * every kind of bad file — generated here from two good models, an MLP on a flat [784] input with
 * a final softmax and a CNN on [28, 28, 1] — is refused with a message naming the fault, never any
 * other exception, and without leaking tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/core/datasets/registry';
import { DATASET_IDS } from '../../src/core/datasets/types';
import { readImportedModel, weightPathProblem } from '../../src/core/importedModel';
import { loadModelFromFiles, serializeModel } from '../../src/core/modelFiles';
import { logitsOf } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { SHIPPED_BUILDS } from '../../src/core/checkpointCatalog';
import { NETWORK_IDS } from '../../src/core/names';
import { expectNoLeakAsync, maxAbsError, REFERENCE_BACKEND, useBackend } from '../kit';
import { readCheckpointAsset } from '../kit/assets';

useBackend(REFERENCE_BACKEND);

const MNIST = DATASETS.mnist.info;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- model.json is mutated freely by the cases below
const encode = (v: unknown) =>
  new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

interface Files {
  json: Json;
  weights: Uint8Array;
}

function mlp(units = 10): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 16, activation: 'relu', name: 'dense' }),
      tf.layers.dropout({ rate: 0.2, name: 'dropout' }),
      tf.layers.dense({ units, activation: 'softmax', name: 'dense_1' }),
    ],
  });
}

function cnn(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 3, kernelSize: 3, name: 'conv' }),
      tf.layers.activation({ activation: 'tanh', name: 'act' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 10, name: 'logits' }),
    ],
  });
}

async function filesOf(model: tf.LayersModel): Promise<Files> {
  const saved = await serializeModel(model);
  model.dispose();
  return { json: JSON.parse(new TextDecoder().decode(saved.modelJson)), weights: saved.weights };
}

const asMap = (f: Files) =>
  new Map([
    ['model.json', encode(f.json)],
    ['weights.bin', f.weights],
  ]);

const base: Record<'mlp' | 'cnn', Files> = {} as Record<'mlp' | 'cnn', Files>;

beforeAll(async () => {
  base.mlp = await filesOf(mlp());
  base.cnn = await filesOf(cnn());
});

describe('what users have loads, in the lab’s form', () => {
  it('a flat [784] MLP with a final softmax: reshaped input, logits out, same predictions', async () => {
    const original = mlp();
    const saved = await serializeModel(original);
    const result = await readImportedModel(
      new Map([
        ['model.json', saved.modelJson],
        ['weights.bin', saved.weights],
      ]),
      MNIST,
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.info).toMatchObject({
      modelInputShape: [784],
      reshapedInput: true,
      strippedSoftmax: true,
      inputRange: [0, 1],
      inputRangeSource: 'default',
      layerClasses: ['Dense', 'Dropout', 'Dense'],
    });
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 5);
    const [probs, logits] = tf.tidy(() => [
      original.predict(tf.reshape(x, [3, 784])) as tf.Tensor,
      tf.softmax(logitsOf(result.model, x)),
    ]);
    expect(result.model.outputs[0]!.shape).toEqual([null, 10]);
    expect(maxAbsError(await probs!.data(), await logits!.data())).toBeLessThan(1e-6);
    tf.dispose([x, probs!, logits!]);
    original.dispose();
    result.model.dispose();
  });

  it('Keras 2 and Keras 3 converter output (model_config, InputLayer, [28, 28], dtype policies)', async () => {
    const kernel = Array.from({ length: 784 * 10 }, (_, i) => Math.sin(i) / 30);
    const weights = new Uint8Array(
      new Float32Array([...kernel, ...new Array(10).fill(0.1)]).buffer,
    );
    for (const keras3 of [false, true]) {
      const input = keras3
        ? {
            batch_shape: [null, 28, 28],
            dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } },
            name: 'input_layer',
          }
        : { batch_input_shape: [null, 28, 28], dtype: 'float32', name: 'input_1' };
      const json = {
        format: 'layers-model',
        generatedBy: keras3 ? 'keras v3.3.3' : 'keras v2.15.0',
        convertedBy: 'TensorFlow.js Converter v4.22.0',
        modelTopology: {
          keras_version: keras3 ? '3.3.3' : '2.15.0',
          backend: 'tensorflow',
          model_config: {
            class_name: 'Sequential',
            config: {
              name: 'sequential',
              layers: [
                { class_name: 'InputLayer', config: input },
                {
                  class_name: 'Flatten',
                  config: { name: 'flatten', data_format: 'channels_last' },
                },
                {
                  class_name: 'Dense',
                  config: {
                    name: 'dense',
                    units: 10,
                    activation: 'softmax',
                    use_bias: true,
                    // Keras 3 writes registered objects; tfjs has no 'L2' regularizer class.
                    kernel_initializer: {
                      module: 'keras.initializers',
                      class_name: 'Orthogonal',
                      config: { gain: 1, seed: null },
                      registered_name: null,
                    },
                    kernel_regularizer: keras3
                      ? { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 } }
                      : null,
                  },
                },
              ],
            },
          },
          training_config: { loss: 'sparse_categorical_crossentropy' },
        },
        weightsManifest: [
          {
            paths: ['group1-shard1of1.bin'],
            weights: [
              { name: 'dense/kernel', shape: [784, 10], dtype: 'float32' },
              { name: 'dense/bias', shape: [10], dtype: 'float32' },
            ],
          },
        ],
      };
      const result = await readImportedModel(
        new Map([
          ['model.json', encode(json)],
          ['group1-shard1of1.bin', weights],
        ]),
        MNIST,
      );
      if (!result.ok) throw new Error(result.message);
      expect(result.info.modelInputShape).toEqual([28, 28]);
      expect(result.info.strippedSoftmax).toBe(true);
      expect(result.info.topologyName).toBe('sequential');
      const z = tf.tidy(() => logitsOf(result.model, tf.ones([1, 28, 28, 1])));
      const expected = Array.from({ length: 10 }, (_, j) =>
        kernel.reduce((s, w, i) => (i % 10 === j ? s + Math.fround(w) : s), 0.1),
      );
      expect(maxAbsError(await z.data(), expected)).toBeLessThan(1e-4);
      z.dispose();
      result.model.dispose();
    }
  });

  it('says the input range model.json gives', async () => {
    const json = { ...base.mlp.json, userDefinedMetadata: { inputRange: [-1, 1] } };
    const result = await readImportedModel(asMap({ ...base.mlp, json }), MNIST);
    if (!result.ok) throw new Error(result.message);
    expect(result.info).toMatchObject({ inputRange: [-1, 1], inputRangeSource: 'model.json' });
    result.model.dispose();
  });

  it('every shipped checkpoint loads unchanged: same hash, same logits as the checkpoint loader', async () => {
    let count = 0;
    for (const dataset of DATASET_IDS) {
      const info = DATASETS[dataset].info;
      for (const build of SHIPPED_BUILDS[dataset]) {
        for (const method of NETWORK_IDS) {
          const folder = `${dataset}/${build.architecture}-${build.activation}/${method}`;
          const files = new Map([
            ['model.json', await readCheckpointAsset(`${folder}/model.json`)],
            ['weights.bin', await readCheckpointAsset(`${folder}/weights.bin`)],
          ]);
          const imported = await readImportedModel(files, info);
          if (!imported.ok) throw new Error(`${folder}: ${imported.message}`);
          const shipped = await loadModelFromFiles(files.get('model.json')!, folder, async (p) =>
            files.get(p)!,
          );
          expect(imported.info.sha256, folder).toBe(shipped.sha256);
          expect(imported.info.reshapedInput).toBe(false);
          const x = tf.randomUniform([2, ...info.inputShape], 0, 1, 'float32', count);
          const [a, b] = tf.tidy(() => [logitsOf(imported.model, x), logitsOf(shipped.model, x)]);
          expect(Array.from(await a!.data()), folder).toEqual(Array.from(await b!.data()));
          tf.dispose([x, a!, b!]);
          imported.model.dispose();
          shipped.model.dispose();
          count += 1;
        }
      }
    }
    expect(count).toBe(81);
  }, 120_000);
});

type Mutation = (f: Files) => Files | Map<string, Uint8Array>;
interface BadCase {
  name: string;
  mutate: Mutation;
  /** The message must name the fault: the layer, weight, file or setting. */
  fault: RegExp;
}

const edit =
  (fn: (json: Json, weights: Uint8Array) => void | Uint8Array): Mutation =>
  (f) => {
    const json = structuredClone(f.json);
    const weights = fn(json, f.weights.slice()) ?? f.weights;
    return { json, weights };
  };
const layers = (json: Json): Json[] => json.modelTopology.config.layers;
const specs = (json: Json): Json[] => json.weightsManifest[0].weights;
const withBytes = (bytes: Uint8Array) => () => new Map([['model.json', bytes]]);

/** The float index of weight k's element `at` in weights.bin. */
function offsetOf(json: Json, k: number, at: 'first' | 'last'): number {
  const sizes = specs(json).map((s) => (s.shape as number[]).reduce((a, b) => a * b, 1));
  const start = sizes.slice(0, k).reduce((a, b) => a + b, 0);
  return at === 'first' ? start : start + sizes[k]! - 1;
}

function setFloat(weights: Uint8Array, index: number, value: number): Uint8Array {
  new DataView(weights.buffer, weights.byteOffset).setFloat32(4 * index, value, true);
  return weights;
}

function casesFor(kind: 'mlp' | 'cnn'): BadCase[] {
  const f = base[kind];
  const layerNames = layers(f.json).map((l) => l.config.name as string);
  const weightNames = specs(f.json).map((s) => s.name as string);
  const firstLayer = layerNames[0]!;
  const cases: BadCase[] = [];
  layerNames.forEach((name, i) =>
    cases.push({
      name: `unknown layer class at ${name}`,
      mutate: edit((j) => void (layers(j)[i]!.class_name = 'LSTM')),
      fault: new RegExp(`layer '${name}' \\(LSTM\\).*not supported`),
    }),
  );
  weightNames.forEach((name, k) => {
    cases.push({
      name: `NaN in ${name}`,
      mutate: edit((j, w) => setFloat(w, offsetOf(j, k, 'first'), NaN)),
      fault: new RegExp(`weight '${name}'.*non-finite.*NaN`),
    });
    cases.push({
      name: `Infinity at the end of ${name}`,
      mutate: edit((j, w) => setFloat(w, offsetOf(j, k, 'last'), -Infinity)),
      fault: new RegExp(`weight '${name}'.*non-finite.*Infinity`),
    });
    cases.push({
      name: `wrong shape for ${name}`,
      mutate: edit((j) => void (specs(j)[k]!.shape = [...specs(j)[k]!.shape, 1])),
      fault: new RegExp(`weight '${name}' has shape`),
    });
  });
  const w0 = weightNames[0]!;
  const cases2: BadCase[] = [
    {
      name: 'short weights (4 bytes)',
      mutate: edit((_, w) => w.slice(0, -4)),
      fault: /'weights.bin' holds \d+ bytes.*need/,
    },
    {
      name: 'short weights (1 byte)',
      mutate: edit((_, w) => w.slice(0, -1)),
      fault: /'weights.bin' holds \d+ bytes/,
    },
    {
      name: 'empty weights',
      mutate: edit(() => new Uint8Array()),
      fault: /'weights.bin' holds 0 bytes/,
    },
    {
      name: 'extra bytes',
      mutate: edit((_, w) => new Uint8Array([...w, 0, 0, 0, 0])),
      fault: /'weights.bin' holds \d+ bytes/,
    },
    {
      name: 'int32 dtype',
      mutate: edit((j) => void (specs(j)[0]!.dtype = 'int32')),
      fault: new RegExp(`weight '${w0}': dtype "int32"`),
    },
    {
      name: 'float16 dtype',
      mutate: edit((j) => void (specs(j)[0]!.dtype = 'float16')),
      fault: new RegExp(`weight '${w0}': dtype "float16"`),
    },
    {
      name: 'no dtype',
      mutate: edit((j) => void delete specs(j)[0]!.dtype),
      fault: new RegExp(`weight '${w0}': dtype undefined`),
    },
    {
      name: 'quantized',
      mutate: edit((j) => void (specs(j)[0]!.quantization = { dtype: 'uint8', min: 0, scale: 1 })),
      fault: new RegExp(`weight '${w0}': quantized`),
    },
    {
      name: 'missing weightsManifest',
      mutate: edit((j) => void delete j.weightsManifest),
      fault: /model.json: has no weightsManifest/,
    },
    {
      name: 'empty weightsManifest',
      mutate: edit((j) => void (j.weightsManifest = [])),
      fault: /weightsManifest must be a non-empty/,
    },
    {
      name: 'manifest group without paths',
      mutate: edit((j) => void delete j.weightsManifest[0].paths),
      fault: /weightsManifest\[0\] must have paths/,
    },
    {
      name: 'malformed weight entry',
      mutate: edit((j) => void (specs(j)[1] = { name: 7 })),
      fault: /weights\[1\] must be \{name, shape, dtype\}/,
    },
    {
      name: 'weight missing from manifest',
      mutate: edit((j) => void specs(j).pop()),
      fault: new RegExp(`weight '${weightNames.at(-1)}' is missing from the weights manifest`),
    },
    {
      name: 'weight listed twice',
      mutate: edit((j) => void specs(j).push(specs(j)[0]!)),
      fault: new RegExp(`weight '${w0}' is listed twice`),
    },
    {
      name: 'weight of no layer',
      mutate: edit(
        (j) => void specs(j).push({ name: 'ghost/kernel', shape: [1], dtype: 'float32' }),
      ),
      fault: /weight 'ghost\/kernel' belongs to no layer/,
    },
    {
      name: 'renamed weight',
      mutate: edit((j) => void (specs(j)[0]!.name = 'other/kernel')),
      fault: new RegExp(`weight '${w0}' is missing`),
    },
    {
      name: 'path ../',
      mutate: edit((j) => void (j.weightsManifest[0].paths = ['../weights.bin'])),
      fault: /weight file "..\/weights.bin" points outside/,
    },
    {
      name: 'absolute path',
      mutate: edit((j) => void (j.weightsManifest[0].paths = ['/etc/passwd'])),
      fault: /weight file "\/etc\/passwd" is an absolute/,
    },
    {
      name: 'URL path',
      mutate: edit((j) => void (j.weightsManifest[0].paths = ['https://example.com/w.bin'])),
      fault: /weight file "https:.*URL/,
    },
    {
      name: 'Windows path',
      mutate: edit((j) => void (j.weightsManifest[0].paths = ['C:\\w.bin'])),
      fault: /weight file "C:.*(URL|Windows)/,
    },
    {
      name: 'sub/../ path',
      mutate: edit((j) => void (j.weightsManifest[0].paths = ['sub/../../x.bin'])),
      fault: /points outside/,
    },
    {
      name: 'weight file not given',
      mutate: (g) => new Map([['model.json', encode(g.json)]]),
      fault: /weight file 'weights.bin' is not among the given files/,
    },
    {
      name: 'file listed twice',
      mutate: edit((j) => void j.weightsManifest[0].paths.push('weights.bin')),
      fault: /weight file 'weights.bin' is listed twice/,
    },
    {
      name: 'empty model.json',
      mutate: withBytes(new Uint8Array()),
      fault: /model.json: not valid JSON/,
    },
    {
      name: 'JSON array',
      mutate: withBytes(encode([1, 2])),
      fault: /model.json: must be a JSON object/,
    },
    {
      name: 'JSON null',
      mutate: withBytes(encode('null')),
      fault: /model.json: must be a JSON object/,
    },
    {
      name: 'no modelTopology',
      mutate: edit((j) => void delete j.modelTopology),
      fault: /model.json: has no modelTopology/,
    },
    {
      name: 'graph model',
      mutate: edit((j) => void (j.format = 'graph-model')),
      fault: /format "graph-model"/,
    },
    {
      name: 'unknown model class',
      mutate: edit((j) => void (j.modelTopology.class_name = 'Graph')),
      fault: /only Sequential models and single-chain functional models.*"Graph"/,
    },
    {
      name: 'topology not an object',
      mutate: edit((j) => void (j.modelTopology = 'x')),
      fault: /modelTopology must be an object/,
    },
    {
      name: 'layers not a list',
      mutate: edit((j) => void (j.modelTopology.config.layers = {})),
      fault: /no layers list/,
    },
    {
      name: 'layer not an object',
      mutate: edit((j) => void (layers(j)[1] = 3 as unknown as Json)),
      fault: /layer 1 must be \{class_name, config\}/,
    },
    {
      name: 'layer without name',
      mutate: edit((j) => void delete layers(j)[1]!.config.name),
      fault: /layer 1 has no name/,
    },
    {
      name: 'duplicate layer name',
      mutate: edit((j) => void (layers(j)[1]!.config.name = firstLayer)),
      fault: new RegExp(`layer '${firstLayer}'.*used twice`),
    },
    {
      name: 'unsupported activation',
      mutate: edit((j) => void (layers(j)[0]!.config.activation = 'selu')),
      fault: new RegExp(`layer '${firstLayer}'.*"selu" is not supported`),
    },
    {
      name: 'softmax in the middle',
      mutate: edit((j) => void (layers(j)[0]!.config.activation = 'softmax')),
      fault: new RegExp(`layer '${firstLayer}'.*softmax must be the last`),
    },
    {
      name: 'input shape of another size',
      mutate: edit((j) => void (layers(j)[0]!.config.batch_input_shape = [null, 10])),
      fault: /input \[10\] does not fit the dataset's \[28, 28, 1\]/,
    },
    {
      name: 'three-channel input',
      mutate: edit((j) => void (layers(j)[0]!.config.batch_input_shape = [null, 28, 28, 3])),
      fault: /input \[28, 28, 3\] does not fit/,
    },
    {
      name: 'input shape with a batch size',
      mutate: edit((j) => void (layers(j)[0]!.config.batch_input_shape = [32, 784])),
      fault: new RegExp(`layer '${firstLayer}'.*input shape must be \\[null`),
    },
    {
      name: 'no input shape',
      mutate: edit((j) => void delete layers(j)[0]!.config.batch_input_shape),
      fault: /declares no input shape/,
    },
    {
      name: 'inputRange reversed',
      mutate: edit((j) => void (j.userDefinedMetadata = { inputRange: [1, 0] })),
      fault: /userDefinedMetadata.inputRange must be/,
    },
    {
      name: 'float64 layer dtype',
      mutate: edit((j) => void (layers(j)[0]!.config.dtype = 'float64')),
      fault: new RegExp(`layer '${firstLayer}'.*dtype "float64"`),
    },
    {
      name: 'two .json files',
      mutate: (g) => new Map([...asMap(g), ['other.json', encode({})]]),
      fault: /more than one .json file/,
    },
    {
      name: 'no .json file',
      mutate: (g) => new Map([['weights.bin', g.weights]]),
      fault: /no model.json among the given files/,
    },
  ];
  for (const fraction of [0.1, 0.5, 0.9]) {
    cases2.push({
      name: `JSON truncated at ${fraction}`,
      mutate: (g) => {
        const bytes = encode(g.json);
        return new Map([
          ['model.json', bytes.slice(0, Math.floor(bytes.length * fraction))],
          ['weights.bin', g.weights],
        ]);
      },
      fault: /model.json: not valid JSON/,
    });
  }
  for (const seed of [1, 2, 3]) {
    const rng = createRng(seed);
    const bytes = Uint8Array.from({ length: 200 }, () => Math.floor(rng.uniform() * 256));
    cases2.push({
      name: `random bytes (seed ${seed})`,
      mutate: withBytes(bytes),
      fault: /model.json: not valid JSON/,
    });
  }
  if (kind === 'mlp') {
    cases2.push(
      {
        name: 'Dense units 0',
        mutate: edit((j) => void (layers(j)[0]!.config.units = 0)),
        fault: /layer 'dense' \(Dense\): units must be/,
      },
      {
        name: 'Dropout rate 1.5',
        mutate: edit((j) => void (layers(j)[1]!.config.rate = 1.5)),
        fault: /layer 'dropout' \(Dropout\): rate/,
      },
      {
        name: 'five classes',
        mutate: edit((j) => void (layers(j)[2]!.config.units = 5)),
        fault: /weight 'dense_1\/kernel' has shape \[16, 10\].*needs \[16, 5\]/,
      },
      {
        name: 'InputLayer not first',
        mutate: edit(
          (j) =>
            void layers(j).splice(1, 0, {
              class_name: 'InputLayer',
              config: { name: 'in', batch_input_shape: [null, 16] },
            }),
        ),
        fault: /layer 'in' \(InputLayer\): an InputLayer must come first/,
      },
      {
        name: 'ReLU with max_value',
        mutate: edit(
          (j) =>
            void layers(j).splice(1, 0, {
              class_name: 'ReLU',
              config: { name: 'relu6', max_value: 6 },
            }),
        ),
        fault: /layer 'relu6' \(ReLU\): max_value/,
      },
      {
        name: 'bad Reshape',
        mutate: edit(
          (j) =>
            void layers(j).splice(1, 0, {
              class_name: 'Reshape',
              config: { name: 'rs', target_shape: [-1, -1] },
            }),
        ),
        fault: /layer 'rs' \(Reshape\): target_shape/,
      },
    );
  } else {
    cases2.push(
      {
        name: 'channels_first conv',
        mutate: edit((j) => void (layers(j)[0]!.config.data_format = 'channels_first')),
        fault: /layer 'conv' \(Conv2D\): data_format "channels_first"/,
      },
      {
        name: 'dilated conv',
        mutate: edit((j) => void (layers(j)[0]!.config.dilation_rate = [2, 2])),
        fault: /layer 'conv' \(Conv2D\): dilation_rate \[2,2\]/,
      },
      {
        name: 'grouped conv',
        mutate: edit((j) => void (layers(j)[0]!.config.groups = 3)),
        fault: /layer 'conv' \(Conv2D\): groups 3/,
      },
      {
        name: 'conv padding causal',
        mutate: edit((j) => void (layers(j)[0]!.config.padding = 'causal')),
        fault: /layer 'conv' \(Conv2D\): padding "causal"/,
      },
      {
        name: 'conv kernel_size 0',
        mutate: edit((j) => void (layers(j)[0]!.config.kernel_size = [0, 3])),
        fault: /layer 'conv' \(Conv2D\): kernel_size/,
      },
      {
        name: 'pooling with same padding',
        mutate: edit((j) => void (layers(j)[2]!.config.padding = 'same')),
        fault: /layer 'pool' \(MaxPooling2D\): padding "same"/,
      },
      {
        name: 'channels_first flatten',
        mutate: edit((j) => void (layers(j)[3]!.config.data_format = 'channels_first')),
        fault: /layer 'flat' \(Flatten\): data_format/,
      },
      {
        name: 'Dense on an image (no Flatten)',
        mutate: edit((j) => void layers(j).splice(3, 1)),
        fault: /(weight 'logits\/kernel' has shape|Layer 'logits' \(Dense\))/,
      },
    );
  }
  return [...cases, ...cases2];
}

describe('bad model files are refused with a message naming the fault', () => {
  const kinds = ['mlp', 'cnn'] as const;
  it('at least 50 generated cases over the two kinds', () => {
    // Cases are built from the saved models, so count them against a fresh build of the list.
    const counts = kinds.map((k) => casesFor(k).length);
    expect(counts[0]! + counts[1]!).toBeGreaterThanOrEqual(50);
    console.log(`bad model files: ${counts.join(' + ')} cases (mlp + cnn)`);
  });
  for (const kind of kinds) {
    it(`${kind}: every case is refused, by name, leaving no tensors behind`, async () => {
      const cases = casesFor(kind);
      for (const c of cases) {
        const given = c.mutate(base[kind]);
        const files = given instanceof Map ? given : asMap(given);
        const result = await expectNoLeakAsync(() => readImportedModel(files, MNIST));
        expect(result.ok, `${kind}: ${c.name} was accepted`).toBe(false);
        if (!result.ok) expect(result.message, `${kind}: ${c.name}`).toMatch(c.fault);
      }
    });
  }
});

it('refuses a model whose number of outputs is not the dataset’s number of classes', async () => {
  const five = await filesOf(mlp(5));
  const result = await readImportedModel(asMap(five), MNIST);
  expect(result.ok).toBe(false);
  if (!result.ok)
    expect(result.message).toMatch(/outputs 5 values, but the dataset has 10 classes/);
});

describe('functional models', () => {
  /** A functional chain input → d1 → d2 (softmax), as tfjs saves it (Keras 2's inbound format). */
  async function functionalFiles(): Promise<{ files: Files; model: tf.LayersModel }> {
    const input = tf.input({ shape: [28, 28], name: 'in' });
    const flat = tf.layers.flatten({ name: 'flat' }).apply(input) as tf.SymbolicTensor;
    const h = tf.layers.dense({ units: 8, activation: 'gelu', name: 'd1' }).apply(flat);
    const out = tf.layers
      .dense({ units: 10, activation: 'softmax', name: 'd2' })
      .apply(h as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const saved = await serializeModel(model);
    return {
      files: {
        json: JSON.parse(new TextDecoder().decode(saved.modelJson)),
        weights: saved.weights,
      },
      model,
    };
  }

  /** Keras 3's inbound format for the same topology. */
  function asKeras3(json: Json): Json {
    const copy = structuredClone(json);
    for (const layer of layers(copy)) {
      layer.inbound_nodes = (layer.inbound_nodes as unknown[][][]).map((node) => ({
        args: node.map(([name, n, t]) => ({
          class_name: '__keras_tensor__',
          config: { shape: [null], dtype: 'float32', keras_history: [name, n, t] },
        })),
        kwargs: {},
      }));
    }
    copy.modelTopology.class_name = 'Functional';
    return copy;
  }

  it('a single chain loads in both inbound formats and gives the original model’s predictions', async () => {
    const { files, model } = await functionalFiles();
    expect(files.json.modelTopology.class_name).toBe('Model');
    for (const json of [files.json, asKeras3(files.json)]) {
      const result = await readImportedModel(asMap({ json, weights: files.weights }), MNIST);
      if (!result.ok) throw new Error(result.message);
      expect(result.info).toMatchObject({
        modelInputShape: [28, 28],
        reshapedInput: true,
        strippedSoftmax: true,
        layerClasses: ['Flatten', 'Dense', 'Dense'],
      });
      const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 9);
      const [p, q] = tf.tidy(() => [
        model.predict(tf.reshape(x, [2, 28, 28])) as tf.Tensor,
        tf.softmax(logitsOf(result.model, x)),
      ]);
      expect(maxAbsError(await p!.data(), await q!.data())).toBeLessThan(1e-6);
      tf.dispose([x, p!, q!]);
      result.model.dispose();
    }
    model.dispose();
  });

  it('branches, merges, shared layers and loose layers are refused naming the layer', async () => {
    const { files, model } = await functionalFiles();
    model.dispose();
    const variants: [string, (j: Json) => void, RegExp][] = [
      [
        'branch',
        (j) => void (layers(j)[3]!.inbound_nodes = [[['flat', 0, 0, {}]]]),
        /layer 'flat' feeds both 'd1' and 'd2'/,
      ],
      [
        'merge',
        (j) =>
          void (layers(j)[3]!.inbound_nodes = [
            [
              ['d1', 0, 0, {}],
              ['flat', 0, 0, {}],
            ],
          ]),
        /layer 'd2' \(Dense\) merges 2 inputs/,
      ],
      [
        'shared',
        (j) => void layers(j)[2]!.inbound_nodes.push([['d1', 0, 0, {}]]),
        /layer 'd1' is applied more than once/,
      ],
      [
        'unknown source',
        (j) => void (layers(j)[2]!.inbound_nodes = [[['nowhere', 0, 0, {}]]]),
        /layer 'd1': its input 'nowhere' is not a layer/,
      ],
      [
        'two outputs',
        (j) => void j.modelTopology.config.output_layers.push(['d1', 0, 0]),
        /one input and one output can be imported \(output_layers\)/,
      ],
      [
        'loose layer',
        (j) =>
          void layers(j).push({
            name: 'loose',
            class_name: 'Dense',
            config: { name: 'loose', units: 3 },
            inbound_nodes: [],
          }),
        /do not form one chain/,
      ],
      [
        'bad inbound format',
        (j) => void (layers(j)[2]!.inbound_nodes = [{ nope: 1 }]),
        /layer 'd1': inbound_nodes are not in a known format/,
      ],
    ];
    for (const [name, mutate, fault] of variants) {
      const json = structuredClone(files.json);
      mutate(json);
      const result = await expectNoLeakAsync(() =>
        readImportedModel(asMap({ json, weights: files.weights }), MNIST),
      );
      expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.message, name).toMatch(fault);
    }
  });
});

describe('weightPathProblem', () => {
  it('accepts plain relative names and refuses everything that leaves the folder', () => {
    for (const ok of ['weights.bin', 'group1-shard1of2.bin', 'shards/a.bin'])
      expect(weightPathProblem(ok)).toBeNull();
    for (const bad of [
      '',
      '..',
      '../a.bin',
      'a/../../b',
      '/a',
      'C:\\a',
      'file:///a',
      'a//b',
      './a',
      7,
    ]) {
      expect(weightPathProblem(bad), String(bad)).not.toBeNull();
    }
  });
});
