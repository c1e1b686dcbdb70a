/** The export formats' pure parts (src/core/export): file names, tidy CSV with its provenance
 * header, provenance JSON in a PNG tEXt chunk. */
import { describe, expect, it } from 'vitest';
import { tidyCsv } from '../../src/core/export/csv';
import { exportFileName } from '../../src/core/export/fileName';
import { PROVENANCE_KEYWORD, textChunks, withTextChunk } from '../../src/core/export/pngText';
import {
  asciiJson,
  PROVENANCE_FORMAT,
  provenanceSchema,
  type Provenance,
} from '../../src/core/export/provenance';

const provenance: Provenance = {
  format: PROVENANCE_FORMAT,
  app: { name: 'Curvature Lab', version: '0.1.0' },
  time: '2026-12-05T17:00:00.000Z',
  link: 'http://localhost/?dataset=mnist&eps=0.1',
  dataset: 'mnist',
  split: 'test',
  sample: 8,
  label: 5,
  seed: 0,
  backend: 'wasm',
  settings: { dataset: 'mnist', eps: '0.1', note: 'γ · ε' },
  networks: [
    {
      id: 'cure',
      step: 812,
      checkpoint: { path: 'mnist/mlp-relu/cure', sha256: 'b'.repeat(64) },
      weightsSha256: 'a'.repeat(64),
    },
  ],
};

/** A 1×1 opaque white PNG. */
const ONE_PIXEL = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC',
  ),
  (c) => c.charCodeAt(0),
);

describe('export file names', () => {
  it('name panel, network, dataset, sample, step and scale', () => {
    const base = { panel: 'landscape', network: 'cure', dataset: 'mnist', sample: 8 };
    expect(exportFileName({ ...base, steps: [812], scale: 2, extension: 'png' })).toBe(
      'landscape_cure_mnist_test8_step812@2x.png',
    );
    expect(exportFileName({ ...base, steps: [812], scale: 1, extension: 'png' })).toBe(
      'landscape_cure_mnist_test8_step812.png',
    );
    expect(
      exportFileName({ ...base, network: 'all', sample: null, steps: [1, 2, 3], extension: 'csv' }),
    ).toBe('landscape_all_mnist_step1-2-3.csv');
  });
});

describe('tidy CSV', () => {
  it('starts with # provenance lines, then a header and rows that round-trip', () => {
    const csv = tidyCsv(
      provenance,
      ['network', 'a', 'loss'],
      [
        ['cure', -0.5, 0.1 + 0.2],
        ['standard, copy', 1e-12, NaN],
      ],
    );
    const lines = csv.trimEnd().split('\n');
    const comments = lines.filter((l) => l.startsWith('#'));
    expect(comments).toHaveLength(Object.keys(provenance).length);
    const restored = Object.fromEntries(
      comments.map((l) => {
        const [, key, value] = /^# (\w+): (.*)$/.exec(l)!;
        return [key, JSON.parse(value!)];
      }),
    );
    expect(provenanceSchema.parse(restored)).toEqual(provenance);
    const table = lines.filter((l) => !l.startsWith('#'));
    expect(table).toEqual([
      'network,a,loss',
      `cure,-0.5,${0.1 + 0.2}`,
      '"standard, copy",1e-12,NaN',
    ]);
    expect(Number(table[1]!.split(',')[2])).toBe(0.1 + 0.2);
  });
});

describe('provenance in a PNG', () => {
  it('adds a tEXt chunk that reads back as the same provenance, image untouched', () => {
    const text = asciiJson(provenance);
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true); // γ and · escaped
    const png = withTextChunk(ONE_PIXEL, PROVENANCE_KEYWORD, text);
    expect(png.length).toBe(ONE_PIXEL.length + 12 + PROVENANCE_KEYWORD.length + 1 + text.length);
    expect(Array.from(png.subarray(0, 8))).toEqual(Array.from(ONE_PIXEL.subarray(0, 8)));
    const chunks = textChunks(png);
    expect(JSON.parse(chunks[PROVENANCE_KEYWORD]!)).toEqual(provenance);
  });
});
