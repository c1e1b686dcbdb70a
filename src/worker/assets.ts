/** Reads the app's shipped files (data, checkpoints) from its own origin, never from anywhere else. */
import type { AssetReader } from '../core/datasets/types';

/**
 * The folder the app is served from. The build's base is relative ('./', vite.config.ts) so that
 * it runs under any sub-path; a relative base is resolved against this chunk's own URL, which
 * Vite puts in `assets/` (build.assetsDir), one level below the app. The dev server's base is '/'.
 */
function appRoot(): URL {
  const base = import.meta.env.BASE_URL;
  if (!base.startsWith('.')) return new URL(base, self.location.origin);
  // A variable, not a literal: Vite rewrites `new URL('literal', import.meta.url)` as an asset.
  const fromAssets = `../${base}`;
  return new URL(fromAssets, import.meta.url);
}

function readerUnder(folder: string): AssetReader {
  const base = new URL(`${folder}/`, appRoot());
  return async (path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`could not load ${folder}/${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

export const fetchAsset = readerUnder('data');
export const fetchCheckpointAsset = readerUnder('checkpoints');
