import { expect, it } from 'vitest';
import { TrainingSeries } from '../../src/client/trainingSeries';
import type { NetworkDelta } from '../../src/worker/trainingProtocol';
import { profileData, valueAtH } from '../../src/ui/charts/profileData';
import { spectrumData } from '../../src/ui/charts/spectrumData';
import { trainingData } from '../../src/ui/charts/trainingData';
import { whiskerLayout } from '../../src/ui/charts/whiskers';

const f64 = (values: number[]) => Float64Array.from(values);

it('aligns spectra of different lengths on indices from 1 and counts what a log axis hides', () => {
  const spectra = {
    standard: f64([3, 0.9, 0.2]),
    adversarial: f64([0.4, 0.1, 0, -1e-9, 1e-10]),
    cure: null,
  };
  const linear = spectrumData(spectra, 'linear');
  expect(linear.data[0]).toEqual([1, 2, 3, 4, 5]);
  expect(linear.data[1]).toEqual([3, 0.9, 0.2, null, null]);
  expect(linear.data[2]).toEqual([0.4, 0.1, 0, -1e-9, 1e-10]);
  expect(linear.data[3]).toEqual([null, null, null, null, null]);
  expect(linear.hidden).toEqual({ standard: 0, adversarial: 0, cure: 0 });
  const log = spectrumData(spectra, 'log');
  expect(log.data[2]).toEqual([0.4, 0.1, null, null, 1e-10]);
  expect(log.hidden).toEqual({ standard: 0, adversarial: 2, cure: 0 });
});

it('lays out whiskers grouped by network, sorted by ρ, gaps between groups, bad points skipped', () => {
  const layout = whiskerLayout(
    {
      standard: {
        rho: f64([0.3, 0.1, Infinity]),
        lower: f64([0.2, 0.05, 0.1]),
        upper: f64([0.5, 0.2, 0.3]),
      },
      adversarial: null,
      cure: { rho: f64([2, 1]), lower: f64([1, 0]), upper: f64([3, NaN]) },
    },
    2,
  );
  // standard: 2 kept (sorted), gap of 2, cure: 1 kept.
  expect(layout.xs).toEqual([0, 1, 2, 3, 4]);
  expect(layout.columns.standard.rho).toEqual([0.1, 0.3, null, null, null]);
  expect(layout.columns.standard.lower).toEqual([0.05, 0.2, null, null, null]);
  expect(layout.columns.cure.rho).toEqual([null, null, null, null, 2]);
  expect(layout.columns.cure.upper).toEqual([null, null, null, null, 3]);
  expect(layout.columns.adversarial.rho.every((v) => v === null)).toBe(true);
  expect(layout.groups).toEqual([
    { id: 'standard', start: 0, end: 2, skipped: 1 },
    { id: 'adversarial', start: 4, end: 4, skipped: 0 },
    { id: 'cure', start: 4, end: 5, skipped: 1 },
  ]);
  expect(layout.drawn).toBe(3);
});

it('shapes profiles: sorted positive h, exact values as constant series, values at h', () => {
  const { data, values } = profileData({
    standard: { hs: f64([0.1, 0.01, 0]), fd: f64([2, 1, 5]), exact: 0.9 },
    adversarial: null,
    cure: { hs: f64([0.01, 1]), fd: f64([0.1, -0.2]), exact: NaN },
  });
  expect(data[0]).toEqual([0.01, 0.1, 1]);
  expect(data[1]).toEqual([1, 2, null]);
  expect(data[3]).toEqual([0.1, null, -0.2]);
  expect(data[4]).toEqual([0.9, 0.9, 0.9]);
  expect(data[6]).toEqual([null, null, null]);
  expect(values.sort()).toEqual([-0.2, 0.1, 0.9, 0.9, 0.9, 1, 2].sort());
  const hs = f64([0.01, 0.1, 1]);
  const fd = f64([1, 2, 4]);
  expect(valueAtH(hs, fd, 0.1)).toBe(2);
  // Halfway in log h between 0.1 and 1.
  expect(valueAtH(hs, fd, Math.sqrt(0.1))).toBeCloseTo(3);
  expect(valueAtH(hs, fd, 5)).toBeNull();
});

function delta(first: number, count: number, accuracy: number): NetworkDelta {
  const column = (value: number) => new Float32Array(count).fill(value);
  return {
    steps: {
      step: Float64Array.from({ length: count }, (_, i) => first + i),
      loss: column(0.5),
      accuracy: column(accuracy),
      ms: column(9),
      regularizer: column(NaN),
      gradDiffNorm: column(NaN),
      gamma: column(NaN),
      h: column(NaN),
    },
    evaluations: [],
    step: first + count - 1,
    epoch: 0,
    stepsPerSecond: 10,
    pausedBecause: null,
    startedFrom: null,
  };
}

it('reads training buffers per metric in drawn units (accuracy in %)', () => {
  const series = new TrainingSeries();
  series.append({
    standard: delta(1, 3, 0.5),
    adversarial: delta(1, 2, 0.25),
    cure: delta(1, 1, 1),
  });
  const accuracy = trainingData(series.networks, 'accuracy');
  expect(accuracy).toEqual([
    [1, 2, 3],
    [50, 50, 50],
    [25, 25, null],
    [100, null, null],
  ]);
  // CURE-only series are NaN elsewhere: nothing drawn, no line to zero.
  const regularizer = trainingData(series.networks, 'regularizer');
  expect(
    regularizer
      .slice(1)
      .flat()
      .every((v) => v === null),
  ).toBe(true);
});
