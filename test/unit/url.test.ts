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
    expect(parsed.problems.join('\n')).toMatch(/Unknown URL parameter "zoom"/);
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

  it('report an out-of-range value and keep the default', () => {
    const parsed = parseConfigFromSearch('?h=-1&batchCure=0&pgdNorm=l3');
    expect(parsed.config.training.h).toBe(DEFAULT_CONFIG.training.h);
    expect(parsed.config.training.batchCure).toBe(DEFAULT_CONFIG.training.batchCure);
    expect(parsed.config.training.pgdNorm).toBe('linf');
    expect(parsed.problems).toHaveLength(3);
    expect(parsed.problems.join('\n')).toMatch(/h=-1 is not valid.*using 1.5/);
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

  it('report an out-of-range value and keep the default', () => {
    const parsed = parseConfigFromSearch('?resolution=500&fullSpectrum=yes&heightScale=auto');
    expect(parsed.config.inspect).toEqual(DEFAULT_CONFIG.inspect);
    expect(parsed.problems).toHaveLength(3);
    expect(parsed.problems.join('\n')).toMatch(/resolution=500 is not valid.*using 64/);
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
        expect.stringMatching(new RegExp(`until=${raw} is not valid .*; using no limit\\.$`)),
      ]);
    }
    expect(parseConfigFromSearch(`?until=${MAX_UNTIL}`).config.until).toBe(MAX_UNTIL);
    expect(parseConfigFromSearch('?until=1').config.until).toBe(1);
  });
});
