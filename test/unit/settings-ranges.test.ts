/** Each numeric setting has one range: the schema, the URL and the slider read the same one. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DATASET_IDS } from '../../src/core/datasets/types';
import {
  INSPECT_SETTING_RANGES,
  inspectSettingsShape,
  RESOLUTIONS,
} from '../../src/core/lab/inspectSettings';
import type { NumericRange } from '../../src/core/lab/ranges';
import { LAB_SETTING_RANGES, labSettingsShape } from '../../src/core/lab/settings';
import { inspectDefaultsFor, trainingDefaultsFor } from '../../src/state/config';
import { parseConfigFromSearch } from '../../src/state/url';

const TABLES = [
  { name: 'training', ranges: LAB_SETTING_RANGES, shape: labSettingsShape },
  { name: 'analysis', ranges: INSPECT_SETTING_RANGES, shape: inspectSettingsShape },
] as const;

const cases = TABLES.flatMap(({ name, ranges, shape }) =>
  Object.entries(ranges as Record<string, NumericRange>).map(([key, range]) => ({
    table: name,
    key,
    range,
    schema: (shape as Record<string, z.ZodType>)[key]!,
  })),
);

describe('setting ranges', () => {
  it.each(cases)('$table $key: the schema accepts exactly its range', ({ range, schema }) => {
    expect(schema.safeParse(range.min).success).toBe(true);
    expect(schema.safeParse(range.max).success).toBe(true);
    expect(schema.safeParse(String(range.max)).success).toBe(true);
    const below = range.min === 0 ? -1e-9 : range.min * (range.min > 0 ? 0.5 : 2);
    expect(schema.safeParse(below).success).toBe(false);
    expect(schema.safeParse(range.max * 1.5 + 1).success).toBe(false);
    expect(schema.safeParse(Number.NaN).success).toBe(false);
    if (range.integer) expect(schema.safeParse(range.min + 0.5).success).toBe(false);
  });

  it.each(DATASET_IDS)('%s: every default lies in its range', (dataset) => {
    const defaults: Record<string, unknown> = {
      ...trainingDefaultsFor(dataset),
      ...inspectDefaultsFor(dataset),
    };
    for (const { key, range } of cases) {
      const value = defaults[key] as number;
      expect(value, key).toBeGreaterThanOrEqual(range.min);
      expect(value, key).toBeLessThanOrEqual(range.max);
    }
    expect(RESOLUTIONS).toContain(defaults.resolution);
  });

  it.each(cases)(
    '$table $key: a link outside its range is clamped to the nearest end, and says so',
    ({ key, range }) => {
      const table = (parse: ReturnType<typeof parseConfigFromSearch>) =>
        ({ ...parse.config.training, ...parse.config.inspect }) as Record<string, unknown>;
      const above = parseConfigFromSearch(`?${key}=${range.max * 10 + 1}`);
      expect(table(above)[key]).toBe(range.max);
      expect(above.problems).toEqual([
        expect.stringMatching(
          new RegExp(
            `^URL parameter ${key}=\\S+ is above the largest allowed, ${range.max}; using ${range.max}\\.$`,
          ),
        ),
      ]);
      const below = parseConfigFromSearch(`?${key}=-5`);
      expect(table(below)[key]).toBe(range.min);
      expect(below.problems[0]).toMatch(`is below the smallest allowed, ${range.min}`);
      const edge = parseConfigFromSearch(`?${key}=${range.max}`);
      expect(edge.problems).toEqual([]);
      expect(table(edge)[key]).toBe(range.max);
    },
  );

  it('resolution takes only the offered grid sizes: another becomes the nearest', () => {
    const between = parseConfigFromSearch('?resolution=50');
    expect(between.config.inspect.resolution).toBe(48);
    expect(between.problems.join('\n')).toMatch(/resolution=50 is not one of 16, 24.*using 48\./);
    expect(parseConfigFromSearch('?resolution=100000').config.inspect.resolution).toBe(128);
    expect(parseConfigFromSearch('?resolution=24').config.inspect.resolution).toBe(24);
  });
});
