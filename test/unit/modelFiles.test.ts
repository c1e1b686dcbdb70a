import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { loadModelFromFiles, readModelFiles, serializeModel } from '../../src/core/modelFiles';
import { REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

function tinyModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [3],
      units: 4,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  model.add(
    tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  );
  return model;
}

it('a saved model loads back with identical outputs and a stable hash', async () => {
  const before = tf.memory().numTensors;
  const model = tinyModel();
  const files = await serializeModel(model);
  const reader = async (path: string) => {
    expect(path).toBe('weights.bin');
    return files.weights;
  };
  const loaded = await loadModelFromFiles(files.modelJson, 'model.json', reader);
  const again = await readModelFiles(files.modelJson, 'model.json', reader);
  expect(again.sha256).toBe(loaded.sha256);
  const x = tf.tensor2d([
    [0.1, -0.2, 0.3],
    [1, 2, -3],
  ]);
  const original = model.predict(x) as tf.Tensor;
  const restored = loaded.model.predict(x) as tf.Tensor;
  expect(Array.from(await restored.data())).toEqual(Array.from(await original.data()));
  tf.dispose([x, original, restored]);
  model.dispose();
  loaded.model.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

it('weights split over several shards are joined in manifest order', async () => {
  const model = tinyModel();
  const files = await serializeModel(model);
  const json = JSON.parse(new TextDecoder().decode(files.modelJson));
  const cut = 20;
  json.weightsManifest[0].paths = ['a.bin', 'b.bin'];
  const shards: Record<string, Uint8Array> = {
    'a.bin': files.weights.slice(0, cut),
    'b.bin': files.weights.slice(cut),
  };
  const loaded = await loadModelFromFiles(
    new TextEncoder().encode(JSON.stringify(json)),
    'model.json',
    async (p) => shards[p]!,
  );
  const x = tf.ones([1, 3]);
  const a = model.predict(x) as tf.Tensor;
  const b = loaded.model.predict(x) as tf.Tensor;
  expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
  tf.dispose([x, a, b]);
  model.dispose();
  loaded.model.dispose();
});

it('a file that is not a LayersModel is refused by name', async () => {
  const reader = async () => new Uint8Array();
  await expect(
    readModelFiles(new TextEncoder().encode('{"hello":1}'), 'my.json', reader),
  ).rejects.toThrow('my.json is not a tfjs LayersModel file');
  await expect(readModelFiles(new TextEncoder().encode('nope'), 'my.json', reader)).rejects.toThrow(
    'my.json is not JSON',
  );
});
