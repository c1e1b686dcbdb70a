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

  it('a link outside a range is refused with the value used instead; its edge is kept', () => {
    const max = LAB_SETTING_RANGES.gamma.max;
    const refused = parseConfigFromSearch(`?gamma=${5 * max}`);
    expect(refused.config.training.gamma).toBe(trainingDefaultsFor('mnist').gamma);
    expect(refused.problems.join('\n')).toMatch(new RegExp(`gamma=${5 * max} is not valid`));
    const kept = parseConfigFromSearch(`?gamma=${max}`);
    expect(kept.problems).toEqual([]);
    expect(kept.config.training.gamma).toBe(max);
  });

  it('resolution takes only the offered grid sizes', () => {
    const refused = parseConfigFromSearch('?resolution=50');
    expect(refused.problems.join('\n')).toMatch(/resolution=50 is not valid.*one of 16, 24/);
    expect(parseConfigFromSearch('?resolution=24').config.inspect.resolution).toBe(24);
  });
});
