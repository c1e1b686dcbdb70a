/**
 * `npm run bench` — every benchmark in one command, with the native PyTorch peer interleaved:
 * 1. ms per training step per backend × model × method (scripts/bench/steps.ts; the peer runs
 *    before and after the tfjs rows);
 * 2. analyses: the 65² loss grid against one plain forward of the same 4,225 inputs, Lanczos
 *    top-10 and the full 784 spectrum (scripts/bench/analyses.ts; the peer before and after);
 * 3. the live lab's steps/s per network, wasm, MNIST, panels on (scripts/bench/liveLab.ts);
 * 4. cold load to the first landscape, automatic backend (scripts/bench/coldLoad.ts);
 * 5. the main thread's chunk size (the production build).
 * Builds the app first (`npm run build`, `npm run build:e2e`), records the machine, its load,
 * the browser and versions, writes everything to bench/results.json and the tables into
 * README.md between the `bench:begin` / `bench:end` markers. A benchmark, not a test.
 *
 * Options: --runs=10 (medians of this many after --warmup=2)  --sections=steps,analyses,lab,load,bundle
 *          --skip-build  --readme=off  --peer-threads=1
 */
import * as tf from '@tensorflow/tfjs';
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';
import { mainThreadChunks } from './check-bundle.ts';
import { measureAnalyses, median, type AnalysisRow } from './bench/analyses.ts';
import { coldLoad, type LoadTimes } from './bench/coldLoad.ts';
import { measureLiveLab, servePreview, type LabResult } from './bench/liveLab.ts';
import { peerName, runPeerAnalyses, type PeerAnalyses } from './bench/peer.ts';
import { benchSteps, inBenchPage, openBenchBrowser, STEP_CONFIGS } from './bench/steps.ts';
import { benchReport, type BenchResults } from './bench/report.ts';

const SECTIONS = ['steps', 'analyses', 'lab', 'load', 'bundle'] as const;
type Section = (typeof SECTIONS)[number];
const PREVIEW_PORT = 4421;

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const log = (line: string) => console.log(line);
const load = () => loadavg().map((l) => Number(l.toFixed(2))) as [number, number, number];

/** Each figure's mean over the peer's runs (before and after the tfjs rows). */
function meanOfRuns<T extends object>(runs: readonly T[]): T {
  const keys = Object.keys(runs[0]!) as (keyof T)[];
  return Object.fromEntries(
    keys.map((key) => [key, runs.reduce((sum, r) => sum + Number(r[key]), 0) / runs.length]),
  ) as T;
}

/** The analyses on node wasm, then in Chromium on wasm and webgl, the peer before and after. */
async function benchAnalyses(runs: number, warmup: number, peerThreads: number) {
  const peerRuns: PeerAnalyses[] = [];
  let peerMissing: string | null = null;
  const runPeerOnce = () => {
    log('PyTorch peer (analyses)…');
    const result = runPeerAnalyses({ runs, warmup, threads: peerThreads });
    if ('missing' in result) peerMissing = result.missing;
    else peerRuns.push(result);
  };
  runPeerOnce();
  const rows: (AnalysisRow & { where: string })[] = [];
  await tf.setBackend('wasm');
  await tf.ready();
  rows.push({ ...(await measureAnalyses({ runs, warmup }, log)), where: 'node wasm' });
  const { url, browser, close } = await openBenchBrowser();
  try {
    for (const backend of ['wasm', 'webgl']) {
      const query = { job: 'analyses', backend, steps: String(runs), warmup: String(warmup) };
      const row = await inBenchPage<AnalysisRow>(browser, url, query, log);
      rows.push({ ...row, where: `chromium ${backend}` });
    }
  } finally {
    await close();
  }
  if (peerRuns.length > 0) runPeerOnce();
  const first = peerRuns[0];
  const peer =
    first === undefined
      ? null
      : { ...first, where: peerName(first), analyses: meanOfRuns(peerRuns.map((r) => r.analyses)) };
  return { rows, peer, peerMissing };
}

