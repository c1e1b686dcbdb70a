import { describe, expect, it } from 'vitest';
import {
  measureSlowdown,
  SLOWDOWN_WARNING_FACTOR,
  slowdownWarning,
} from '../../src/worker/slowdown';
import type { CandidateReport } from '../../src/worker/protocol';

const report = (
  name: CandidateReport['name'],
  msPerStep: number | null,
  outcome: CandidateReport['outcome'] = 'slower',
): CandidateReport => ({ name, outcome, msPerStep, detail: '' });

describe('measureSlowdown', () => {
  const candidates = [
    report('webgpu', null, 'not-tried'),
    report('webgl', 95),
    report('wasm', 27),
    report('cpu', 410),
  ];

  it('compares the forced backend with the fastest other one that was timed', () => {
    expect(measureSlowdown('cpu', candidates)).toEqual({
      forced: 'cpu',
      best: 'wasm',
      factor: 410 / 27,
      forcedMs: 410,
      bestMs: 27,
    });
    // The forced backend is the fastest: the factor is below 1.
    expect(measureSlowdown('wasm', candidates)!.factor).toBeCloseTo(27 / 95, 12);
  });

  it('says nothing when the forced backend or every other was not timed', () => {
    expect(measureSlowdown('webgpu', candidates)).toBeNull();
    expect(measureSlowdown('cpu', [report('cpu', 410), report('wasm', null, 'failed')])).toBeNull();
  });
});

describe('slowdownWarning', () => {
  it('names both backends, the factor and the probe times', () => {
    const text = slowdownWarning(measureSlowdown('cpu', [report('wasm', 27), report('cpu', 410)])!);
    expect(text).toMatch(/^cpu is ~15× slower than wasm here \(probe: 410 ms vs 27 ms per step\)/);
  });

  it('gives a factor below 10 one decimal, and small times two digits', () => {
    const text = slowdownWarning({
      forced: 'webgl',
      best: 'wasm',
      factor: 4.24,
      forcedMs: 14.4,
      bestMs: 3.4,
    });
    expect(text).toContain(
      'webgl is ~4.2× slower than wasm here (probe: 14 ms vs 3.4 ms per step)',
    );
  });

  it(`stays silent below ${SLOWDOWN_WARNING_FACTOR}× (and when the forced backend is the best)`, () => {
    const base = { forced: 'cpu', best: 'wasm', forcedMs: 29, bestMs: 10 } as const;
    expect(slowdownWarning({ ...base, factor: 2.9 })).toBeNull();
    expect(slowdownWarning({ ...base, factor: 0.5 })).toBeNull();
    expect(slowdownWarning({ ...base, factor: 3 })).not.toBeNull();
  });
});
