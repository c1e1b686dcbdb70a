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
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type CDPSession } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';

const PORT = 4392;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

/** Parent pid of every process, from /proc (Linux). */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // Field 4 of /proc/<pid>/stat, after the parenthesized command name.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return parents;
}

/**
 * Resident set size (MiB) of the renderer processes of OUR browser only (other Chromiums may run
 * on the machine): the descendants of the browser process whose command line carries `tag`.
 */
function rendererRssMiB(tag: string): number {
  const parents = parentPids();
  const read = (pid: number, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  const root = [...parents.keys()].find((pid) => {
    const cmdline = read(pid, 'cmdline');
    return cmdline.includes(tag) && !cmdline.includes('--type=');
  });
  if (root === undefined) return NaN;
  const isOurs = (pid: number): boolean => {
    for (let p = pid, depth = 0; p > 1 && depth < 16; p = parents.get(p) ?? 0, depth++) {
      if (p === root) return true;
    }
    return false;
  };
  let kib = 0;
  for (const pid of parents.keys()) {
    if (!isOurs(pid) || !read(pid, 'cmdline').includes('--type=renderer')) continue;
    const rss = /VmRSS:\s+(\d+) kB/.exec(read(pid, 'status'));
    kib += rss ? Number(rss[1]) : 0;
  }
  return kib / 1024;
}

/**
 * Runtime.getHeapUsage inside the engine worker, through the browser-level CDP session (Playwright
 * opens CDP sessions for pages only): attach to the worker target, then exchange raw messages.
 */
async function workerHeapReader(browserSession: CDPSession): Promise<() => Promise<number>> {
  const { targetInfos } = await browserSession.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'worker');
  if (!worker) throw new Error('no worker target found');
  const { sessionId } = await browserSession.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: false,
  });
  let nextId = 1;
  const waiting = new Map<number, (result: Record<string, number>) => void>();
  browserSession.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
  });
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      void browserSession.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
    });
  return async () => {
    await call('HeapProfiler.collectGarbage');
    return (await call('Runtime.getHeapUsage')).usedSize! / 2 ** 20;
  };
}

async function main(): Promise<void> {
  const minutes = Number(option('minutes', '20'));
  const backend = option('backend', 'wasm');
  const dataset = option('dataset', 'mnist');
  const server = spawn(
    'npx',
    ['vite', 'preview', '--outDir', 'dist-e2e', '--port', String(PORT), '--strictPort'],
    { stdio: 'ignore' },
  );
  await new Promise((resolve) => setTimeout(resolve, 2500));
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
    const pageSession = await page.context().newCDPSession(page);
    const workerHeap = await workerHeapReader(await browser.newBrowserCDPSession());
    const start = Date.now();
    while (Date.now() - start < minutes * 60_000) {
      await page.waitForTimeout(30_000);
      await pageSession.send('HeapProfiler.collectGarbage');
      const pageHeap = (await pageSession.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
      const worker = await workerHeap();
      const tfMemory = await page.evaluate(() => window.__curvatureLab!.memory());
      const networks = await page.evaluate(() => window.__curvatureLab!.state().lab.networks);
      const rss = rendererRssMiB(tag);
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
