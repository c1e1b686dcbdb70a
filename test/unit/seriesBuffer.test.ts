import { expect, it } from 'vitest';
import { SeriesBuffer } from '../../src/client/seriesBuffer';

it('keeps every point until full, then thins evenly and stays bounded', () => {
  const buffer = new SeriesBuffer(8);
  for (let step = 0; step < 8; step++) buffer.append(step, step * 10);
  expect(Array.from(buffer.xs())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  for (let step = 8; step < 1000; step++) buffer.append(step, step * 10);
  expect(buffer.length).toBeLessThanOrEqual(8);
  expect(buffer.length).toBeGreaterThanOrEqual(4);
  const xs = Array.from(buffer.xs());
  // Evenly spaced from the start of the run: the whole history stays visible.
  expect(xs[0]).toBe(0);
  const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
  expect(new Set(gaps).size).toBe(1);
  expect(Array.from(buffer.ys())).toEqual(xs.map((x) => x * 10));
  expect(buffer.latest).toEqual({ step: 999, value: 9990 });
});

it('clears back to an empty, dense buffer', () => {
  const buffer = new SeriesBuffer(4);
  for (let step = 0; step < 50; step++) buffer.append(step, 1);
  buffer.clear();
  buffer.append(7, 2);
  buffer.append(8, 3);
  expect(Array.from(buffer.xs())).toEqual([7, 8]);
  expect(buffer.latest).toEqual({ step: 8, value: 3 });
});
