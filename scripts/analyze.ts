/**
 * `npm run analyze -- --model <model.json> --dataset mnist|fashion --index <i> … --out report.json`
 * Analyses one shipped test (or train) input with a saved tfjs LayersModel, on the same core as the
 * app, and writes the public analysis report (README, "Analysis report"). The model is read by the
 * app's model import (readImportedModel: flat or image-shaped inputs, a final softmax removed,
 * every file checked), from its own folder only (README, "Bring your own model").
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyzeInput } from '../src/core/analysis';
import { registerWasmKernels } from '../src/core/autodiff/wasmKernels';
import { DATASETS } from '../src/core/datasets/registry';
import { inputSize } from '../src/core/datasets/types';
import { readImportedModel, type ImportedModelInfo } from '../src/core/importedModel';
import { readModelFolder } from './lib/modelFolder';
import { parseAnalyzeArgs, USAGE, wantsHelp, type AnalyzeOptions } from './lib/analyzeArgs';

const readPublicData = async (path: string) =>
  new Uint8Array(await readFile(join('public/data', path)));

/** One line on how the model was taken in: its input shape, softmax, input range. */
export function describeImport(info: ImportedModelInfo): string {
  const parts = [
    `${info.file}: ${info.layerClasses.join(' → ')} (${info.parameterCount} parameters)`,
    info.reshapedInput
      ? `input [${info.modelInputShape.join(', ')}] (reshaped from the dataset's)`
      : null,
    info.strippedSoftmax ? 'final softmax removed (analyzing logits)' : null,
    `expects inputs in [${info.inputRange.join(', ')}]${info.inputRangeSource === 'default' ? ' (assumed: model.json does not say)' : ''}`,
  ];
  return parts.filter((p) => p !== null).join('; ');
}

export async function runAnalyze(options: AnalyzeOptions): Promise<{ seconds: number }> {
  const started = performance.now();
  if (options.backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    registerWasmKernels(); // conv weight gradients, so CNNs work on wasm too
  }
  if (!(await tf.setBackend(options.backend))) {
    throw new Error(`--backend ${options.backend}: tfjs could not start it here`);
  }
  const data = await DATASETS[options.dataset].load({
    seed: options.seed,
    readAsset: readPublicData,
  });
  const imported = await readImportedModel(
    await readModelFolder(options.model),
    data.info,
    basename(options.model),
  );
  if (!imported.ok) throw new Error(`${options.model}: ${imported.message}`);
  const { model, info } = imported;
  const sha256 = info.sha256;
  console.log(describeImport(info));
  try {
    const split = data[options.split];
    if (options.index >= split.count) {
      throw new Error(
        `--index ${options.index} is out of range: ${options.dataset} ${options.split} has ${split.count} inputs`,
      );
    }
    const d = inputSize(data.info);
    const { report, timings } = await analyzeInput(
      model,
      { file: basename(options.model), sha256 },
      {
        dataset: options.dataset,
        split: options.split,
        index: options.index,
        shape: data.info.inputShape,
        x: split.x.slice(options.index * d, (options.index + 1) * d),
        label: split.y[options.index]!,
      },
      {
        h: options.h,
        form: options.form,
        topk: options.topk,
        full: options.full,
        gridSize: options.grid,
        radius: options.radius,
        vKind: options.v,
        seed: options.seed,
      },
    );
    await writeFile(options.out, `${JSON.stringify(report)}\n`);
    const ms = (value: number) => `${(value / 1000).toFixed(1)} s`;
    console.log(
      `wrote ${options.out} (${tf.getBackend()}): loss ${report.loss.toPrecision(4)}, ‖∇ℓ‖ ${report.gradNorm.toPrecision(4)}, ` +
        `λmax ${report.hessian.topk[0]?.toPrecision(4)} (gradient ${ms(timings.gradient)}, ` +
        `Lanczos ${ms(timings.lanczos)}, full spectrum ${ms(timings.full)}, grid ${ms(timings.grid)})`,
    );
  } finally {
    model.dispose();
  }
  return { seconds: (performance.now() - started) / 1000 };
}

// Run as a script (not when imported by tests).
if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  if (wantsHelp(process.argv.slice(2))) {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    await runAnalyze(parseAnalyzeArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
