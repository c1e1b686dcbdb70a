/** Reads the app's shipped files (data, checkpoints) from its own origin, never from anywhere else. */
import type { AssetReader } from '../core/datasets/types';

function readerUnder(folder: string): AssetReader {
  const base = new URL(`${import.meta.env.BASE_URL}${folder}/`, self.location.origin);
  return async (path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`could not load ${folder}/${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

export const fetchAsset = readerUnder('data');
export const fetchCheckpointAsset = readerUnder('checkpoints');
