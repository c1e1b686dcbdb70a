/**
 * `npm run analyze` on imported models (issue 17): the most common Keras MNIST model — Dense
 * layers on a flat [None, 784] input with a final softmax — is analyzed on its logits, and a
 * model.json that points outside its folder is refused before anything there is read.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serializeModel } from '../../src/core/modelFiles';
import { validateReport } from '../../src/core/report';
import { runAnalyze } from '../../scripts/analyze';
import { parseAnalyzeArgs } from '../../scripts/lib/analyzeArgs';
import { readModelFolder } from '../../scripts/lib/modelFolder';
import { maxAbsError, REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

let dir = '';
let kerasMlp: tf.LayersModel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-import-'));
  kerasMlp = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 32, activation: 'relu', name: 'dense' }),
      tf.layers.dropout({ rate: 0.2, name: 'dropout' }),
      tf.layers.dense({ units: 10, activation: 'softmax', name: 'dense_1' }),
    ],
  });
  const files = await serializeModel(kerasMlp, 'group1-shard1of1.bin');
  mkdirSync(join(dir, 'keras'));
  writeFileSync(join(dir, 'keras', 'model.json'), files.modelJson);
  writeFileSync(join(dir, 'keras', 'group1-shard1of1.bin'), files.weights);
  // The same model, its manifest pointing at a file beside the folder (which exists).
  const json = JSON.parse(new TextDecoder().decode(files.modelJson));
  json.weightsManifest[0].paths = ['../secret.bin'];
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(dir, 'outside', 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'secret.bin'), files.weights);
});

afterAll(() => {
  kerasMlp.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it('analyzes a flat [784] Keras MLP with a final softmax on its logits', async () => {
  const out = join(dir, 'keras.json');
  const args = `--model ${join(dir, 'keras', 'model.json')} --dataset mnist --index 17 --topk 2 --grid 3 --backend cpu --out ${out}`;
  await runAnalyze(parseAnalyzeArgs(args.split(' ')));
  const report = validateReport(JSON.parse(readFileSync(out, 'utf8')));
  expect(report.input.shape).toEqual([28, 28, 1]);
  // softmax(report's logits) is what the Keras model predicts for the flattened image.
  const [probs, fromLogits] = tf.tidy(() => [
    kerasMlp.predict(tf.tensor(report.input.x, [1, 784])) as tf.Tensor,
    tf.softmax(tf.tensor(report.logits)),
  ]);
  expect(maxAbsError(await probs!.data(), await fromLogits!.data())).toBeLessThan(1e-6);
  tf.dispose([probs!, fromLogits!]);
});

it('refuses a manifest path outside the model folder, without reading it', async () => {
  const files = await readModelFolder(join(dir, 'outside', 'model.json'));
  expect([...files.keys()]).toEqual(['model.json']);
  const args = `--model ${join(dir, 'outside', 'model.json')} --dataset mnist --index 0 --backend cpu --out ${join(dir, 'x.json')}`;
  await expect(runAnalyze(parseAnalyzeArgs(args.split(' ')))).rejects.toThrow(
    /model.json: weight file "..\/secret.bin" points outside the folder of model.json/,
  );
});
