/**
 * `npm run bench:step`: median milliseconds per training step (standard, FGSM-RS, PGD-7, CURE)
 * on the same model and batch, per backend that runs here — tfjs cpu and wasm in node, then
 * webgl, wasm and webgpu in headless Chromium — printed as a markdown table with the
 * CURE / PGD-7 ratio (issue 3, item 9: at most 0.6). A benchmark, not a test: numbers depend on
 * the machine and on what else runs on it.
 *
 * The native PyTorch peer (scripts/bench/peer.py: the same models, batches and steps on the CPU,
 * one thread) runs before and after the tfjs rows, and every row shows its ratio to it; it is
 * skipped, saying why, where no python3 has torch (Debian: `apt install python3-torch`).
 *
 * Options: --only=node-cpu,node-wasm,webgl,wasm,webgpu  --steps=10  --warmup=2  --peer=off
 *          --peer-threads=1
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../src/core/autodiff/wasmKernels.ts';
import { registerWasmPlainMatMul, useTfjsWasmMatMul } from '../src/core/autodiff/wasmMatMul.ts';
import { chromium } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';
import {
  markdownTable,
  measureSteps,
  type BenchModel,
  type BenchRow,
  type PeerTiming,
} from './bench/measure.ts';
import { combinePeers, runPeer, type PeerResult } from './bench/peer.ts';
import type { BenchState } from './bench/page.ts';

interface Config {
  where: string;
  backend: string;
  browser: boolean;
  model: BenchModel;
  batch: number;
  /** Measured steps, when fewer than --steps (WebGPU's software adapter is slow). */
  steps?: number;
  /** Also time CURE via ∇ₓ (input gradients taken directly). */
  routes: boolean;
  /** wasm only: tfjs-backend-wasm's own matMul kernels instead of the app's wrappers
   * (src/core/autodiff/wasmMatMul.ts), to show what the wrappers save. */
  tfjsMatMul?: boolean;
}

/**
 * The MNIST MLP at batch 64 on every backend that runs here; the small CNN on webgl (node cpu
 * takes ~10 s for one standard CNN step; wasm trains it only with our kernels) at batch 32 to keep the run
 * short; WebGPU on its software adapter (25–90 ms per 784×128 matMul) with 5 measured steps.
 */
const CONFIGS: Config[] = [
  { where: 'node cpu', backend: 'cpu', browser: false, model: 'mlp', batch: 64, routes: true },
  { where: 'node wasm', backend: 'wasm', browser: false, model: 'mlp', batch: 64, routes: true },
  {
    where: "node wasm, tfjs's own matMul",
    backend: 'wasm',
    browser: false,
    model: 'mlp',
    batch: 64,
    routes: true,
    tfjsMatMul: true,
  },
  {
    where: 'chromium webgl',
    backend: 'webgl',
    browser: true,
    model: 'mlp',
    batch: 64,
    routes: true,
  },
  {
    where: 'chromium webgl',
    backend: 'webgl',
    browser: true,
    model: 'cnn',
    batch: 32,
    routes: false,
  },
  { where: 'chromium wasm', backend: 'wasm', browser: true, model: 'mlp', batch: 64, routes: true },
  {
    where: "chromium wasm, tfjs's own matMul",
    backend: 'wasm',
    browser: true,
    model: 'mlp',
    batch: 64,
    routes: true,
    tfjsMatMul: true,
  },
  {
    where: 'chromium webgpu',
    backend: 'webgpu',
    browser: true,
    model: 'mlp',
    batch: 64,
    steps: 5,
    routes: false,
  },
];

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const log = (line: string) => console.log(line);

async function inNode(config: Config, steps: number, warmup: number): Promise<BenchRow> {
  await tf.setBackend(config.backend);
  await tf.ready();
  const options = { model: config.model, batch: config.batch, steps, warmup };
  if (config.tfjsMatMul) useTfjsWasmMatMul();
  try {
    return await measureSteps({ ...options, withRoutes: config.routes }, log);
  } finally {
    registerWasmPlainMatMul();
  }
}

