/**
 * `npm run bench:lab` — live-training throughput of the three networks on each browser backend:
 * serves the e2e build (`npm run build:e2e` first), opens the app in headless Chromium per backend,
 * lets it train with the analysis panels live, and prints ms per step (median of the streamed
 * steps), steps/s per network (steps over the measured wall time), and the main thread's p95
 * frame time (requestAnimationFrame intervals over 10 s) with its busy fraction.
 * A benchmark, not a test: numbers depend on the machine.
 * `-- --only=wasm:mnist,cpu:mnist` runs only those cases.
 */
import { spawn } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';
import { frameTimeP95 } from './lib/frameTimes.ts';
import { NETWORK_IDS } from '../src/core/names.ts';

const PORT = 4391;
const CASES = [
  { backend: 'wasm', dataset: 'mnist', seconds: 40 },
  { backend: 'webgl', dataset: 'mnist', seconds: 40 },
  { backend: 'cpu', dataset: 'mnist', seconds: 60 },
  // WebGPU runs on a software adapter here (PLATFORM.md): a toy set only.
  { backend: 'webgpu', dataset: 'moons', seconds: 60 },
  { backend: 'wasm', dataset: 'moons', seconds: 20 },
];

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

async function main(): Promise<void> {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--outDir', 'dist-e2e', '--port', String(PORT), '--strictPort'],
    {
      stdio: 'ignore',
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const browser = await chromium.launch({
    executablePath: chromiumExecutable,
    args: CHROMIUM_ARGS,
  });
  const rows: string[] = [
    '| backend | dataset | network | ms/step (median) | steps/s | steps | p95 frame (ms) | main thread busy |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const cases = CASES.filter((c) => !only || only.includes(`${c.backend}:${c.dataset}`));
  try {
    for (const { backend, dataset, seconds } of cases) {
      const page = await browser.newPage();
      await page.goto(`http://localhost:${PORT}/?backend=${backend}&dataset=${dataset}`);
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
      const median = (values: number[]) =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
      for (const id of NETWORK_IDS) {
        const taken = final[id].step - start.steps[id].step;
        rows.push(
          `| ${backend} | ${dataset} | ${id} | ${median(samples[id]!).toFixed(1)} | ${(taken / elapsed).toFixed(2)} | ${taken} | ${frames.p95.toFixed(1)} | ${(100 * frames.busy).toFixed(0)} % |`,
        );
      }
      console.error(`${backend}/${dataset} done`);
      await page.close();
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(rows.join('\n'));
}

await main();
