/**
 * Readers of the app's static assets from disk, for node tests (the app fetches the same files
 * over HTTP). Node only: browser suites must not import this.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssetReader } from '../../src/core/datasets/types';

/** A reader of the files under `dir` (paths relative to it). */
export function assetReader(dir: string): AssetReader {
  return async (path) => new Uint8Array(await readFile(join(dir, path)));
}

/** The datasets' binaries, as the app's loaders ask for them (`mnist/train-images.bin`, …). */
export const DATA_DIR = 'public/data';
export const readDataAsset = assetReader(DATA_DIR);

/** The shipped checkpoints (`<dataset>/<method>/model.json`, …). */
export const CHECKPOINTS_DIR = 'public/checkpoints';
export const readCheckpointAsset = assetReader(CHECKPOINTS_DIR);
