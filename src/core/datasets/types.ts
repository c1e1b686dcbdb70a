/**
 * The shapes every dataset in the app shares, whatever made it (a shipped image subset or a seeded
 * 2-D generator). Inputs are always float32 in the model's input units: pixels in [0, 1] for image
 * sets, coordinates for 2-D toy sets.
 */

export const DATASET_IDS = ['mnist', 'fashion', 'moons', 'circles', 'spirals', 'xor'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];
/** The seeded 2-D toy sets (kind 'points'). */
export type ToyDatasetId = Exclude<DatasetId, 'mnist' | 'fashion'>;

export type DatasetKind = 'image' | 'points';

/** One split (train or test): `count` inputs of `inputSize` floats each, and their labels. */
export interface DatasetSplit {
  count: number;
  /** count × inputSize, row-major (an image row-major, height × width × channels). */
  x: Float32Array;
  /** count class indices in [0, numClasses). */
  y: Uint8Array;
}

/** What the UI, the trainer and exports need to know about a dataset, without its data. */
export interface DatasetInfo {
  id: DatasetId;
  /** Human name, e.g. "Fashion-MNIST". */
  name: string;
  kind: DatasetKind;
  /** Shape of one input, e.g. [28, 28, 1] or [2]. */
  inputShape: number[];
  classNames: string[];
  /** Input range per coordinate: pixels' valid values for image sets (attacks clamp to it, see
   * `attackRange`); for 2-D sets only the square their plots frame. */
  inputRange: [number, number];
  /** Where the data comes from and under which licence (shown in the UI and the README). */
  provenance: string;
}

export interface Dataset {
  info: DatasetInfo;
  train: DatasetSplit;
  test: DatasetSplit;
}

/** Number of floats in one input. */
export function inputSize(info: Pick<DatasetInfo, 'inputShape'>): number {
  return info.inputShape.reduce((a, b) => a * b, 1);
}

/**
 * The box [lo, hi] that attacks clamp every iterate to, in input units (the `range` of the attack
 * settings): an image set's input range, since a pixel cannot leave [0, 1]; null for 2-D sets,
 * whose coordinates are unbounded (their input range only frames the plots).
 */
export function attackRange(
  info: Pick<DatasetInfo, 'kind' | 'inputRange'>,
): readonly [number, number] | null {
  return info.kind === 'image' ? info.inputRange : null;
}

/**
 * How a loader reads a shipped file: a path relative to the app's data folder (e.g.
 * "mnist/test-images.u8") to its bytes. The worker passes a fetch from its own origin; node tests
 * and scripts pass a file read. Keeps the core free of fetch/fs choices.
 */
export type AssetReader = (path: string) => Promise<Uint8Array>;

/** Everything a loader may use. Image loaders ignore the seed; toy generators ignore the reader. */
export interface LoadContext {
  seed: number;
  readAsset: AssetReader;
}
