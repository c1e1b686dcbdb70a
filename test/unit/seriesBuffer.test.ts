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

it('drops the points after a step and goes on appending from there', () => {
  const buffer = new SeriesBuffer(8);
  for (let step = 1; step <= 20; step++) buffer.append(step, step * 2);
  const kept = Array.from(buffer.xs());
  buffer.truncateAfter(12);
  const expected = kept.filter((x) => x <= 12);
  expect(Array.from(buffer.xs())).toEqual(expected);
  expect(buffer.latest).toEqual({ step: expected.at(-1), value: expected.at(-1)! * 2 });
  buffer.append(13, 1);
  expect(buffer.latest).toEqual({ step: 13, value: 1 });
  buffer.truncateAfter(0);
  expect(buffer.length).toBe(0);
  expect(buffer.latest).toBeNull();
});
