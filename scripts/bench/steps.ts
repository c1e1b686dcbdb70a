/**
 * The step benchmark's driver, shared by `npm run bench:step` and `npm run bench`: median ms per
 * training step (standard, FGSM-RS, PGD-7, CURE) per backend that runs here — tfjs cpu and wasm
 * in node, then webgl, wasm and webgpu in headless Chromium — with the native PyTorch peer run
 * before and after the tfjs rows (scripts/bench/peer.py), so every row gets its ratio to it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../../src/core/autodiff/wasmKernels.ts';
import { registerWasmPlainMatMul, useTfjsWasmMatMul } from '../../src/core/autodiff/wasmMatMul.ts';
import { chromium } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../chromium.ts';
import { measureSteps, type BenchModel, type BenchRow, type PeerTiming } from './measure.ts';
import { combinePeers, peerName, runPeer, type PeerResult } from './peer.ts';
import type { BenchState } from './page.ts';

export interface StepConfig {
  where: string;
  backend: string;
  browser: boolean;
  model: BenchModel;
  batch: number;
  /** Measured steps, when fewer than asked (WebGPU's software adapter is slow). */
  steps?: number;
  /** Also time CURE via ∇ₓ (input gradients taken directly). */
  routes: boolean;
  /** wasm only: tfjs-backend-wasm's own matMul kernels instead of the app's wrappers
   * (src/core/autodiff/wasmMatMul.ts), to show what the wrappers save. */
  tfjsMatMul?: boolean;
}

const mlp = (where: string, backend: string, browser: boolean, extra: Partial<StepConfig> = {}) =>
  ({ where, backend, browser, model: 'mlp', batch: 64, routes: true, ...extra }) as StepConfig;
const cnn = (where: string, backend: string, browser: boolean) =>
  ({ where, backend, browser, model: 'cnn', batch: 32, routes: false }) as StepConfig;

/**
 * The MNIST MLP at batch 64 on every backend that runs here; the small CNN at batch 32 on wasm
 * (with the app's gradient kernels, src/core/autodiff/wasmKernels.ts) and webgl — not on node cpu
 * (~10 s for one standard CNN step); WebGPU on its software adapter (25–90 ms per 784×128 matMul)
 * with 5 measured steps.
 */
export const STEP_CONFIGS: readonly StepConfig[] = [
  mlp('node cpu', 'cpu', false),
  mlp('node wasm', 'wasm', false),
  mlp("node wasm, tfjs's own matMul", 'wasm', false, { tfjsMatMul: true }),
  cnn('node wasm', 'wasm', false),
  mlp('chromium webgl', 'webgl', true),
  cnn('chromium webgl', 'webgl', true),
  mlp('chromium wasm', 'wasm', true),
  mlp("chromium wasm, tfjs's own matMul", 'wasm', true, { tfjsMatMul: true }),
  cnn('chromium wasm', 'wasm', true),
  mlp('chromium webgpu', 'webgpu', true, { steps: 5, routes: false }),
];

/** The key `--only` selects a config by: its browser backend, or node-<backend>. */
export const configKey = (c: StepConfig) => (c.browser ? c.backend : `node-${c.backend}`);

export interface StepOptions {
  readonly configs: readonly StepConfig[];
  /** Measured steps per method; a config's own `steps` caps it. */
  readonly steps: number;
  readonly warmup: number;
  /** Whether to run the PyTorch peer, and its thread count. */
  readonly peer: boolean;
  readonly peerThreads: number;
}

export interface StepResults {
  readonly rows: (BenchRow & { where: string })[];
  /** The peer's rows (both runs combined), named for the table; empty when it did not run. */
  readonly peers: PeerTiming[];
  readonly peer: PeerResult | null;
  /** Why there is no peer, when there is none. */
  readonly peerMissing: string | null;
}

