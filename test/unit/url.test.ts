import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/state/config';
import { MAX_UNTIL } from '../../src/core/lab/session';
import { parseConfigFromSearch, searchFromConfig } from '../../src/state/url';

describe('config in the URL', () => {
  it('round-trips every field', () => {
    const config = {
      ...DEFAULT_CONFIG,
      dataset: 'xor',
      backend: 'webgl',
      seed: 12,
      sample: 5,
    } as const;
    const parsed = parseConfigFromSearch(searchFromConfig(config));
    expect(parsed.config).toEqual(config);
    expect(parsed.problems).toEqual([]);
  });

  it('replaces each bad value by its default and says so', () => {
    const parsed = parseConfigFromSearch('?dataset=cifar&seed=-3&backend=webgl&sample=1.5&zoom=2');
    expect(parsed.config).toEqual({ ...DEFAULT_CONFIG, backend: 'webgl' });
    expect(parsed.problems).toHaveLength(4);
    expect(parsed.problems.join('\n')).toMatch(/dataset=cifar is not valid.*using mnist/);
    expect(parsed.problems.join('\n')).toMatch(/seed=-3 is not valid.*using 0/);
    expect(parsed.problems.join('\n')).toMatch(/sample=1.5 is not valid/);
    expect(parsed.problems.join('\n')).toMatch(/Unknown URL parameter zoom=2 was ignored/);
  });

  it('names an empty, non-numeric or non-finite value and uses the default', () => {
    const cases = [
      ['seed', '', 'is empty'],
      ['seed', '  ', 'is empty'],
      ['eps', 'NaN', 'is not a number'],
      ['eps', 'abc', 'is not a number'],
      ['gamma', 'Infinity', 'is not finite'],
      ['curvePoints', '-Infinity', 'is not finite'],
      ['topK', '1e999', 'is not finite'],
    ] as const;
    for (const [key, raw, why] of cases) {
      const parsed = parseConfigFromSearch(`?${key}=${encodeURIComponent(raw)}`);
      const all: Record<string, unknown> = {
        ...parsed.config,
        ...parsed.config.training,
        ...parsed.config.inspect,
      };
      const defaults: Record<string, unknown> = {
        ...DEFAULT_CONFIG,
        ...DEFAULT_CONFIG.training,
        ...DEFAULT_CONFIG.inspect,
      };
      expect(all[key], `${key}=${raw}`).toBe(defaults[key]);
      expect(parsed.problems, `${key}=${raw}`).toEqual([
        `URL parameter ${key}=${raw} ${why}; using ${String(defaults[key])}.`,
      ]);
    }
  });

  it('names a repeated parameter once, with every value, and uses the first', () => {
    const parsed = parseConfigFromSearch('?seed=3&seed=9&eps=0.2&eps=zz&eps=0.3&gamma=1&gamma=1');
    expect(parsed.config.seed).toBe(3);
    expect(parsed.config.training.eps).toBe(0.2);
    expect(parsed.config.training.gamma).toBe(1);
    expect(parsed.problems).toEqual([
      'URL parameter seed is given 2 times (seed=3, seed=9); the first counts: using 3.',
      'URL parameter eps is given 3 times (eps=0.2, eps=zz, eps=0.3); the first counts: using 0.2.',
      'URL parameter gamma is given 2 times (gamma=1, gamma=1); the first counts: using 1.',
    ]);
    // A bad first value is named with the repetition.
    expect(parseConfigFromSearch('?topK=0&topK=5').problems).toEqual([
      'URL parameter topK is given 2 times (topK=0, topK=5); the first counts, and topK=0 is below the smallest allowed, 1; using 1.',
    ]);
  });

  it('an unknown parameter is named once, however often it is repeated; a long one is cut', () => {
    const long = 'x'.repeat(500);
    const parsed = parseConfigFromSearch(`?zoom=1&zoom=2&junk=${long}`);
    expect(parsed.problems).toHaveLength(2);
    expect(parsed.problems[0]).toBe('Unknown URL parameter zoom=1 was ignored.');
    expect(parsed.problems[1]!.length).toBeLessThan(140);
    expect(parsed.config).toEqual(DEFAULT_CONFIG);
  });

  it('an empty query gives the defaults', () => {
    expect(parseConfigFromSearch('')).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });
});

