import { describe, expect, it } from 'vitest';
import {
  EvaluationCadence,
  LIVE_CADENCE,
  type CadencePolicy,
} from '../../src/worker/evaluationCadence';

const policy: CadencePolicy = { minGapMs: 3000, maxGapMs: 10_000, trainingPerEvaluation: 2 };

/** A cadence whose first round took `roundMs`. */
function afterRound(roundMs: number): EvaluationCadence {
  const cadence = new EvaluationCadence(policy);
  cadence.startRound();
  cadence.endRound(roundMs);
  return cadence;
}

describe('evaluation rounds: when they are due', () => {
  it('the first round is due at once, before any training', () => {
    const cadence = new EvaluationCadence(policy);
    expect(cadence.isDue()).toBe(true);
    expect(cadence.startRound()).toBe(1);
    expect(cadence.isDue()).toBe(false);
  });

  it('then after twice the last round of running time, counted from its end', () => {
    const cadence = afterRound(4500);
    expect(cadence.gapMs()).toBe(9000);
    cadence.elapse(8999);
    expect(cadence.isDue()).toBe(false);
    cadence.elapse(1);
    expect(cadence.isDue()).toBe(true);
    expect(cadence.startRound()).toBe(2);
    cadence.endRound(4500);
    expect(cadence.isDue()).toBe(false);
  });

  it('the gap is capped for freshness and floored for fast rounds', () => {
    // 6 s rounds: 12 s wanted, capped at 10 s (a figure ~22 s old at worst: round, gap, round).
    expect(afterRound(6000).gapMs()).toBe(10_000);
    expect(afterRound(9999).gapMs()).toBe(10_000);
    // Fast rounds (a toy set): no more often than every 3 s.
    expect(afterRound(200).gapMs()).toBe(3000);
  });

  it('when a round alone exceeds the cap (a slow backend), training keeps two thirds again', () => {
    expect(afterRound(10_000).gapMs()).toBe(20_000);
    expect(afterRound(50_000).gapMs()).toBe(100_000);
  });

  it('a change of what is measured makes the next round due at once, whatever the gap', () => {
    const cadence = afterRound(4500);
    cadence.elapse(1000);
    cadence.markDue();
    expect(cadence.isDue()).toBe(true);
    cadence.startRound();
    expect(cadence.isDue()).toBe(false);
  });

  it('a change during a round makes the one after it due (the round took its settings at start)', () => {
    const cadence = new EvaluationCadence(policy);
    cadence.startRound();
    cadence.markDue();
    cadence.endRound(4000);
    expect(cadence.isDue()).toBe(true);
  });

  it('only running time counts: nothing comes due while the lab is paused', () => {
    const cadence = afterRound(4500);
    cadence.elapse(5000);
    // (paused: the controller feeds no time) then resumed:
    cadence.elapse(3999);
    expect(cadence.isDue()).toBe(false);
    cadence.elapse(1);
    expect(cadence.isDue()).toBe(true);
  });

  it('the shipped policy keeps a ~5 s wasm round within ~20 s: round + gap + round', () => {
    const cadence = new EvaluationCadence(LIVE_CADENCE);
    cadence.startRound();
    cadence.endRound(5000);
    expect(5000 + cadence.gapMs() + 5000).toBeLessThanOrEqual(20_000);
  });
});
