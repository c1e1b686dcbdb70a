/** Reads the app's shipped data files from its own origin (never from anywhere else). */
import type { AssetReader } from '../core/datasets/types';

const dataBase = new URL(`${import.meta.env.BASE_URL}data/`, self.location.origin);

export const fetchAsset: AssetReader = async (path) => {
  const url = new URL(path, dataBase);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load data/${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
};
