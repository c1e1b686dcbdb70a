/**
 * `npm run bench:lab` — live-training throughput of the three networks on each browser backend:
 * serves the e2e build (`npm run build:e2e` first), opens the app in headless Chromium per backend,
 * lets it train, and prints ms per step (median of the streamed steps) and steps/s per network.
 * A benchmark, not a test: numbers depend on the machine.
 */
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';

const PORT = 4391;
const CASES = [
  { backend: 'wasm', dataset: 'mnist', seconds: 40 },
  { backend: 'webgl', dataset: 'mnist', seconds: 40 },
  { backend: 'cpu', dataset: 'mnist', seconds: 60 },
  // WebGPU runs on a software adapter here (PLATFORM.md): a toy set only.
  { backend: 'webgpu', dataset: 'moons', seconds: 60 },
  { backend: 'wasm', dataset: 'moons', seconds: 20 },
];

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
    '| backend | dataset | network | ms/step (median) | steps/s | steps |',
    '|---|---|---|---|---|---|',
  ];
  try {
    for (const { backend, dataset, seconds } of CASES) {
      const page = await browser.newPage();
      await page.goto(`http://localhost:${PORT}/?backend=${backend}&dataset=${dataset}`);
      await page.waitForFunction(() => window.__curvatureLab?.state().lab.running === true, null, {
        timeout: 120_000,
      });
      const samples: Record<string, number[]> = { standard: [], adversarial: [], cure: [] };
      const rates: Record<string, number[]> = { standard: [], adversarial: [], cure: [] };
      for (let t = 0; t < seconds; t += 2) {
        await page.waitForTimeout(2000);
        const networks = await page.evaluate(() => window.__curvatureLab!.state().lab.networks);
        for (const [id, summary] of Object.entries(networks)) {
          if (Number.isFinite(summary.msPerStep)) samples[id]!.push(summary.msPerStep);
          if (summary.stepsPerSecond > 0) rates[id]!.push(summary.stepsPerSecond);
        }
      }
      const final = await page.evaluate(() => window.__curvatureLab!.state().lab.networks);
      const median = (values: number[]) =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
      for (const id of ['standard', 'adversarial', 'cure']) {
        rows.push(
          `| ${backend} | ${dataset} | ${id} | ${median(samples[id]!).toFixed(1)} | ${median(rates[id]!).toFixed(2)} | ${final[id as 'cure'].step} |`,
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