async function inNode(config: StepConfig, steps: number, warmup: number, log: Log) {
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

type Log = (line: string) => void;
type Browser = Awaited<ReturnType<typeof chromium.launch>>;

/** Vite serving scripts/bench/ (page.ts) and headless Chromium, for the browser rows. */
export async function openBenchBrowser(): Promise<{
  url: string;
  browser: Browser;
  close: () => Promise<void>;
}> {
  const root = fileURLToPath(new URL('./', import.meta.url));
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    // Not the shared node_modules/.vite: other dev servers may be using it.
    cacheDir: mkdtempSync(join(tmpdir(), 'bench-vite-')),
    server: { port: 5199, strictPort: false, fs: { strict: false } },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite did not report a URL');
  const browser = await chromium.launch({
    executablePath: chromiumExecutable,
    args: CHROMIUM_ARGS,
  });
  return {
    url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Opens the bench page with this query, waits for its result and returns it. */
export async function inBenchPage<T>(
  browser: Browser,
  url: string,
  query: Record<string, string>,
  log: Log,
): Promise<T> {
  // No service worker: storing the build for offline use would run inside the measurement.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  page.on('console', (message) => log(message.text()));
  await page.goto(`${url}?${new URLSearchParams(query)}`);
  await page.waitForFunction(() => window.__bench?.done === true, null, { timeout: 900_000 });
  const state = (await page.evaluate(() => window.__bench)) as BenchState;
  await page.close();
  if (state.row === null) throw new Error(state.error ?? 'no result');
  return state.row as T;
}

export async function benchSteps(options: StepOptions, log: Log): Promise<StepResults> {
  // What the app runs on wasm (src/worker/backends.ts does the same).
  registerWasmKernels();
  const { configs, warmup } = options;
  const stepsOf = (c: StepConfig) => Math.min(c.steps ?? options.steps, options.steps);
  const rows: (BenchRow & { where: string })[] = [];
  const peerRuns: PeerResult[] = [];
  let peerMissing: string | null = options.peer ? null : 'not asked for (--peer=off)';
  const models = [...new Set(configs.map((c) => c.model))];
  const runPeerOnce = () => {
    if (!options.peer || models.length === 0) return;
    log('PyTorch peer…');
    const result = runPeer({ steps: options.steps, warmup, threads: options.peerThreads, models });
    if ('missing' in result) {
      peerMissing = result.missing;
      log(`PyTorch peer skipped: ${result.missing}`);
    } else peerRuns.push(result);
  };
  runPeerOnce();
  for (const config of configs.filter((c) => !c.browser)) {
    log(`${config.where}, ${config.model.toUpperCase()}, batch ${config.batch}…`);
    const row = await inNode(config, stepsOf(config), warmup, log);
    rows.push({ ...row, where: config.where });
  }
  const browserConfigs = configs.filter((c) => c.browser);
  if (browserConfigs.length > 0) {
    const { url, browser, close } = await openBenchBrowser();
    try {
      for (const config of browserConfigs) {
        log(`${config.where}, ${config.model.toUpperCase()}, batch ${config.batch}…`);
        const query = {
          backend: config.backend,
          model: config.model,
          batch: String(config.batch),
          steps: String(stepsOf(config)),
          warmup: String(warmup),
          routes: config.routes ? '1' : '0',
          matMul: config.tfjsMatMul ? 'tfjs' : 'app',
        };
        const row = await inBenchPage<BenchRow>(browser, url, query, log);
        rows.push({ ...row, where: config.where });
      }
    } finally {
      await close();
    }
  }
  if (peerRuns.length > 0) runPeerOnce();
  const peer =
    peerRuns.length === 2 ? combinePeers(peerRuns[0]!, peerRuns[1]!) : (peerRuns[0] ?? null);
  const peers: PeerTiming[] = (peer?.rows ?? []).map((row) => ({ ...row, where: peerName(peer!) }));
  return { rows, peers, peer, peerMissing };
}
