/**
 * Live-lab throughput, shared by `npm run bench:lab` and `npm run bench`: the built app (a
 * `vite preview` of an e2e build) in headless Chromium on one backend and dataset, training the
 * three networks with the analysis panels live. Reports each network's median ms per step (as
 * streamed), steps/s (steps over the measured wall time) and the main thread's p95 frame time
 * (requestAnimationFrame intervals over 10 s) with its busy fraction.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { frameTimeP95 } from '../lib/frameTimes.ts';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names.ts';

export interface LabCase {
  readonly backend: string;
  readonly dataset: string;
  readonly seconds: number;
}

export interface LabNetworkRow {
  readonly network: NetworkId;
  readonly msPerStep: number;
  readonly stepsPerSecond: number;
  readonly steps: number;
}

export interface LabResult extends LabCase {
  readonly networks: LabNetworkRow[];
  readonly p95FrameMs: number;
  readonly mainThreadBusy: number;
}

/** `vite preview` of a build folder on a port; kill() it when done. */
export async function servePreview(dir: string, port: number): Promise<ChildProcess> {
  // Vite itself, not `npx vite`: kill() reached only npx, and the server lived on, holding the
  // port — so the next run's server failed on it and that run measured the old one's folder.
  const server = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--outDir',
      dir,
      '--port',
      String(port),
      '--strictPort',
    ],
    { stdio: 'ignore' },
  );
  await new Promise((resolve) => setTimeout(resolve, 3000));
  // Vite with --strictPort exits at once when the port is taken: say so instead of measuring
  // whatever answers there.
  if (server.exitCode !== null)
    throw new Error(`vite preview on port ${port} exited (port in use?)`);
  return server;
}

/** p95 of requestAnimationFrame intervals over 10 s, and the main thread's busy fraction then
 * (CDP TaskDuration). */
async function frameTimes(page: Page): Promise<{ p95: number; busy: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!
      .value;
  const before = await taskSeconds();
  const { p95 } = await frameTimeP95(page, 10);
  const busy = ((await taskSeconds()) - before) / 10;
  await cdp.detach();
  return { p95, busy };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function measureLiveLab(
  browser: Browser,
  origin: string,
  { backend, dataset, seconds }: LabCase,
): Promise<LabResult> {
  // No service worker: storing the build for offline use would run inside the measurement.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.goto(`${origin}/?backend=${backend}&dataset=${dataset}`);
  await page.waitForFunction(() => window.__curvatureLab?.state().lab.running === true, null, {
    timeout: 120_000,
  });
  const samples: Record<string, number[]> = { standard: [], adversarial: [], cure: [] };
  const steps = () => page.evaluate(() => window.__curvatureLab!.state().lab.networks);
  const start = { at: performance.now(), steps: await steps() };
  for (let t = 0; t < seconds; t += 2) {
    await page.waitForTimeout(2000);
    for (const [id, summary] of Object.entries(await steps())) {
      if (Number.isFinite(summary.msPerStep)) samples[id]!.push(summary.msPerStep);
    }
  }
  const final = await steps();
  const elapsed = (performance.now() - start.at) / 1000;
  const frames = await frameTimes(page);
  await page.close();
  const networks = NETWORK_IDS.map((network) => {
    const taken = final[network].step - start.steps[network].step;
    return {
      network,
      msPerStep: median(samples[network]!),
      stepsPerSecond: taken / elapsed,
      steps: taken,
    };
  });
  return {
    backend,
    dataset,
    seconds,
    networks,
    p95FrameMs: frames.p95,
    mainThreadBusy: frames.busy,
  };
}