async function startServer() {
  const root = fileURLToPath(new URL('./bench/', import.meta.url));
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    // Not the shared node_modules/.vite: other dev servers may be using it.
    cacheDir: mkdtempSync(join(tmpdir(), 'bench-step-vite-')),
    server: { port: 5199, strictPort: false, fs: { strict: false } },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite did not report a URL');
  return { server, url };
}

type Browser = Awaited<ReturnType<typeof chromium.launch>>;

async function inBrowser(
  browser: Browser,
  url: string,
  config: Config,
  steps: number,
  warmup: number,
): Promise<BenchRow> {
  const page = await browser.newPage();
  page.on('console', (message) => log(message.text()));
  const query = new URLSearchParams({
    backend: config.backend,
    model: config.model,
    batch: String(config.batch),
    steps: String(steps),
    warmup: String(warmup),
    routes: config.routes ? '1' : '0',
    matMul: config.tfjsMatMul ? 'tfjs' : 'app',
  });
  await page.goto(`${url}?${query}`);
  await page.waitForFunction(() => window.__bench?.done === true, null, { timeout: 600_000 });
  const state = (await page.evaluate(() => window.__bench)) as BenchState;
  await page.close();
  if (state.row === null) throw new Error(state.error ?? 'no result');
  return state.row;
}

async function main(): Promise<void> {
  // What the app runs on wasm (src/worker/backends.ts does the same).
  registerWasmKernels();
  const only = option('only')?.split(',');
  const steps = Number(option('steps') ?? 10);
  const warmup = Number(option('warmup') ?? 2);
  const wanted = CONFIGS.filter(
    (c) => only === undefined || only.includes(c.browser ? c.backend : `node-${c.backend}`),
  );
  const rows: (BenchRow & { where: string })[] = [];
  const started = performance.now();
  const peerOptions = {
    steps,
    warmup,
    threads: Number(option('peer-threads') ?? 1),
    models: [...new Set(wanted.map((c) => c.model))],
  };
  const peerRuns: PeerResult[] = [];
  const runPeerOnce = () => {
    if (option('peer') === 'off' || peerOptions.models.length === 0) return;
    log('PyTorch peer…');
    const result = runPeer(peerOptions);
    if ('missing' in result) log(`PyTorch peer skipped: ${result.missing}`);
    else peerRuns.push(result);
  };
  runPeerOnce();
  for (const config of wanted.filter((c) => !c.browser)) {
    log(`${config.where}, ${config.model.toUpperCase()}, batch ${config.batch}…`);
    const row = await inNode(config, Math.min(config.steps ?? steps, steps), warmup);
    rows.push({ ...row, where: config.where });
  }
  const browserConfigs = wanted.filter((c) => c.browser);
  if (browserConfigs.length > 0) {
    const { server, url } = await startServer();
    const browser = await chromium.launch({
      executablePath: chromiumExecutable,
      args: CHROMIUM_ARGS,
    });
    try {
      for (const config of browserConfigs) {
        log(`${config.where}, ${config.model.toUpperCase()}, batch ${config.batch}…`);
        const configSteps = Math.min(config.steps ?? steps, steps);
        const row = await inBrowser(browser, url, config, configSteps, warmup);
        rows.push({ ...row, where: config.where });
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }
  if (peerRuns.length > 0) runPeerOnce();
  const peer = peerRuns.length === 2 ? combinePeers(peerRuns[0]!, peerRuns[1]!) : peerRuns[0];
  const peers: PeerTiming[] = (peer?.rows ?? []).map((row) => ({
    ...row,
    where: `PyTorch ${peer!.torch} (${peer!.blas.includes('openblas') ? 'OpenBLAS' : peer!.blas}, ${peer!.threads} thread${peer!.threads === 1 ? '' : 's'})`,
  }));
  log(
    `\nMedian ms per training step after ${warmup} warm-up steps (${((performance.now() - started) / 1000).toFixed(0)} s in all):\n`,
  );
  log(markdownTable(rows, peers));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
