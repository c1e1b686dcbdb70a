/**
 * Shipped checkpoints: `public/checkpoints/<dataset>/<architecture>-<activation>/<method>/` (e.g.
 * `mnist/cnn-relu/cure/`; 2-D toy sets only ever ship `mlp-relu`) holds a standard tfjs LayersModel
 * (model.json + weights.bin; inputs in the dataset's units, e.g. pixels in [0, 1] for 28×28×1
 * images, so anyone can evaluate them with their own tools) and a manifest saying how it was made
 * and what it measured. `npm run pretrain` writes them; the app opens on them.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { AssetReader } from './datasets/types';
import { readJsonManifest } from './jsonManifest';
import {
  architectureSchema,
  attackNormSchema,
  hiddenActivationSchema,
  networkIdSchema,
} from './names';
import { loadModelFromFiles } from './modelFiles';
// Plain (no tfjs), so the main thread can name checkpoints too (export provenance).
import { checkpointFolder, type CheckpointKey } from './checkpointCatalog';

export { checkpointFolder, type CheckpointKey };

export const CHECKPOINT_FORMAT = 'curvature-lab/checkpoint@1';

const evaluationSchema = z.object({
  /** Test points used for accuracy and PGD accuracy (the first N of the shipped test subset). */
  testPoints: z.number().int().positive(),
  cleanAccuracy: z.number().min(0).max(1),
  pgd: z.object({
    norm: attackNormSchema,
    eps: z.number().nonnegative(),
    steps: z.number().int().nonnegative(),
    stepSize: z.number().nonnegative(),
    randomStart: z.boolean(),
    accuracy: z.number().min(0).max(1),
  }),
  /** Probe points for curvature (the first N test points). */
  probePoints: z.number().int().positive(),
  /** Mean over probe points of λmax(∇ₓ²ℓ), exact HVPs (Lanczos). */
  meanTopEigenvalue: z.number(),
  /** Mean over probe points of ‖∇ℓ(x+hz) − ∇ℓ(x)‖₂ at h = cureH. */
  meanCureValue: z.number().nonnegative(),
  cureH: z.number().positive(),
});

export const checkpointManifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  dataset: z.string(),
  /** The network this checkpoint opens (named after how it was trained). */
  method: networkIdSchema,
  architecture: architectureSchema,
  activation: hiddenActivationSchema,
  seed: z.number().int().nonnegative(),
  /** The training recipe: method settings, optimizer, learning rate, batch size, schedule. */
  recipe: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.number())])),
  steps: z.number().int().nonnegative(),
  wallTimeSeconds: z.number().nonnegative(),
  backend: z.string(),
  tfjsVersion: z.string(),
  evaluation: evaluationSchema,
});

export type CheckpointManifest = z.infer<typeof checkpointManifestSchema>;
export type CheckpointEvaluation = z.infer<typeof evaluationSchema>;

/** Reads and validates `<folder>/manifest.json`, with a message that names what is wrong. */
export function readCheckpointManifest(
  folder: string,
  readAsset: AssetReader,
): Promise<CheckpointManifest> {
  return readJsonManifest(
    `${folder}/manifest.json`,
    checkpointManifestSchema,
    readAsset,
    CHECKPOINT_FORMAT,
  );
}

/** Loads one shipped checkpoint: its model (the caller owns it) and its manifest. */
export async function loadCheckpoint(
  key: CheckpointKey,
  readAsset: AssetReader,
): Promise<{ model: tf.LayersModel; manifest: CheckpointManifest; sha256: string }> {
  const folder = checkpointFolder(key);
  const manifest = await readCheckpointManifest(folder, readAsset);
  for (const field of ['dataset', 'architecture', 'activation', 'method'] as const) {
    if (manifest[field] !== key[field]) {
      throw new Error(
        `${folder}/manifest.json: ${field} is '${manifest[field]}', but the folder is for '${key[field]}'`,
      );
    }
  }
  const modelJson = await readAsset(`${folder}/model.json`);
  const { model, sha256 } = await loadModelFromFiles(modelJson, `${folder}/model.json`, (path) =>
    readAsset(`${folder}/${path}`),
  );
  return { model, manifest, sha256 };
}
