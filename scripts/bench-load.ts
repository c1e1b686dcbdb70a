/**
 * `npm run bench:load` — cold-load time of the built app: from navigation to the first paint, to
 * the engine's chosen backend, and to the first loss landscape (the `plane` result of all three
 * networks in the panels' frame buffers, then one more frame). Each run is a fresh browser
 * context (empty cache). Serves one or more e2e builds (`npm run build:e2e` first) and
 * interleaves them run by run, so two builds compare under the same machine load:
 *   npm run bench:load -- --dirs dist-e2e,/tmp/dist-e2e-before --runs 5
 * A benchmark, not a test: numbers depend on the machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';

const FIRST_PORT = 4401;

interface LoadTimes {
  firstPaint: number;
  backendReady: number;
  firstLandscape: number;
}

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

function serve(dir: string, port: number): ChildProcess {
  return spawn(
    'npx',
    ['vite', 'preview', '--outDir', dir, '--port', String(port), '--strictPort'],
    { stdio: 'ignore' },
  );
}

/** One cold load; times in ms from navigation start, read off the page's own clock. */
async function coldLoad(browser: Browser, url: string): Promise<LoadTimes> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__curvatureLab?.state().engine.phase === 'ready', null, {
    timeout: 120_000,
  });
  const backendReady = await page.evaluate(() => performance.now());
  await page.waitForFunction(
    () =>
      (['standard', 'adversarial', 'cure'] as const).every(
        (id) => window.__curvatureLab!.result('plane', id) !== null,
      ),
    null,
    { timeout: 180_000, polling: 50 },
  );
  const firstLandscape = await page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
  );
  const firstPaint = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  );
  await context.close();
  return { firstPaint, backendReady, firstLandscape };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const dirs = argument('dirs', 'dist-e2e').split(',');
  const runs = Number(argument('runs', '5'));
  const query = argument('query', '');
  const servers = dirs.map((dir, i) => serve(dir, FIRST_PORT + i));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const browser = await chromium.launch({
    executablePath: chromiumExecutable,
    args: CHROMIUM_ARGS,
  });
  const times: LoadTimes[][] = dirs.map(() => []);
  try {
    for (let run = 0; run < runs; run++) {
      for (const [i, dir] of dirs.entries()) {
        const result = await coldLoad(browser, `http://localhost:${FIRST_PORT + i}/${query}`);
        times[i]!.push(result);
        console.error(`run ${run + 1} ${dir}: ${JSON.stringify(result)}`);
      }
    }
  } finally {
    await browser.close();
    for (const server of servers) server.kill();
  }
  const rows = [
    `median of ${runs} cold loads each, interleaved${query ? `, ${query}` : ''}:`,
    '| build | first paint (ms) | backend chosen (ms) | first landscape (ms) |',
    '|---|---|---|---|',
  ];
  for (const [i, dir] of dirs.entries()) {
    const column = (key: keyof LoadTimes) => median(times[i]!.map((t) => t[key])).toFixed(0);
    rows.push(
      `| ${dir} | ${column('firstPaint')} | ${column('backendReady')} | ${column('firstLandscape')} |`,
    );
  }
  console.log(rows.join('\n'));
}

await main();
