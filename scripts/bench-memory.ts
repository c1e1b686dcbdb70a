/**
 * `npm run bench:memory [-- --minutes 20 --backend wasm --dataset mnist]` — does the live lab's
 * memory stay bounded? Serves the e2e build (`npm run build:e2e` first), lets the three networks
 * train in headless Chromium, and every 30 s records: the engine's tf.memory() (tensors, bytes),
 * the JS heap of the page and of the engine worker (CDP Runtime.getHeapUsage after a forced
 * garbage collection, so the numbers are live objects, not garbage awaiting collection), and the
 * resident memory of the renderer process that holds the tab and its worker (/proc, Linux only).
 * Prints a table and the growth between the first sample after warm-up and the last.
 * A benchmark, not a test: numbers depend on the machine.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';
import { servePreview } from './bench/liveLab.ts';
import { pageHeapReader, processRssMiB, workerHeapReader } from './lib/browserMemory.ts';

const PORT = 4392;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

async function main(): Promise<void> {
  const minutes = Number(option('minutes', '20'));
  const backend = option('backend', 'wasm');
  const dataset = option('dataset', 'mnist');
  const server = await servePreview('dist-e2e', PORT);
  // A flag Chromium ignores, to find this browser's processes among others.
  const tag = `--curvature-lab-bench=${process.pid}`;
  const browser = await chromium.launch({
    executablePath: chromiumExecutable,
    args: [...CHROMIUM_ARGS, tag],
  });
  const rows = [
    '| minute | steps (std/adv/cure) | tensors | analysis jobs | tf MiB | page heap MiB | worker heap MiB | renderer RSS MiB |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const samples: { tensors: number; jobs: number; page: number; worker: number; rss: number }[] =
    [];
  try {
    // No service worker: storing the build for offline use would run inside the measurement.
    const page = await browser.newPage({ serviceWorkers: 'block' });
    await page.goto(`http://localhost:${PORT}/?backend=${backend}&dataset=${dataset}`);
    await page.waitForFunction(() => window.__curvatureLab?.state().lab.running === true, null, {
      timeout: 180_000,
    });
    const readPageHeap = await pageHeapReader(page);
    const workerHeap = await workerHeapReader(browser, 'curvature-lab-engine');
    const start = Date.now();
    while (Date.now() - start < minutes * 60_000) {
      await page.waitForTimeout(30_000);
      const pageHeap = await readPageHeap();
      const worker = await workerHeap.read();
      const tfMemory = await page.evaluate(() => window.__curvatureLab!.memory());
      const networks = await page.evaluate(() => window.__curvatureLab!.state().lab.networks);
      const rss = processRssMiB(tag, 'renderer');
      const minute = (Date.now() - start) / 60_000;
      const steps = [networks.standard.step, networks.adversarial.step, networks.cure.step];
      const jobs = tfMemory.analysisJobs;
      samples.push({ tensors: tfMemory.numTensors, jobs, page: pageHeap, worker, rss });
      rows.push(
        `| ${minute.toFixed(1)} | ${steps.join(' / ')} | ${tfMemory.numTensors} | ${jobs} | ${(tfMemory.numBytes / 2 ** 20).toFixed(1)} | ${pageHeap.toFixed(1)} | ${worker.toFixed(1)} | ${rss.toFixed(0)} |`,
      );
      console.error(rows.at(-1));
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(rows.join('\n'));
  // Warm-up: the first two samples (a minute) fill caches and compile kernels. Tensor counts
  // are compared between samples taken with no analysis job running (a job holds frozen copies).
  const first = samples[Math.min(2, samples.length - 1)];
  const last = samples.at(-1);
  const idle = samples.slice(2).filter((sample) => sample.jobs === 0);
  const idleGrowth = idle.length > 1 ? idle.at(-1)!.tensors - idle[0]!.tensors : NaN;
  if (first && last) {
    console.log(
      `\ngrowth after warm-up: tensors ${idleGrowth} (between idle samples), page heap ${(last.page - first.page).toFixed(1)} MiB, worker heap ${(last.worker - first.worker).toFixed(1)} MiB, renderer RSS ${(last.rss - first.rss).toFixed(0)} MiB`,
    );
  }
}

await main();
