/**
 * Property-based fuzzing (fast-check) of everything that reads outside input: the URL codec, the
 * session-file reader, the model-file reader and the scene-list reader. 1,000 generated cases
 * each — random, truncated and mutated valid inputs, huge numbers, NaN, wrong types — and each
 * reader either accepts a valid value or returns a refusal with a message: it never throws, and
 * what it accepts is valid.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/core/datasets/registry';
import { readImportedModel } from '../../src/core/importedModel';
import { inspectSettingsSchema } from '../../src/core/lab/inspectSettings';
import { labSettingsSchema } from '../../src/core/lab/settings';
import { readSessionFile, writeSessionFile } from '../../src/core/session/sessionFile';
import { DEFAULT_SCENES } from '../../src/core/talk/defaultScenes';
import { readSceneFile, writeSceneFile } from '../../src/core/talk/scenes';
import { baseConfigSchema } from '../../src/state/config';
import { parseConfigFromSearch, searchFromConfig } from '../../src/state/url';
import { DEFAULT_CONFIG } from '../../src/state/config';
import { denseModelJson, goodModelFiles } from '../../e2e/importCases';
import { REFERENCE_BACKEND, useBackend } from '../kit';
import { damaged, nasty } from '../kit/fuzzInputs';
import { sampleSession } from '../kit/sampleSession';

useBackend(REFERENCE_BACKEND);

const RUNS = 1000;

describe('fuzzing the URL codec', () => {
  it(`${RUNS} links of known and unknown keys with nasty values: a valid config and one line per problem`, () => {
    const keys = [
      ...Object.keys(searchParamsOf(searchFromConfig(DEFAULT_CONFIG))),
      'mode',
      'theme',
      'scene',
      'bogus',
      '',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string()), nasty), {
          maxLength: 12,
        }),
        (pairs) => {
          const search = `?${new URLSearchParams(pairs).toString()}`;
          const { config, problems } = parseConfigFromSearch(search);
          const { training, inspect, ...base } = config;
          expect(baseConfigSchema.safeParse(base).success).toBe(true);
          expect(labSettingsSchema.safeParse(training).success).toBe(true);
          expect(inspectSettingsSchema.safeParse(inspect).success).toBe(true);
          for (const problem of problems) expect(typeof problem).toBe('string');
          // What it accepted round-trips: writing and reading it again raises nothing.
          expect(parseConfigFromSearch(searchFromConfig(config)).problems).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

function searchParamsOf(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}

describe('fuzzing the session-file reader', () => {
  it(`${RUNS} damaged session files: each read completes and says why it refused`, async () => {
    const good = await writeSessionFile(sampleSession());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(damaged(good), fc.uint8Array({ maxLength: 4096 })),
        async (bytes) => {
          const read = await readSessionFile(bytes, 'fuzzed.curvlab');
          if (read.ok) {
            // Only an unchanged file can pass its checksum.
            expect(bytes).toEqual(good);
          } else {
            expect(read.message).toMatch(/^fuzzed\.curvlab was not loaded: \S/);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzing the model-file reader', () => {
  const target = {
    inputShape: DATASETS.mnist.info.inputShape,
    classNames: DATASETS.mnist.info.classNames,
  };
  const good = goodModelFiles();
  const files = (json: Uint8Array, bin: Uint8Array) =>
    new Map<string, Uint8Array>([
      ['model.json', json],
      [good[1]!.name, bin],
    ]);
  const json = new Uint8Array(good[0]!.buffer);
  const bin = new Uint8Array(good[1]!.buffer);

  /** model.json with one field somewhere replaced by a nasty JSON value. */
  const mutatedJson = fc
    .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }))
    .map(([path, value]) => {
      const model = denseModelJson();
      let node: unknown = model;
      for (const [i, step] of path.entries()) {
        if (typeof node !== 'object' || node === null) break;
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const key = keys[step % keys.length]!;
        if (i === path.length - 1) (node as Record<string, unknown>)[key] = value;
        else node = (node as Record<string, unknown>)[key];
      }
      return new TextEncoder().encode(JSON.stringify(model));
    });

  it(`${RUNS} mutated, damaged or random model files: loaded in the lab's form, or refused with a message; no tensor left behind`, async () => {
    const before = tf.memory().numTensors;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutatedJson.map((j) => files(j, bin)),
          damaged(json).map((j) => files(j, bin)),
          damaged(bin).map((b) => files(json, b)),
          fc.uint8Array({ maxLength: 2048 }).map((j) => files(j, bin)),
        ),
        async (given) => {
          const result = await readImportedModel(given, target);
          if (result.ok) {
            const out = tf.tidy(
              () => result.model.predict(tf.zeros([1, ...target.inputShape])) as tf.Tensor,
            );
            expect(out.shape).toEqual([1, target.classNames.length]);
            out.dispose();
            result.model.dispose();
          } else {
            expect(result.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);
});

describe('fuzzing the scene-list reader', () => {
  const good = writeSceneFile(DEFAULT_SCENES);
  it(`${RUNS} damaged, random or retyped scene files: scenes, or a refusal with a message`, () => {
    const text = fc.oneof(
      damaged(new TextEncoder().encode(good)).map((b) => new TextDecoder().decode(b)),
      fc.string({ maxLength: 2000 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, (t) => {
        const read = readSceneFile(t);
        if (read.ok) expect(read.scenes.length).toBeGreaterThan(0);
        else expect(read.message.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});
