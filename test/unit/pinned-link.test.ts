import { describe, expect, it } from 'vitest';
import { linkWithUntil, pinOf } from '../../src/state/pinnedLink';
import { emptySummary, type LabState } from '../../src/state/slices/lab';

function lab(steps: [number, number, number], running = false): LabState['networks'] & object {
  const [standard, adversarial, cure] = steps;
  return {
    standard: { ...emptySummary(), step: standard },
    adversarial: { ...emptySummary(), step: adversarial },
    cure: { ...emptySummary(), step: cure, pausedBecause: running ? null : 'Paused.' },
  };
}

describe('Copy link', () => {
  it('pins the step when all three networks are paused there', () => {
    expect(pinOf({ phase: 'open', running: false, networks: lab([12, 12, 12]) }).until).toBe(12);
  });

  it('pins nothing while training, at different steps, before a step, or with no lab', () => {
    const cases = [
      [{ phase: 'open', running: true, networks: lab([12, 12, 12], true) }, /pause to pin/],
      [{ phase: 'open', running: false, networks: lab([12, 13, 12]) }, /different steps/],
      [{ phase: 'open', running: false, networks: lab([0, 0, 0]) }, /no step taken/],
      [{ phase: 'opening', running: false, networks: lab([5, 5, 5]) }, /no lab is open/],
    ] as const;
    for (const [state, reason] of cases) {
      const pin = pinOf(state);
      expect(pin.until).toBeNull();
      expect(pin.reason).toMatch(reason);
    }
  });

  it('sets, replaces or removes until and keeps every other parameter', () => {
    const href = 'https://lab.example/app/?dataset=moons&seed=3&until=5&mode=talk';
    const pinned = new URL(linkWithUntil(href, 40));
    expect(pinned.searchParams.get('until')).toBe('40');
    expect(pinned.searchParams.getAll('until')).toHaveLength(1);
    expect(pinned.searchParams.get('seed')).toBe('3');
    expect(pinned.searchParams.get('mode')).toBe('talk');
    expect(pinned.pathname).toBe('/app/');
    expect(new URL(linkWithUntil(href, null)).searchParams.has('until')).toBe(false);
  });
});
