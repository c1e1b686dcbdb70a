/**
 * "Copy link": the current view's link, pinned with `until=N` when the three networks are paused
 * at the same step N — opened elsewhere on the same backend, it trains to bit-identical weights.
 */
import { NETWORK_IDS } from '../core/names';
import type { LabState } from './slices/lab';

/** What "Copy link" can pin now: the step (null if none), and why, in words, for its title. */
export interface Pin {
  readonly until: number | null;
  readonly reason: string;
}

/** The step all three networks are paused at, if they are (and have trained at all). */
export function pinOf(lab: Pick<LabState, 'phase' | 'running' | 'networks'>): Pin {
  if (lab.phase !== 'open') return { until: null, reason: 'no lab is open: the link has no until' };
  if (lab.running) {
    return { until: null, reason: 'training: pause to pin the link at the current step' };
  }
  const steps = new Set(NETWORK_IDS.map((id) => lab.networks[id].step));
  const [step] = steps;
  if (steps.size !== 1 || step === undefined) {
    return { until: null, reason: 'the networks are at different steps: the link has no until' };
  }
  if (step === 0) return { until: null, reason: 'no step taken yet: the link has no until' };
  return { until: step, reason: `the link trains each network to step ${step} and pauses` };
}

/** `href` with `until` set to `until` (or removed when null); everything else kept as it is. */
export function linkWithUntil(href: string, until: number | null): string {
  const url = new URL(href);
  url.searchParams.delete('until');
  if (until !== null) url.searchParams.set('until', String(until));
  return url.toString();
}