async function benchLabAndLoad(sections: Set<Section>, runs: number) {
  const server = await servePreview('dist-e2e', PREVIEW_PORT);
  const browser = await chromium.launch({
    executablePath: chromiumExecutable,
    args: CHROMIUM_ARGS,
  });
  const origin = `http://localhost:${PREVIEW_PORT}`;
  let lab: LabResult | null = null;
  const loads: LoadTimes[] = [];
  try {
    if (sections.has('lab')) {
      log('live lab, wasm, MNIST, 40 s…');
      lab = await measureLiveLab(browser, origin, {
        backend: 'wasm',
        dataset: 'mnist',
        seconds: 40,
      });
    }
    if (sections.has('load')) {
      for (let run = 0; run < runs; run++) {
        loads.push(await coldLoad(browser, `${origin}/`));
        log(`cold load ${run + 1}/${runs}: ${JSON.stringify(loads.at(-1))}`);
      }
    }
    return {
      browser: browser.version(),
      lab,
      coldLoad:
        loads.length === 0
          ? null
          : {
              runs: loads.length,
              firstPaint: median(loads.map((l) => l.firstPaint)),
              backendReady: median(loads.map((l) => l.backendReady)),
              firstLandscape: median(loads.map((l) => l.firstLandscape)),
              all: loads,
            },
    };
  } finally {
    await browser.close();
    server.kill();
  }
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function writeReadme(table: string): void {
  const readme = readFileSync('README.md', 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${begin} … ${end} block`);
  writeFileSync(
    'README.md',
    `${readme.slice(0, from + begin.length)}\n${table}\n${readme.slice(to)}`,
  );
}

async function main(): Promise<void> {
  const runs = Number(option('runs') ?? 10);
  const warmup = Number(option('warmup') ?? 2);
  const peerThreads = Number(option('peer-threads') ?? 1);
  const sections = new Set(
    (option('sections')?.split(',') ?? SECTIONS).filter((s): s is Section =>
      (SECTIONS as readonly string[]).includes(s),
    ),
  );
  if (!process.argv.includes('--skip-build')) {
    log('building (npm run build, npm run build:e2e)…');
    execSync('npm run build && npm run build:e2e', { stdio: 'ignore' });
  }
  const started = new Date();
  const loadBefore = load();
  const results: BenchResults = {
    date: started.toISOString(),
    commit: commit(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
      freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
      loadBefore,
      loadAfter: loadBefore,
    },
    versions: { node: process.version, tfjs: tf.version.tfjs, browser: null, torch: null },
    runs,
    warmup,
    steps: null,
    analyses: null,
    lab: null,
    coldLoad: null,
    mainThread: null,
    seconds: 0,
  };
  if (sections.has('steps')) {
    const steps = await benchSteps(
      { configs: STEP_CONFIGS, steps: runs, warmup, peer: true, peerThreads },
      log,
    );
    results.steps = steps;
    results.versions.torch = steps.peer?.torch ?? null;
  }
  if (sections.has('analyses')) results.analyses = await benchAnalyses(runs, warmup, peerThreads);
  if (sections.has('lab') || sections.has('load')) {
    const { browser, lab, coldLoad: cold } = await benchLabAndLoad(sections, runs);
    results.versions.browser = browser;
    results.lab = lab;
    results.coldLoad = cold;
  }
  if (sections.has('bundle')) results.mainThread = mainThreadChunks('dist');
  results.machine.loadAfter = load();
  results.seconds = Math.round((Date.now() - started.getTime()) / 1000);
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  const table = benchReport(results);
  log(`\n${table}`);
  if (option('readme') !== 'off') writeReadme(table);
  // The gate checks formatting (npm run format:check): leave both files as prettier writes them.
  execSync('npx prettier --write README.md bench/results.json', { stdio: 'ignore' });
  log(`\nbench/results.json written${option('readme') !== 'off' ? ', README.md updated' : ''}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
