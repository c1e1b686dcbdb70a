/**
 * One reader for the shipped JSON manifests (issue 12): a missing file, a file that is not JSON
 * and JSON of the wrong shape each fail with a message that names the file and what is wrong, the
 * same for checkpoint and dataset manifests.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHECKPOINT_FORMAT, readCheckpointManifest } from '../../src/core/checkpoints';
import { IMAGE_SUBSET_FORMAT, readImageManifest } from '../../src/core/datasets/imageSubset';
import type { AssetReader } from '../../src/core/datasets/types';
import { parseJson, readJsonManifest } from '../../src/core/jsonManifest';

/** A reader over a few in-memory files that fails, as readFile does, for any other path. */
function filesReader(files: Record<string, string>): AssetReader {
  return async (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return new TextEncoder().encode(text);
  };
}

/** The error a promise rejects with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Error))
    throw new Error(`expected a rejection with an Error, got ${error}`);
  return error;
}

const schema = z.object({ format: z.literal('test@1'), count: z.number().int().positive() });

describe('readJsonManifest', () => {
  it('returns the validated value', async () => {
    const reader = filesReader({ 'a/manifest.json': '{"format":"test@1","count":3,"extra":1}' });
    expect(await readJsonManifest('a/manifest.json', schema, reader, 'test@1')).toEqual({
      format: 'test@1',
      count: 3,
    });
  });

  it('a missing file: names it and passes on the reader’s reason', async () => {
    const reader = filesReader({});
    const read = readJsonManifest('a/manifest.json', schema, reader, 'test@1');
    await expect(read).rejects.toThrow(
      "a/manifest.json could not be read (ENOENT: no such file or directory, open 'a/manifest.json')",
    );
  });

  it('not JSON (e.g. an HTML page served in its place): names the file, keeps the parser’s reason', async () => {
    const reader = filesReader({ 'a/manifest.json': '<!doctype html><html></html>' });
    const error = await failure(readJsonManifest('a/manifest.json', schema, reader, 'test@1'));
    expect(error.message).toMatch(/^a\/manifest\.json is not JSON \(.+\)$/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('the wrong shape: names the file, the format and every bad field', async () => {
    const reader = filesReader({ 'a/manifest.json': '{"format":"other@2","count":-1}' });
    const error = await failure(readJsonManifest('a/manifest.json', schema, reader, 'test@1'));
    expect(error.message).toMatch(/^a\/manifest\.json is not a test@1 manifest:/);
    expect(error.message).toMatch(/→ at format/);
    expect(error.message).toMatch(/→ at count/);
  });
});

it('parseJson names the source of text or bytes', () => {
  expect(parseJson('[1, 2]', 'x.json')).toEqual([1, 2]);
  expect(parseJson(new TextEncoder().encode('{"a":null}'), 'x.json')).toEqual({ a: null });
  expect(() => parseJson('', 'empty.json')).toThrow(/^empty\.json is not JSON \(/);
});

// The two manifest kinds go through the same reader, so they fail alike.
const readers = [
  {
    name: 'checkpoint',
    format: CHECKPOINT_FORMAT,
    read: (readAsset: AssetReader) => readCheckpointManifest('mnist/mlp-relu/cure', readAsset),
    path: 'mnist/mlp-relu/cure/manifest.json',
    shipped: 'public/checkpoints',
  },
  {
    name: 'dataset',
    format: IMAGE_SUBSET_FORMAT,
    read: (readAsset: AssetReader) => readImageManifest('mnist', readAsset),
    path: 'mnist/manifest.json',
    shipped: 'public/data',
  },
] as const;

describe.each(readers)('$name manifest', ({ format, read, path, shipped }) => {
  const escaped = path.replace(/[/.]/g, '\\$&');

  it('the shipped one reads', async () => {
    const manifest = await read(async (p) => new Uint8Array(await readFile(join(shipped, p))));
    expect(manifest.format).toBe(format);
  });

  it('missing', async () => {
    await expect(read(filesReader({}))).rejects.toThrow(
      new RegExp(`^${escaped} could not be read \\(ENOENT`),
    );
  });

  it('not JSON', async () => {
    await expect(read(filesReader({ [path]: '{"format": ' }))).rejects.toThrow(
      new RegExp(`^${escaped} is not JSON \\(`),
    );
  });

  it('not this format', async () => {
    await expect(read(filesReader({ [path]: `{"format":"${format}"}` }))).rejects.toThrow(
      new RegExp(`^${escaped} is not a ${format.replace(/[/.@]/g, '\\$&')} manifest:`),
    );
  });
});
