/**
 * `npm run bench:load` — cold-load time of the built app: from navigation to the first paint, to
 * the engine's chosen backend, and to the first loss landscape (scripts/bench/coldLoad.ts). Serves one or more e2e builds (`npm run build:e2e` first) and
 * interleaves them run by run, so two builds compare under the same machine load:
 *   npm run bench:load -- --dirs dist-e2e,/tmp/dist-e2e-before --runs 5
 * A benchmark, not a test: numbers depend on the machine.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';
import { coldLoad, type LoadTimes } from './bench/coldLoad.ts';
import { servePreview } from './bench/liveLab.ts';

const FIRST_PORT = 4401;

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const dirs = argument('dirs', 'dist-e2e').split(',');
  const runs = Number(argument('runs', '5'));
  const query = argument('query', '');
  const servers = await Promise.all(dirs.map((dir, i) => servePreview(dir, FIRST_PORT + i)));
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
