import { expect, it } from 'vitest';
import { alignColumns, countFinitePoints, sortedColumn } from '../../src/ui/charts/align';
import { positiveOrNull } from '../../src/ui/charts/logScale';

it('merges columns with different x values into one sorted x and null-padded series', () => {
  const data = alignColumns([
    { xs: [1, 2, 4], ys: [10, 20, 40] },
    { xs: [2, 3], ys: [200, 300] },
    null,
  ]);
  expect(data).toEqual([
    [1, 2, 3, 4],
    [10, 20, null, 40],
    [null, 200, 300, null],
    [null, null, null, null],
  ]);
});

it('turns non-finite values into gaps, drops non-finite x, keeps the last of a repeated x', () => {
  const data = alignColumns([
    { xs: new Float64Array([0, NaN, 1, 1, 2]), ys: new Float32Array([NaN, 5, 1, 2, Infinity]) },
  ]);
  expect(data).toEqual([
    [0, 1, 2],
    [null, 2, null],
  ]);
});

it('applies the value map (log axes: non-positive values become gaps)', () => {
  const data = alignColumns([{ xs: [1, 2, 3], ys: [3, 0, -1e-9] }], positiveOrNull);
  expect(data[1]).toEqual([3, null, null]);
});

it('aligns identical step columns without adding x values (the training-curve case)', () => {
  const steps = Float64Array.from({ length: 2000 }, (_, i) => i + 1);
  const column = { xs: steps, ys: new Float32Array(2000).fill(0.5) };
  const data = alignColumns([column, column, column]);
  expect(data[0]).toHaveLength(2000);
  expect(countFinitePoints(data)).toBe(6000);
});

it('sorts a column given in any order', () => {
  expect(sortedColumn([0.3, 0, 0.1], [0.2, 0.9, 0.7])).toEqual({
    xs: [0, 0.1, 0.3],
    ys: [0.9, 0.7, 0.2],
  });
});

it('counts finite y values only, never the x column', () => {
  expect(countFinitePoints([[1, 2, 3], [1, null, NaN], new Float64Array([1, 2, Infinity])])).toBe(
    3,
  );
});