describe('training settings in the URL', () => {
  it('take the defaults of the linked dataset, then the linked values', () => {
    const parsed = parseConfigFromSearch('?dataset=circles&gamma=8&lrCure=0.002&cureForm=code');
    expect(parsed.problems).toEqual([]);
    expect(parsed.config.training.eps).toBe(0.2); // circles' demo ε
    expect(parsed.config.training).toMatchObject({ gamma: 8, lrCure: 0.002, cureForm: 'code' });
  });

  it('clamp an out-of-range value, keep the default for a wrong kind, and say so', () => {
    const parsed = parseConfigFromSearch('?h=-1&batchCure=0&batchStandard=100000&pgdNorm=l3');
    expect(parsed.config.training.h).toBe(0.01);
    expect(parsed.config.training.batchCure).toBe(1);
    expect(parsed.config.training.batchStandard).toBe(512);
    expect(parsed.config.training.pgdNorm).toBe('linf');
    expect(parsed.problems).toHaveLength(4);
    expect(parsed.problems.join('\n')).toMatch(
      /h=-1 is below the smallest allowed, 0.01; using 0.01/,
    );
    expect(parsed.problems.join('\n')).toMatch(/batchStandard=100000 is above .*512; using 512/);
    expect(parsed.problems.join('\n')).toMatch(/pgdNorm=l3 is not valid .*; using linf/);
  });
});

describe('analysis settings in the URL', () => {
  it('take the defaults of the linked dataset, then the linked values', () => {
    const parsed = parseConfigFromSearch('?dataset=moons&plane=eigenvector&fullSpectrum=true');
    expect(parsed.problems).toEqual([]);
    expect(parsed.config.inspect).toMatchObject({
      plane: 'eigenvector',
      fullSpectrum: true,
      radius: 0.6,
    });
    expect(parseConfigFromSearch('?fullSpectrum=false').config.inspect.fullSpectrum).toBe(false);
  });

  it('clamp resource-heavy values to what the lab holds, and name every bad one', () => {
    const parsed = parseConfigFromSearch(
      '?resolution=500&fullSpectrum=yes&heightScale=auto&curvePoints=1e7&topK=900&boundsPoints=1000',
    );
    expect(parsed.config.inspect).toEqual({
      ...DEFAULT_CONFIG.inspect,
      resolution: 128,
      curvePoints: 2000,
      topK: 20,
      boundsPoints: 64,
    });
    expect(parsed.problems).toHaveLength(6);
    expect(parsed.problems.join('\n')).toMatch(/resolution=500 is not one of .*; using 128/);
    expect(parsed.problems.join('\n')).toMatch(/fullSpectrum=yes is not valid.*using false/);
  });

  it('round-trip with the rest of the config', () => {
    const config = {
      ...DEFAULT_CONFIG,
      inspect: { ...DEFAULT_CONFIG.inspect, resolution: 96, fullSpectrum: true, fdH: 0.25 },
    };
    expect(parseConfigFromSearch(searchFromConfig(config)).config).toEqual(config);
  });
});

describe('a pinned link (until) in the URL', () => {
  it('is absent by default, left out of the link then, and round-trips when set', () => {
    expect(DEFAULT_CONFIG.until).toBeNull();
    expect(searchFromConfig(DEFAULT_CONFIG)).not.toMatch(/until/);
    const pinned = { ...DEFAULT_CONFIG, until: 12 };
    expect(searchFromConfig(pinned)).toMatch(/[?&]until=12(&|$)/);
    expect(parseConfigFromSearch(searchFromConfig(pinned))).toEqual({
      config: pinned,
      problems: [],
    });
  });

  it('must be a whole number from 1 to MAX_UNTIL; anything else means no limit, and says so', () => {
    for (const raw of ['0', '-4', '2.5', 'soon', '', String(MAX_UNTIL + 1)]) {
      const parsed = parseConfigFromSearch(`?until=${raw}`);
      expect(parsed.config.until, raw).toBeNull();
      expect(parsed.problems, raw).toEqual([
        expect.stringMatching(
          new RegExp(`until=${raw} is (not valid .*|empty); using no limit\\.$`),
        ),
      ]);
    }
    expect(parseConfigFromSearch(`?until=${MAX_UNTIL}`).config.until).toBe(MAX_UNTIL);
    expect(parseConfigFromSearch('?until=1').config.until).toBe(1);
  });
});
