/**
 * The soak loop: with the lab open and training, glance at it every second (NaNs, notices), take a
 * memory sample every so many steps (or seconds), and meanwhile pick another sample every few
 * seconds so the panels recompute — until the networks reach the target step or time runs out.
 */
import type { Page } from '@playwright/test';
import { takeSample, type SoakProbes, type SoakSample } from './sample.ts';
import { glance, Health, pickNextSample, slowestHealthyStep } from './watch.ts';

export interface SoakPlan {
  /** Stop once every network still training has reached this step (null: run for `seconds`). */
  readonly steps: number | null;
  readonly seconds: number | null;
  /** A sample every this many steps of the slowest network, or every this many seconds. */
  readonly sampleEverySteps: number | null;
  readonly sampleEverySeconds: number | null;
  /** Pick another sample this often (s), so the analyses answer a new question. */
  readonly nudgeEverySeconds: number;
  /** How long a sample waits for the running analyses to end before counting tensors (ms). */
  readonly idleTimeoutMs: number;
  /** Give up when no network steps for this long (s): a hung worker. */
  readonly stallSeconds: number;
  /**
   * Pause the lab at each sample's step (`sampleEverySteps`), play it on after, and pick another
   * sample at once. For short runs (the e2e test's 500 steps take ~10 s here): their steps
   * outpace a sample's reading, and paused, every sample counts tensors with no analysis running.
   * A long soak trains unpaused.
   */
  readonly pauseToSample?: boolean;
}

export interface SoakRun {
  readonly samples: SoakSample[];
  readonly health: Health;
  readonly seconds: number;
  /** What ended it: the target step, the time, no step for `stallSeconds`, or every network
   * stopped by a failure. */
  readonly ended: 'steps' | 'time' | 'stalled' | 'failed';
  /** How many times another sample was picked. */
  readonly nudges: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Picks another sample every `seconds`, in the background, except while `held` (a memory sample
 * waits for the analyses to end; a new sample would start them again).
 */
class Nudger {
  count = 0;
  held = false;
  private running = true;
  private failure: unknown = null;
  private readonly done: Promise<void>;

  constructor(page: Page, seconds: number) {
    // Kept, not thrown here: an unawaited rejection would end the process mid-soak.
    this.done = this.loop(page, seconds).catch((error: unknown) => {
      this.failure = error;
    });
  }

  private direction: 1 | -1 = 1;

  async nudge(page: Page): Promise<void> {
    this.direction = await pickNextSample(page, await glance(page), this.direction);
    this.count++;
  }

  private async loop(page: Page, seconds: number): Promise<void> {
    while (this.running) {
      await sleep(seconds * 1000);
      if (this.running && !this.held) await this.nudge(page);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    if (this.failure !== null) throw this.failure;
  }
}

/**
 * In the page: waits up to `ms` for every network to reach `step`, and if they do, pauses the lab
 * at once — no round trip to node between seeing the step and pausing, which on a busy machine
 * let hundreds of steps pass. Whether it paused.
 */
function pauseAtStep(page: Page, step: number, ms: number): Promise<boolean> {
  return page.evaluate(
    async ({ step, ms }) => {
      const hook = window.__curvatureLab!;
      const reached = await Promise.race([
        hook.waitForSteps(step).then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
      ]);
      if (reached) await hook.control('pause', 'all');
      return reached;
    },
    { step, ms },
  );
}

/** Runs the soak on a page whose lab is open; `health` may already listen to the page. */
export async function runSoak(
  page: Page,
  plan: SoakPlan,
  probes: SoakProbes,
  log: (line: string) => void,
  health = new Health(),
): Promise<SoakRun> {
  const startedAt = Date.now();
  const elapsed = () => (Date.now() - startedAt) / 1000;
  const samples: SoakSample[] = [];
  const nudger = new Nudger(page, plan.nudgeEverySeconds);
  /** Takes a sample; `resume`: the lab was paused for it, play it on and pick another sample. */
  const sample = async (resume = false) => {
    nudger.held = true;
    const took = Date.now();
    const s = await takeSample(page, probes, startedAt, plan.idleTimeoutMs);
    if (resume) {
      await page.evaluate(() => window.__curvatureLab!.control('play', 'all'));
      await nudger.nudge(page);
    }
    nudger.held = false;
    samples.push(s);
    log(
      `${s.seconds.toFixed(0)} s, step ${s.step}: ${s.tensors} tensors (${s.analysisJobs} jobs), ` +
        `heaps ${s.pageHeapMiB.toFixed(1)} / ${s.workerHeapMiB.toFixed(1)} MiB, ` +
        `renderer ${s.rendererRssMiB.toFixed(0)} MiB, gpu ${s.gpuRssMiB.toFixed(0)} MiB ` +
        `(read in ${((Date.now() - took) / 1000).toFixed(1)} s)`,
    );
  };
  const end = async (ended: SoakRun['ended']): Promise<SoakRun> => {
    await nudger.stop();
    // With `until` the networks have paused: the last analyses end and the count settles.
    await sample();
    health.check(await glance(page));
    return { samples, health, seconds: elapsed(), ended, nudges: nudger.count };
  };
  let nextStep = plan.sampleEverySteps ?? Infinity;
  let nextTime = plan.sampleEverySeconds ?? Infinity;
  let progress = { step: -1, at: 0 };
  await sample();
  for (;;) {
    const paused = plan.pauseToSample ? await pauseAtStep(page, nextStep, 1000) : false;
    if (!plan.pauseToSample) await sleep(1000);
    const g = await glance(page);
    health.check(g);
    const step = slowestHealthyStep(g);
    if (step === null) return end('failed');
    if (step !== progress.step) progress = { step, at: elapsed() };
    if (elapsed() - progress.at >= plan.stallSeconds) return end('stalled');
    if (plan.steps !== null && step >= plan.steps) return end('steps');
    if (plan.seconds !== null && elapsed() >= plan.seconds) return end('time');
    if (step >= nextStep || elapsed() >= nextTime) {
      await sample(paused);
      const every = plan.sampleEverySteps;
      if (every !== null) nextStep = (Math.floor(samples.at(-1)!.step / every) + 1) * every;
      if (plan.sampleEverySeconds !== null) nextTime = elapsed() + plan.sampleEverySeconds;
    }
  }
}
