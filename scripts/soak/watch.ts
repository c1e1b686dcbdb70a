/**
 * What the soak check reads from the running lab through the e2e build's test hook
 * (window.__curvatureLab): a glance every second (steps, losses, pauses, notices), the memory
 * samples, and the nudge that picks another sample so the panels recompute. Shared by
 * scripts/soak.ts and e2e/soak.spec.ts.
 */
import type { Page } from '@playwright/test';
import type {} from '../../src/client/testHookApi.ts';
import { isHealthyPause } from '../../src/core/lab/pauseReasons.ts';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names.ts';
import type { Notice } from '../../src/state/slices/notices.ts';

/** What one poll reads: only these fields cross to node (the state's dataset arrays would not). */
export interface Glance {
  readonly networks: Record<
    NetworkId,
    { step: number; loss: number; pausedBecause: string | null; evaluation: number[] | null }
  >;
  readonly notices: Notice[];
  readonly sample: number;
  readonly testCount: number;
}

export async function glance(page: Page): Promise<Glance> {
  return page.evaluate((ids) => {
    const state = window.__curvatureLab!.state();
    const networks = {} as Glance['networks'];
    for (const id of ids) {
      const { step, loss, pausedBecause, evaluation: e } = state.lab.networks[id];
      const evaluation = e && [e.cleanAccuracy, e.pgdAccuracy, e.cureDiffNorm, e.topEigenvalue];
      networks[id] = { step, loss, pausedBecause, evaluation };
    }
    const testCount = state.data.test?.count ?? 0;
    return { networks, notices: state.notices, sample: state.config.sample, testCount };
  }, NETWORK_IDS);
}

/** The slowest network's step: the soak's progress (the lab interleaves them fairly). */
export const slowestStep = (g: Glance) => Math.min(...NETWORK_IDS.map((id) => g.networks[id].step));

/** The slowest step among the networks not stopped by a failure (a diverged network stays where
 * it stopped; the soak goes on with the others and reports it); null when all failed. */
export function slowestHealthyStep(g: Glance): number | null {
  const steps = NETWORK_IDS.filter((id) => isHealthyPause(g.networks[id].pausedBecause)).map(
    (id) => g.networks[id].step,
  );
  return steps.length === 0 ? null : Math.min(...steps);
}

/** Every NaN, failed pause, notice and console error met during a soak, each once. */
export class Health {
  readonly nans = new Set<string>();
  readonly failedPauses = new Set<string>();
  readonly notices = new Map<number, Notice>();
  readonly consoleErrors: string[] = [];
  /** Each network's step when first seen: a summary shows NaN loss until its first step. */
  private readonly firstSteps = new Map<NetworkId, number>();

  /** Records the page's console errors and uncaught exceptions from now on. */
  listen(page: Page): void {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`page error: ${error.message}`));
  }

  check(g: Glance): void {
    for (const notice of g.notices) this.notices.set(notice.id, notice);
    for (const id of NETWORK_IDS) {
      const { step, loss, pausedBecause, evaluation } = g.networks[id];
      if (!this.firstSteps.has(id)) this.firstSteps.set(id, step);
      if (step > this.firstSteps.get(id)! && !Number.isFinite(loss)) {
        this.nans.add(`${id}: loss ${loss} at step ${step}`);
      }
      if (evaluation?.some((v) => !Number.isFinite(v))) {
        this.nans.add(`${id}: evaluation [${evaluation.join(', ')}] at step ${step}`);
      }
      // The worker pauses a network whose loss or gradient went non-finite, before updating it:
      // a NaN between two glances still shows here.
      if (!isHealthyPause(pausedBecause)) {
        (/NaN|infinite/.test(pausedBecause!) ? this.nans : this.failedPauses).add(
          `${id}: ${pausedBecause}`,
        );
      }
    }
  }
}

/** Notices a soak may meet that are not faults, each with why. */
export const EXPECTED_NOTICES: readonly { pattern: RegExp; why: string }[] = [
  {
    // backendProbe.ts: a forced backend ≥ 3× slower than the best one here is said once. A soak
    // that forces a slow backend on purpose (e.g. --backend cpu) expects it.
    pattern: /is ~\d+(\.\d+)?× slower than/,
    why: 'a forced backend is ≥ 3× slower than the best one here',
  },
];

export const isExpectedNotice = (notice: Notice) =>
  EXPECTED_NOTICES.some(({ pattern }) => pattern.test(notice.text));

/**
 * Selects the next sample through the gallery's own key handler (ArrowRight / ArrowLeft, as a
 * keyboard user does), bouncing at the ends of the test split, so every panel's analysis re-runs
 * for a new input. Dispatched on the gallery, not pressed: the press would need keyboard focus,
 * which a 2-D set's point view does not take. Returns the direction to go on in.
 */
export async function pickNextSample(page: Page, g: Glance, direction: 1 | -1): Promise<1 | -1> {
  const next = g.sample + direction;
  const turn = next < 0 || next >= g.testCount ? (-direction as 1 | -1) : direction;
  await page
    .getByTestId('gallery')
    .dispatchEvent('keydown', { key: turn > 0 ? 'ArrowRight' : 'ArrowLeft' });
  return turn;
}
