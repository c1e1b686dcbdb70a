/**
 * `npm run bench:lab` — live-training throughput of the three networks on each browser backend
 * (scripts/bench/liveLab.ts): serves the e2e build (`npm run build:e2e` first), opens the app in
 * headless Chromium per backend, lets it train with the analysis panels live, and prints ms per
 * step, steps/s per network, and the main thread's p95 frame time with its busy fraction.
 * A benchmark, not a test: numbers depend on the machine.
 * `-- --only=wasm:mnist,cpu:mnist` runs only those cases.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';
import { measureLiveLab, servePreview } from './bench/liveLab.ts';

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
  const server = await servePreview('dist-e2e', PORT);
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
    for (const labCase of cases) {
      const result = await measureLiveLab(browser, `http://localhost:${PORT}`, labCase);
      for (const row of result.networks) {
        rows.push(
          `| ${result.backend} | ${result.dataset} | ${row.network} | ${row.msPerStep.toFixed(1)} | ${row.stepsPerSecond.toFixed(2)} | ${row.steps} | ${result.p95FrameMs.toFixed(1)} | ${(100 * result.mainThreadBusy).toFixed(0)} % |`,
        );
      }
      console.error(`${result.backend}/${result.dataset} done`);
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(rows.join('\n'));
}

await main();
