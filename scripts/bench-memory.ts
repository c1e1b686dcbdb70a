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

/** Resident set size (MiB) of every Chromium renderer process: the tab and its dedicated worker. */
function rendererRssMiB(): number {
  let kib = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kib += rss ? Number(rss[1]) : 0;
    } catch {
      // The process ended between listing and reading.
    }
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
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
  const rows = [
    '| minute | steps (std/adv/cure) | tensors | tf MiB | page heap MiB | worker heap MiB | renderer RSS MiB |',
    '|---|---|---|---|---|---|---|',
  ];
  const samples: { tensors: number; page: number; worker: number; rss: number }[] = [];
  try {
    const page = await browser.newPage();
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
      const rss = rendererRssMiB();
      const minute = (Date.now() - start) / 60_000;
      const steps = [networks.standard.step, networks.adversarial.step, networks.cure.step];
      samples.push({ tensors: tfMemory.numTensors, page: pageHeap, worker, rss });
      rows.push(
        `| ${minute.toFixed(1)} | ${steps.join(' / ')} | ${tfMemory.numTensors} | ${(tfMemory.numBytes / 2 ** 20).toFixed(1)} | ${pageHeap.toFixed(1)} | ${worker.toFixed(1)} | ${rss.toFixed(0)} |`,
      );
      console.error(rows.at(-1));
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(rows.join('\n'));
  // Warm-up: the first two samples (a minute) fill caches and compile kernels.
  const first = samples[Math.min(2, samples.length - 1)];
  const last = samples.at(-1);
  if (first && last) {
    console.log(
      `\ngrowth after warm-up: tensors ${last.tensors - first.tensors}, page heap ${(last.page - first.page).toFixed(1)} MiB, worker heap ${(last.worker - first.worker).toFixed(1)} MiB, renderer RSS ${(last.rss - first.rss).toFixed(0)} MiB`,
    );
  }
}

await main();
