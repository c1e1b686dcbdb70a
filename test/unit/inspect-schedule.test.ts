import { describe, expect, it } from 'vitest';
import {
  POLICIES,
  SETTLE_MS,
  decide,
  idleTrack,
  type JobTrack,
} from '../../src/client/inspectSchedule';

const policy = POLICIES.sample;
const wanted = (key: string, since = 0) => ({ key, since });

describe('when the analysis is requested', () => {
  it('nothing to analyse: waits, and cancels what still runs', () => {
    expect(decide(idleTrack(), null, '0/0/0', 1000, policy)).toBe('wait');
    expect(decide({ ...idleTrack(), inFlight: 3 }, null, '0/0/0', 1000, policy)).toBe('cancel');
  });

  it('a new question is asked once it has held still for SETTLE_MS, superseding the old one', () => {
    const running: JobTrack = { ...idleTrack(), key: 'a', steps: '1/1/1', inFlight: 7 };
    expect(decide(running, wanted('b', 1000), '1/1/1', 1000 + SETTLE_MS / 2, policy)).toBe(
      'cancel',
    );
    expect(decide(idleTrack(), wanted('b', 1000), '1/1/1', 1000 + SETTLE_MS / 2, policy)).toBe(
      'wait',
    );
    expect(decide(running, wanted('b', 1000), '1/1/1', 1000 + SETTLE_MS, policy)).toBe('request');
  });

  it('the same question is asked again only when training moved, and not too often', () => {
    const done: JobTrack = { key: 'a', steps: '5/5/5', inFlight: null, endedAt: 100, busyMs: 50 };
    expect(decide(done, wanted('a'), '5/5/5', 1e6, policy)).toBe('wait'); // same weights
    expect(decide({ ...done, inFlight: 9 }, wanted('a'), '6/6/6', 1e6, policy)).toBe('wait');
    expect(decide(done, wanted('a'), '6/6/6', 100 + policy.minGapMs - 1, policy)).toBe('wait');
    expect(decide(done, wanted('a'), '6/6/6', 100 + policy.minGapMs, policy)).toBe('request');
  });

  it('a slow analysis is refreshed less often (bounded share of the worker)', () => {
    const slow: JobTrack = {
      key: 'a',
      steps: '5/5/5',
      inFlight: null,
      endedAt: 9000,
      busyMs: 4000,
    };
    const gap = policy.loadFactor * 4000; // 8 s > minGapMs
    expect(decide(slow, wanted('a'), '6/6/6', 9000 + gap - 1, policy)).toBe('wait');
    expect(decide(slow, wanted('a'), '6/6/6', 9000 + gap, policy)).toBe('request');
  });

  it('the gap follows the compute time the job reported, not its wall time', () => {
    // A batch job that computed 20 s but took 90 s of wall time (it yielded to training and to
    // sample jobs in between) is refreshed 20 s after it ends, not 4 × 90 s.
    const batch = POLICIES.batch;
    const done: JobTrack = {
      key: 'b',
      steps: '5/5/5',
      inFlight: null,
      endedAt: 90_000,
      busyMs: 20_000,
    };
    expect(decide(done, wanted('b'), '9/9/9', 90_000 + 20_000 * batch.loadFactor, batch)).toBe(
      'request',
    );
    expect(decide(done, wanted('b'), '9/9/9', 90_000 + 20_000 * batch.loadFactor - 1, batch)).toBe(
      'wait',
    );
  });
});
