import { describe, expect, it } from 'vitest';
import { integerSplits, spacedLabels, staggeredRows, tickRank } from '../../src/ui/charts/ticks';

describe('integerSplits', () => {
  it('gives whole numbers only, inside the range', () => {
    // The 2-D sets' spectrum: indices 1 and 2 drawn on [0.5, 2.5] (uPlot gave 0.75 and 1.25).
    expect(integerSplits(0.5, 2.5, 8)).toEqual([1, 2]);
    for (const [min, max, count] of [
      [0.5, 10.5, 6],
      [0.5, 20.5, 4],
      [0.3, 784.7, 7],
    ] as const) {
      const splits = integerSplits(min, max, count);
      expect(splits.length).toBeGreaterThan(0);
      expect(splits.length).toBeLessThanOrEqual(count + 1);
      for (const v of splits) {
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(min);
        expect(v).toBeLessThanOrEqual(max);
      }
    }
  });

  it('steps 1, 2, 5, 10 … as room allows', () => {
    expect(integerSplits(0.5, 10.5, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(integerSplits(0.5, 10.5, 5)).toEqual([2, 4, 6, 8, 10]);
    expect(integerSplits(0.5, 10.5, 2)).toEqual([5, 10]);
    expect(integerSplits(0.5, 100.5, 3)).toEqual([50, 100]);
  });

  it('still marks a range narrower than a step, and refuses nonsense', () => {
    expect(integerSplits(0.5, 1.5, 1)).toEqual([1]);
    expect(integerSplits(0.2, 0.8, 3)).toEqual([]);
    expect(integerSplits(Number.NaN, 3, 3)).toEqual([]);
    expect(integerSplits(3, 1, 3)).toEqual([]);
  });
});

describe('tickRank', () => {
  it('puts 0, then powers of ten, then 2 and 5 × 10ⁿ, then the rest', () => {
    expect(tickRank(0)).toBe(0);
    for (const v of [1, 10, 0.01, -0.1, 1e-5]) expect(tickRank(v)).toBe(1);
    for (const v of [2, 0.05, -500, 0.002]) expect(tickRank(v)).toBe(2);
    for (const v of [3, 0.07, -0.25, 7.5]) expect(tickRank(v)).toBe(3);
  });
});

describe('spacedLabels', () => {
  it('keeps 0 and drops a neighbour drawn on top of it (the "−0.0" over "0" of a symlog axis)', () => {
    // y positions (px, down) of a symmetric-log axis with a 0.01 linear band squeezed into 8 px.
    const values = [1, 0.1, 0.01, 0, -0.01];
    const positions = [10, 40, 70, 74, 78];
    expect(spacedLabels(values, positions, 15)).toEqual([true, true, false, true, false]);
  });

  it('keeps every label when they are far enough apart', () => {
    expect(spacedLabels([0, 0.5, 1, 1.5], [100, 70, 40, 10], 15)).toEqual([true, true, true, true]);
  });

  it('prefers powers of ten to other values on a crowded log axis', () => {
    const values = [0.02, 0.03, 0.05, 0.1, 0.2];
    const positions = [90, 70, 52, 40, 28];
    const keep = spacedLabels(values, positions, 15);
    expect(keep[3]).toBe(true); // 0.1
    const kept = positions.filter((_, i) => keep[i]).sort((a, b) => a - b);
    for (let i = 1; i < kept.length; i++)
      expect(kept[i]! - kept[i - 1]!).toBeGreaterThanOrEqual(15);
  });

  it('never labels a missing value or an unplaceable position', () => {
    expect(spacedLabels([null, 1, 2], [0, Number.NaN, 50], 10)).toEqual([false, false, true]);
  });
});

describe('staggeredRows', () => {
  it('keeps one row while neighbours are clear of each other', () => {
    expect(staggeredRows([50, 150, 250], [60, 80, 40], 6)).toEqual([0, 0, 0]);
  });

  it('drops every other label a row when two would touch', () => {
    // "Standard" (62 px) and "Adversarial" (80 px) centred 70 px apart: 1 px between them.
    expect(staggeredRows([40, 110, 180], [62, 80, 38], 6)).toEqual([0, 1, 0]);
  });
});
