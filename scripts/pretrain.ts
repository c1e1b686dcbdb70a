/**
 * `npm run pretrain [-- --dataset mnist --architecture cnn --activation relu]` trains the shipped
 * checkpoints (issue 4, items 1 and 7; issue 13, item 4): for every dataset, a standard, a
 * PGD-adversarial and a CURE network of the chosen build (default MLP, ReLU; 2-D toy sets always
 * the MLP), on the same core as the app, and writes
 * `public/checkpoints/<dataset>/<architecture>-<activation>/<method>/{model.json, weights.bin,
 * manifest.json}`.
 * Runs on the wasm backend when it initializes (about 6× faster than cpu in node), else on cpu.
 * Deterministic given the seed and the backend (wall times aside).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../src/core/autodiff/wasmKernels';
import { paperEvaluationAttack, type LabeledTensors } from '../src/core/attacks';
import {
  CHECKPOINT_FORMAT,
  checkpointFolder,
  checkpointManifestSchema,
  loadCheckpoint,
  type CheckpointKey,
  type CheckpointManifest,
} from '../src/core/checkpoints';
import { DATASETS } from '../src/core/datasets/registry';
import { attackRange, type Dataset, type DatasetId } from '../src/core/datasets/types';
import { DataStream } from '../src/core/lab/dataStream';
import { evaluateNetwork } from '../src/core/lab/evaluate';
import { buildModelFor } from '../src/core/lab/models';
import { defaultLabSettingsFor } from '../src/core/lab/settings';
import { serializeModel } from '../src/core/modelFiles';
import { copyWeights } from '../src/core/models';
import { createRng } from '../src/core/random';
import {
  batchFromSplit,
  hAt,
  paperHRamp,
  trainStep,
  type StepSettings,
} from '../src/core/training';
import { parsePretrainArgs, type PretrainOptions } from './pretrain/args';
import { recipesFor, type TrainingRecipe } from './pretrain/recipes';
import { checkpointTable, readManifests } from './pretrain/table';
import { NETWORK_IDS, type NetworkId } from '../src/core/names';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Test points for clean / PGD accuracy and probe points for curvature, per kind of data. */
const EVALUATION_POINTS = {
  image: { test: 1000, probe: 100 },
  points: { test: 200, probe: 200 },
} as const;
const LANCZOS_ITERATIONS = 30;
const LOG_EVERY = 100;

