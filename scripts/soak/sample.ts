/**
 * One memory sample of the running lab: the engine worker's tf.memory(), both JS heaps, and the
 * browser processes' resident memory — whichever of these the caller can read (the e2e test has no
 * /proc view of its browser).
 */
import type { Page } from '@playwright/test';
import type {} from '../../src/client/testHookApi.ts';
import type { NetworkId } from '../../src/core/names.ts';
import { glance, slowestHealthyStep, slowestStep } from './watch.ts';

export interface SoakSample {
  /** Seconds since the soak began. */
  readonly seconds: number;
  /** The slowest step of the networks still training (not stopped by a failure), and each
   * network's step, when the tensors were counted. */
  readonly step: number;
  readonly steps: Record<NetworkId, number>;
  /** The worker's tf.memory(): tensors and MiB, and the analysis jobs running then (a running
   * job holds frozen copies of the three networks, so only counts with none compare). */
  readonly tensors: number;
  readonly tfMiB: number;
  readonly analysisJobs: number;
  /** JS heaps after a forced garbage collection, MiB (NaN where not read). */
  readonly pageHeapMiB: number;
  readonly workerHeapMiB: number;
  /** Resident memory of the renderer process(es) and of the GPU process, MiB (NaN where not read). */
  readonly rendererRssMiB: number;
  readonly gpuRssMiB: number;
}

/** The readings beyond the test hook that a caller has. */
export interface SoakProbes {
  readonly pageHeap?: () => Promise<number>;
  readonly workerHeap?: () => Promise<number>;
  readonly rss?: (type: 'renderer' | 'gpu-process') => number;
}

type Memory = Awaited<ReturnType<NonNullable<Window['__curvatureLab']>['memory']>>;

/** The worker's memory once no analysis runs, polled for up to `idleTimeoutMs` (training goes on
 * meanwhile); the last reading if the panels stayed busy that long. */
export async function idleMemory(page: Page, idleTimeoutMs: number): Promise<Memory> {
  const until = Date.now() + idleTimeoutMs;
  for (;;) {
    const memory = await page.evaluate(() => window.__curvatureLab!.memory());
    if (memory.analysisJobs === 0 || Date.now() >= until) return memory;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function takeSample(
  page: Page,
  probes: SoakProbes,
  startedAt: number,
  idleTimeoutMs: number,
): Promise<SoakSample> {
  // Heaps first: a forced collection in the worker stalls training for a moment, not the count.
  const pageHeapMiB = probes.pageHeap ? await probes.pageHeap() : NaN;
  const workerHeapMiB = probes.workerHeap ? await probes.workerHeap() : NaN;
  const memory = await idleMemory(page, idleTimeoutMs);
  const g = await glance(page);
  return {
    seconds: (Date.now() - startedAt) / 1000,
    step: slowestHealthyStep(g) ?? slowestStep(g),
    steps: {
      standard: g.networks.standard.step,
      adversarial: g.networks.adversarial.step,
      cure: g.networks.cure.step,
    },
    tensors: memory.numTensors,
    tfMiB: memory.numBytes / 2 ** 20,
    analysisJobs: memory.analysisJobs,
    pageHeapMiB,
    workerHeapMiB,
    rendererRssMiB: probes.rss?.('renderer') ?? NaN,
    gpuRssMiB: probes.rss?.('gpu-process') ?? NaN,
  };
}
