/**
 * `npm run soak [-- --dataset moons --steps 10000 | --minutes 30 --backend auto]` — does the live
 * lab stay flat in memory over a long run? Builds the e2e bundle (it has the test hook), serves it,
 * opens it in headless Chromium and lets the three networks train (`until=` the steps, so they
 * stop there) while the panels recompute: another sample is picked every few seconds. Samples the
 * worker's tensor count, both JS heaps and the renderer's and GPU process's resident memory
 * (scripts/soak/), watches every loss and evaluation for NaN and collects every notice and console
 * error. Prints the least-squares slope of each series against the step, with its noise and a
 * verdict, and writes the tables into bench/soak.md and README.md (one block per dataset and
 * --params).
 * Exits 1 when a series grows, the lab was not healthy (a NaN, a failure, an unexpected notice or
 * console error) or it stalled.
 *
 * Options: --dataset moons|mnist|…  --steps 10000 | --minutes M  --backend auto|wasm|webgl|cpu|webgpu
 *          --params 'lrCure=0.001&…' (more of the app's URL parameters, recorded with the figures)
 *          --every N (steps between samples; default steps/50) | --sample-seconds 30 (with --minutes)
 *          --nudge-seconds 5  --warmup 0.1 (share of the steps not fitted)  --port 4393
 *          --skip-build  --readme off
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';
import { servePreview } from './bench/liveLab.ts';
import { pageHeapReader, processRssMiB, workerHeapReader } from './lib/browserMemory.ts';
import { upsertInnerBlock } from './soak/blocks.ts';
import {
  healthLines,
  judge,
  sampleTable,
  verdictTable,
  WARMUP_SHARE,
  type SoakVerdict,
} from './soak/report.ts';
import { runSoak, type SoakPlan, type SoakRun } from './soak/run.ts';
import { Health } from './soak/watch.ts';

/** `--name value` or `--name=value`. */
function option(name: string): string | undefined {
  const args = process.argv;
  const at = args.indexOf(`--${name}`);
  if (at >= 0) return args[at + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const log = (line: string) => console.log(line);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

function plan(): SoakPlan {
  const minutes = option('minutes');
  const steps = minutes === undefined ? Number(option('steps') ?? 10_000) : null;
  const every = option('every');
  return {
    steps,
    seconds: minutes === undefined ? null : Number(minutes) * 60,
    sampleEverySteps: steps === null ? null : Number(every ?? Math.max(10, Math.round(steps / 50))),
    sampleEverySeconds: steps === null ? Number(option('sample-seconds') ?? 30) : null,
    nudgeEverySeconds: Number(option('nudge-seconds') ?? 5),
    idleTimeoutMs: 30_000,
    stallSeconds: 300,
  };
}

function commit(): string {
  try {
    const hash = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    // The files the soak writes itself do not make the measured code differ from the commit.
    const status = 'git status --porcelain --untracked-files=no -- . :!README.md :!bench';
    const changed = execSync(status, { encoding: 'utf8' });
    return changed.trim() === '' ? hash : `${hash} (with uncommitted changes)`;
  } catch {
    return 'unknown';
  }
}

interface Meta {
  commit: string;
  dataset: string;
  backend: string;
  asked: string;
  params: string;
  browser: string;
  loadBefore: string;
  loadAfter: string;
  plan: SoakPlan;
}

function markdown(
  run: SoakRun,
  verdict: SoakVerdict,
  meta: Meta,
): { summary: string; full: string } {
  const last = run.samples.at(-1)!;
  const minutes = run.seconds / 60;
  const rate = last.step / run.seconds;
  const sampling =
    meta.plan.sampleEverySteps !== null
      ? `every ${meta.plan.sampleEverySteps} steps`
      : `every ${meta.plan.sampleEverySeconds} s`;
  const header =
    `Measured ${new Date().toISOString().slice(0, 10)} at ${meta.commit} by \`npm run soak\`: ` +
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
    `load ${meta.loadBefore} (1 / 5 / 15 min) at the start, ${meta.loadAfter} at the end; ` +
    `headless Chromium ${meta.browser}, backend ${meta.backend}${meta.asked === 'auto' ? ' (the automatic choice)' : ' (forced)'}. ` +
    `**${meta.dataset}**${meta.params ? ` with \`${meta.params}\`` : ' at its default settings'}, ${last.step.toLocaleString('en')} steps per network in ${minutes.toFixed(1)} min ` +
    `(${rate.toFixed(1)} steps/s each; ended by ${run.ended}), the panels recomputing for ${run.nudges} sample changes; ` +
    `${run.samples.length} samples (${sampling}, GC forced before the heaps are read), ` +
    `the first ${100 * verdict.warmupShare} % of the steps (to step ${Math.round(verdict.warmupStep)}) not fitted as warm-up. ` +
    `Verdict: **${verdict.flat ? 'flat' : verdict.grows ? 'memory GROWS' : 'no series grows'}**; ${verdict.healthy ? 'healthy' : '**NOT healthy**'}.`;
  const summary = [header, verdictTable(verdict), healthLines(run.health, verdict)].join('\n\n');
  const full = [
    summary,
    '<details><summary>every sample</summary>',
    sampleTable(run.samples),
    '</details>',
  ].join('\n\n');
  return { summary, full };
}

/** One block per dataset and extra parameters: the latest run of each kind is kept. */
function writeResults(key: string, summary: string, full: string, readme: boolean): void {
  mkdirSync('bench', { recursive: true });
  const file = 'bench/soak.md';
  const initial =
    '# Soak runs (`npm run soak`)\n\nWritten by scripts/soak.ts: the latest run per dataset (and extra URL parameters, if any).\n\n<!-- soak:begin -->\n<!-- soak:end -->\n';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : initial;
  writeFileSync(file, upsertInnerBlock(current, 'soak', `soak:${key}`, full));
  if (readme) {
    const text = readFileSync('README.md', 'utf8');
    writeFileSync('README.md', upsertInnerBlock(text, 'soak', `soak:${key}`, summary));
  }
}

async function main(): Promise<void> {
  const dataset = option('dataset') ?? 'moons';
  const asked = option('backend') ?? 'auto';
  const params = option('params') ?? '';
  const soakPlan = plan();
  const port = Number(option('port') ?? 4393);
  // Read now: commits made while a half-hour soak runs are not what it measured.
  const measured = commit();
  if (!process.argv.includes('--skip-build')) {
    log('building the e2e bundle (npm run build:e2e)…');
    execSync('npm run build:e2e', { stdio: 'ignore' });
  }
  const server = await servePreview('dist-e2e', port);
  // A flag Chromium ignores, to find this browser's processes among others (browserMemory.ts).
  const tag = `--curvature-lab-soak=${process.pid}`;
  const browser = await chromium.launch({
    executablePath: chromiumExecutable,
    args: [...CHROMIUM_ARGS, tag],
  });
  const version = browser.version();
  const loadBefore = load();
  let run: SoakRun;
  let backend = asked;
  try {
    // No service worker: storing the build for offline use would run inside the measurement.
    const page = await browser.newPage({ serviceWorkers: 'block' });
    const health = new Health();
    health.listen(page);
    const until = soakPlan.steps === null ? '' : `&until=${soakPlan.steps}`;
    const extra = params ? `&${params}` : '';
    await page.goto(
      `http://localhost:${port}/?dataset=${dataset}&backend=${asked}${until}${extra}`,
    );
    await page.waitForFunction(() => window.__curvatureLab?.state().lab.running === true, null, {
      timeout: 180_000,
    });
    backend = await page.evaluate(() => window.__curvatureLab!.state().engine.status?.name ?? '?');
    log(`lab open on ${backend}; soaking ${soakPlan.steps ?? `${soakPlan.seconds} s`}…`);
    const readPageHeap = await pageHeapReader(page);
    const workerHeap = await workerHeapReader(browser, 'curvature-lab-engine');
    const probes = {
      pageHeap: readPageHeap,
      workerHeap: () => workerHeap.read(),
      rss: (type: 'renderer' | 'gpu-process') => processRssMiB(tag, type),
    };
    run = await runSoak(page, soakPlan, probes, log, health);
    await workerHeap.detach();
  } finally {
    await browser.close();
    server.kill();
  }
  const meta = {
    commit: measured,
    dataset,
    backend,
    asked,
    params,
    browser: version,
    loadBefore,
    loadAfter: load(),
    plan: soakPlan,
  };
  const verdict = judge(run.samples, run.health, Number(option('warmup') ?? WARMUP_SHARE));
  const { summary, full } = markdown(run, verdict, meta);
  log(`\n${summary}`);
  const key = params ? `${dataset}+${params}` : dataset;
  writeResults(key, summary, full, option('readme') !== 'off');
  log(`\nbench/soak.md written${option('readme') !== 'off' ? ', README.md updated' : ''}.`);
  if (verdict.grows || !verdict.healthy || run.ended === 'stalled') process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