async function initBackend(wanted: 'wasm' | 'cpu'): Promise<string> {
  if (wanted === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      setWasmPaths(join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
      registerWasmKernels();
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch (error) {
      console.warn(`wasm backend failed (${String(error)}); falling back to cpu`);
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

const readPublicData = async (path: string) =>
  new Uint8Array(await readFile(join(ROOT, 'public/data', path)));

function firstPoints(dataset: Dataset, count: number): LabeledTensors {
  const n = Math.min(count, dataset.test.count);
  return batchFromSplit(
    dataset.test,
    dataset.info.inputShape,
    Array.from({ length: n }, (_, i) => i),
  );
}

/** The step settings of `recipe` at optimizer step `step`. */
function stepSettingsOf(recipe: TrainingRecipe, dataset: Dataset, step: number): StepSettings {
  if (recipe.pgd) {
    return {
      method: 'pgd',
      attack: {
        norm: 'linf',
        epsilon: recipe.pgd.epsilon,
        steps: recipe.pgd.steps,
        stepSize: recipe.pgd.stepSize,
        randomStart: true,
        range: attackRange(dataset.info),
      },
    };
  }
  if (recipe.cure) {
    const schedule = paperHRamp(recipe.cure.finalH, recipe.cure.stepsPerRampEpoch);
    return { method: 'cure', form: 'paper', gamma: recipe.cure.gamma, h: hAt(schedule, step) };
  }
  return { method: 'standard' };
}

/** The manifest's flat recipe record. */
function recipeRecord(recipe: TrainingRecipe, dataset: Dataset): CheckpointManifest['recipe'] {
  const record: CheckpointManifest['recipe'] = {
    start: recipe.start === 'standard' ? 'fine-tuned from the standard checkpoint' : 'scratch',
    optimizer: recipe.optimizer,
    learningRate: recipe.learningRate,
    batchSize: recipe.batchSize,
    steps: recipe.steps,
    trainPoints: dataset.train.count,
    dataOrder: 'DataStream(seed): one seeded permutation per epoch',
    loss: 'softmax cross-entropy',
  };
  if (recipe.pgd) {
    Object.assign(record, {
      method: 'PGD adversarial training (Madry et al. 2018)',
      pgdNorm: 'linf',
      pgdEpsilon: recipe.pgd.epsilon,
      pgdSteps: recipe.pgd.steps,
      pgdStepSize: recipe.pgd.stepSize,
      pgdRandomStart: true,
    });
  } else if (recipe.cure) {
    const ramp = paperHRamp(recipe.cure.finalH, recipe.cure.stepsPerRampEpoch);
    Object.assign(record, {
      method: 'CURE (Moosavi-Dezfooli et al. 2019)',
      cureForm: 'paper',
      cureObjective: 'mean ℓ + γ·mean ‖∇ℓ(x+hz) − ∇ℓ(x)‖², z = sign(g)/‖sign(g)‖',
      cureGamma: recipe.cure.gamma,
      cureFinalH: recipe.cure.finalH,
      cureHRamp: ramp.kind === 'per-epoch' ? [...ramp.values] : [recipe.cure.finalH],
      cureStepsPerRampEpoch: recipe.cure.stepsPerRampEpoch,
      cureGradient: 'exact double backprop',
    });
  } else {
    record.method = 'standard (empirical risk)';
  }
  return record;
}

async function train(
  model: tf.LayersModel,
  recipe: TrainingRecipe,
  dataset: Dataset,
  seed: number,
  methodIndex: number,
  label: string,
): Promise<number> {
  const optimizer = tf.train.adam(recipe.learningRate);
  const rng = createRng((seed * 31 + methodIndex + 1) >>> 0);
  const stream = new DataStream(dataset.train.count, seed);
  const started = performance.now();
  let lossSum = 0;
  let accSum = 0;
  let since = 0;
  let extra = '';
  try {
    for (let step = 0; step < recipe.steps; step++) {
      const batch = batchFromSplit(
        dataset.train,
        dataset.info.inputShape,
        stream.next(recipe.batchSize),
      );
      try {
        const metrics = await trainStep(
          { model, optimizer, rng },
          batch,
          stepSettingsOf(recipe, dataset, step),
        );
        if (!metrics.finite) throw new Error(`${label}: non-finite step ${step}`);
        lossSum += metrics.loss;
        accSum += metrics.accuracy;
        since++;
        if (metrics.method === 'cure') {
          extra = ` h ${metrics.h.toFixed(3)} ‖d‖ ${metrics.gradDiffNorm.toFixed(3)}`;
        }
      } finally {
        tf.dispose([batch.x, batch.y]);
      }
      if ((step + 1) % LOG_EVERY === 0 || step + 1 === recipe.steps) {
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `  ${label} step ${step + 1}/${recipe.steps}  loss ${(lossSum / since).toFixed(4)}` +
            `  acc ${(accSum / since).toFixed(3)}${extra}  ${((seconds * 1000) / (step + 1)).toFixed(0)} ms/step`,
        );
        lossSum = accSum = since = 0;
      }
    }
  } finally {
    optimizer.dispose();
  }
  return (performance.now() - started) / 1000;
}

async function writeCheckpoint(
  outDir: string,
  key: CheckpointKey,
  manifest: CheckpointManifest,
  model: tf.LayersModel,
): Promise<string> {
  const folder = join(outDir, checkpointFolder(key));
  await mkdir(folder, { recursive: true });
  const { modelJson, weights } = await serializeModel(model);
  await writeFile(join(folder, 'model.json'), modelJson);
  await writeFile(join(folder, 'weights.bin'), weights);
  const checked = checkpointManifestSchema.parse(manifest);
  await writeFile(join(folder, 'manifest.json'), JSON.stringify(checked, null, 2) + '\n');
  return folder;
}

async function pretrainDataset(id: DatasetId, options: PretrainOptions, backend: string) {
  const { seed } = options;
  const dataset = await DATASETS[id].load({ seed, readAsset: readPublicData });
  const { info } = dataset;
  const settings = defaultLabSettingsFor(info);
  // 2-D toy sets always get the MLP (src/core/lab/models.ts).
  const architecture = info.kind === 'points' ? 'mlp' : options.architecture;
  const { activation } = options;
  const recipes = recipesFor(info, architecture);
  const points = EVALUATION_POINTS[info.kind];
  const testSet = firstPoints(dataset, points.test);
  const probe = firstPoints(dataset, points.probe);
  const attack = paperEvaluationAttack(settings.eps, attackRange(info));
  console.log(
    `${info.name} (${architecture}-${activation}): ${dataset.train.count} train, evaluating on ${testSet.y.shape[0]} test / ${probe.y.shape[0]} probe points`,
  );
  const models: Partial<Record<NetworkId, tf.LayersModel>> = {};
  try {
    for (const [index, method] of NETWORK_IDS.entries()) {
      const recipe = recipes[method];
      const key = { dataset: id, architecture, activation, method };
      if (method === 'standard' && options.keepStandard) {
        // Training is deterministic, so the shipped standard network is the one this run would
        // make; fine-tune from it rather than spend the time again (its manifest stays).
        const readShipped = async (path: string) =>
          new Uint8Array(await readFile(join(options.outDir, path)));
        models.standard = (await loadCheckpoint(key, readShipped)).model;
        console.log(`  ${id}/${architecture}-${activation}/standard: kept the shipped checkpoint`);
        continue;
      }
      const model = buildModelFor(info, architecture, activation, seed);
      models[method] = model;
      if (recipe.start === 'standard') copyWeights(models.standard!, model);
      const label = `${id}/${architecture}-${activation}/${method}`;
      const wallTimeSeconds = await train(model, recipe, dataset, seed, index, label);
      const evaluation = await evaluateNetwork(model, testSet, probe, {
        attack,
        h: settings.h,
        seed,
        lanczosIterations: LANCZOS_ITERATIONS,
      });
      const manifest: CheckpointManifest = {
        format: CHECKPOINT_FORMAT,
        dataset: id,
        method,
        architecture,
        activation,
        seed,
        recipe: recipeRecord(recipe, dataset),
        steps: recipe.steps,
        wallTimeSeconds: Math.round(wallTimeSeconds * 10) / 10,
        backend,
        tfjsVersion: tf.version.tfjs,
        evaluation: {
          testPoints: testSet.y.shape[0],
          cleanAccuracy: evaluation.cleanAccuracy,
          pgd: {
            norm: attack.norm,
            eps: attack.epsilon,
            steps: attack.steps,
            stepSize: attack.stepSize,
            randomStart: attack.randomStart,
            accuracy: evaluation.pgdAccuracy,
          },
          probePoints: probe.y.shape[0],
          meanTopEigenvalue: evaluation.topEigenvalue,
          meanCureValue: evaluation.cureDiffNorm,
          cureH: settings.h,
        },
      };
      const folder = await writeCheckpoint(options.outDir, key, manifest, model);
      console.log(
        `  → ${folder}: clean ${(evaluation.cleanAccuracy * 100).toFixed(1)}%, PGD ${(evaluation.pgdAccuracy * 100).toFixed(1)}%` +
          ` (ε ${attack.epsilon}), λmax ${evaluation.topEigenvalue.toPrecision(3)},` +
          ` CURE ${evaluation.cureDiffNorm.toPrecision(3)} (h ${settings.h});` +
          ` train ${wallTimeSeconds.toFixed(1)} s, eval ${(evaluation.ms / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    for (const model of Object.values(models)) model.dispose();
    tf.dispose([testSet.x, testSet.y, probe.x, probe.y]);
  }
}

async function main(): Promise<void> {
  const options = parsePretrainArgs(process.argv.slice(2));
  const backend = await initBackend(options.backend);
  console.log(`pretrain: backend ${backend}, tfjs ${tf.version.tfjs}, seed ${options.seed}`);
  const started = performance.now();
  for (const id of options.datasets) await pretrainDataset(id, options, backend);
  console.log(`pretrain: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`\nShipped checkpoints (${options.outDir}):\n`);
  console.log(checkpointTable(await readManifests(options.outDir)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
