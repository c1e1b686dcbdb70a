import { describe, expect, it } from 'vitest';
import { describeChart } from '../../src/ui/charts/describeChart';

describe('a chart in words', () => {
  it('gives each labelled series its point count and ranges, skipping non-finite values', () => {
    const data = [
      [1, 2, 3, 4],
      [0.5, Number.NaN, 0.25, 0.125],
      [null, null, null, null],
    ] as unknown as Parameters<typeof describeChart>[1];
    const text = describeChart([{}, { label: 'Standard' }, { label: 'CURE' }], data, {
      x: 'index',
      y: 'λ',
    });
    expect(text).toBe('Standard: 3 points, λ 0.125 to 0.5 (index 1 to 4); CURE: no points yet.');
  });

  it('says when there is nothing to describe', () => {
    expect(describeChart([{}], null, { x: 'x', y: 'y' })).toBe('No data yet.');
    expect(describeChart([{}, {}], [[1], [2]], { x: 'x', y: 'y' })).toBe('No data yet.');
  });
});
