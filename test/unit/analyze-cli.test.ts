import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { perSampleCrossEntropy } from '../../src/core/loss';
import { serializeModel } from '../../src/core/modelFiles';
import { buildMnistMlp, logitsOf } from '../../src/core/models';
import { validateReport } from '../../src/core/report';
import { parseAnalyzeArgs } from '../../scripts/lib/analyzeArgs';
import { runAnalyze } from '../../scripts/analyze';
import { REFERENCE_BACKEND, useBackend } from '../kit';

let dir = '';

useBackend(REFERENCE_BACKEND);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-'));
  const model = buildMnistMlp({ seed: 3, activation: 'softplus', hiddenUnits: [32] });
  const files = await serializeModel(model);
  writeFileSync(join(dir, 'model.json'), files.modelJson);
  writeFileSync(join(dir, 'weights.bin'), files.weights);
  model.dispose();
});

it('writes a valid report whose numbers match direct evaluations of the saved model', async () => {
  const out = join(dir, 'report.json');
  const args = `--model ${join(dir, 'model.json')} --dataset mnist --index 17 --topk 3 --grid 5 --radius 1 --out ${out}`;
  await runAnalyze(parseAnalyzeArgs(args.split(' ')));
  const report = validateReport(JSON.parse(readFileSync(out, 'utf8')));
  expect(report.input).toMatchObject({
    dataset: 'mnist',
    split: 'test',
    index: 17,
    shape: [28, 28, 1],
  });
  expect(report.hessian.topk).toHaveLength(3);
  expect(report.hessian.full).toEqual([]);
  expect(report.grid.uKind).toBe('normal');
  // The odd grid's centre cell is x itself: its loss is the report's loss (same float32 pass).
  expect(report.grid.loss[2]![2]).toBeCloseTo(report.loss, 6);
  // u is the unit normal g/‖g‖ and v is a unit vector orthogonal to it (float32 inputs: 1e-6).
  const dot = (p: number[], q: number[]) => p.reduce((s, pi, i) => s + pi * q[i]!, 0);
  expect(dot(report.grid.u, report.grid.u)).toBeCloseTo(1, 6);
  expect(dot(report.grid.v, report.grid.v)).toBeCloseTo(1, 6);
  expect(Math.abs(dot(report.grid.u, report.grid.v))).toBeLessThan(1e-6);
  expect(dot(report.grid.u, report.grad)).toBeCloseTo(report.gradNorm, 5);
  // The loss recomputed from the saved file's weights through an independent path (tf.loadLayersModel).
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).modelTopology,
      weightSpecs: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest[0]
        .weights,
      weightData: new Uint8Array(readFileSync(join(dir, 'weights.bin'))).buffer,
    }),
  );
  const loss = tf.tidy(() =>
    perSampleCrossEntropy(
      logitsOf(model, tf.tensor(report.input.x, [1, 28, 28, 1])),
      tf.tensor1d([report.input.label], 'int32'),
    ),
  );
  expect((await loss.data())[0]).toBeCloseTo(report.loss, 6);
  loss.dispose();
  model.dispose();
});

it('rejects bad options with a message naming the option', () => {
  expect(() =>
    parseAnalyzeArgs([
      '--model',
      'm.json',
      '--dataset',
      'cifar',
      '--index',
      '1',
      '--out',
      'r.json',
    ]),
  ).toThrow(/--dataset/);
  expect(() =>
    parseAnalyzeArgs([
      '--model',
      'm.json',
      '--dataset',
      'mnist',
      '--index',
      '-2',
      '--out',
      'r.json',
    ]),
  ).toThrow(/--index/);
});

it('refuses an index past the end of the split', async () => {
  const args = `--model ${join(dir, 'model.json')} --dataset mnist --index 5000 --out ${join(dir, 'x.json')}`;
  await expect(runAnalyze(parseAnalyzeArgs(args.split(' ')))).rejects.toThrow(
    /--index 5000 is out of range/,
  );
});

it('--full on wasm gives the spectrum cpu gives (the app’s automatic backend without a GPU)', async () => {
  const spectrum = async (backend: 'cpu' | 'wasm') => {
    const out = join(dir, `full-${backend}.json`);
    const args = `--model ${join(dir, 'model.json')} --dataset mnist --index 8 --topk 2 --grid 3 --full --backend ${backend} --out ${out}`;
    await runAnalyze(parseAnalyzeArgs(args.split(' ')));
    return validateReport(JSON.parse(readFileSync(out, 'utf8'))).hessian.full;
  };
  try {
    const cpu = await spectrum('cpu');
    const wasm = await spectrum('wasm');
    expect(cpu).toHaveLength(784);
    expect(wasm).toHaveLength(784);
    const scale = cpu[0]!;
    // A softplus network: a real spread of curvature, many positive eigenvalues.
    expect(scale).toBeGreaterThan(1e-3);
    expect(cpu.filter((v) => v > 1e-6 * scale).length).toBeGreaterThan(9);
    // Same HVPs in float32 on two backends (different summation orders), one float64 solver.
    wasm.forEach((v, i) => expect(Math.abs(v - cpu[i]!)).toBeLessThan(1e-4 * scale));
  } finally {
    await tf.setBackend('cpu');
  }
});
