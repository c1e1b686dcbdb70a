import { expect, it } from 'vitest';
import {
  formatLogTicks,
  formatPercent,
  formatTick,
  formatValue,
  powerOfTen,
} from '../../src/ui/charts/format';
import {
  ceilOneDigit,
  countNonPositive,
  decadesOnly,
  floorOneDigit,
  isDecade,
  logRange,
  spansDecades,
  symlogRange,
  symlogThreshold,
} from '../../src/ui/charts/logScale';

it('writes tick labels short and never rounds small values to 0', () => {
  expect(formatTick(0)).toBe('0');
  expect(formatTick(0.1 + 0.2)).toBe('0.3');
  expect(formatTick(0.001)).toBe('0.001');
  expect(formatTick(1e-5)).toBe('10⁻⁵');
  expect(formatTick(2e-5)).toBe('2·10⁻⁵');
  expect(formatTick(-0.5)).toBe('−0.5');
  expect(formatTick(2000)).toBe('2000');
  expect(formatTick(12500)).toBe('12.5k');
  expect(formatTick(1e7)).toBe('10⁷');
  expect(powerOfTen(-12)).toBe('10⁻¹²');
});

it('writes read-out values with three significant digits', () => {
  expect(formatValue(2.98765)).toBe('2.99');
  expect(formatValue(0.0001234)).toBe('1.23·10⁻⁴');
  expect(formatValue(9.9999e-5)).toBe('10⁻⁴');
  expect(formatValue(-0.25)).toBe('−0.25');
  expect(formatValue(null)).toBe('–');
  expect(formatValue(NaN)).toBe('–');
  expect(formatValue(Infinity)).toBe('∞');
  expect(formatPercent(68.8)).toBe('68.8 %');
});

it('picks a symmetric-log threshold three decades under the largest magnitude', () => {
  expect(symlogThreshold([10, 0.1, -2, 1e-9, 0, NaN])).toBeCloseTo(0.01);
  // A narrow range stays nearly linear: the threshold is its smallest magnitude's decade.
  expect(symlogThreshold([2, 3, 4])).toBe(1);
  // Always a power of ten (uPlot's asinh ticks loop forever otherwise): a measured profile.
  expect(symlogThreshold([0.3374, 0.01025, 0.1081])).toBeCloseTo(0.01, 15);
  expect(symlogThreshold([0, NaN])).toBe(1);
  expect(spansDecades([0.2, 3])).toBe(false);
  expect(spansDecades([0.05, 3, 0])).toBe(true);
  expect(countNonPositive([1, 0, -1, NaN])).toBe(2);
});

it('hugs log ranges to one significant digit with a little room, never inside the data', () => {
  expect(floorOneDigit(0.063)).toBe(0.06);
  expect(ceilOneDigit(13)).toBe(20);
  expect(ceilOneDigit(2.0000000000000004)).toBeGreaterThanOrEqual(2.0000000000000004);
  expect(logRange(4e-6, 3)).toEqual([3e-6, 4]);
  expect(logRange(null, 3)).toEqual([1, 10]);
  expect(symlogRange(-0.42, 11.5, 0.25)).toEqual([-0.5, 20]);
  // Positive data near zero (within ten thresholds) keep zero in view.
  expect(symlogRange(0.2, 11.5, 0.25)).toEqual([0, 20]);
});

it('keeps log grid lines at decades when the axis shows two or more', () => {
  expect(decadesOnly([0.05, 0.1, 0.2, 1, 2, 10])).toEqual([null, 0.1, null, 1, null, 10]);
  expect(decadesOnly([0.2, 0.3, 1, 2])).toEqual([0.2, 0.3, 1, 2]);
  expect(isDecade(-100)).toBe(true);
  expect(formatLogTicks([1e-5, null, 0.001, 10])).toEqual(['10⁻⁵', '', '10⁻³', '10¹']);
  expect(formatLogTicks([0.1, 1, 10])).toEqual(['0.1', '1', '10']);
});
