/// <reference types="vite/client" />
/**
 * Browser side of `npm run bench:step`: served by Vite, opened by Playwright's Chromium with
 * ?backend=webgl|wasm|webgpu&model=mlp|cnn&batch=&steps=&warmup= (training steps, measure.ts), or
 * ?job=analyses&backend=…&steps=&warmup= (grid, Lanczos and full spectrum, analyses.ts). Measures
 * inside the page and leaves the result on window.__bench for the driver to read.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { measureAnalyses, type AnalysisRow } from './analyses';
import { measureSteps, type BenchModel, type BenchRow } from './measure';
import { registerWasmKernels } from '../../src/core/autodiff/wasmKernels';
import { useTfjsWasmMatMul } from '../../src/core/autodiff/wasmMatMul';

/** What the driver polls for. */
export interface BenchState {
  done: boolean;
  row: BenchRow | AnalysisRow | null;
  error: string | null;
}

declare global {
  interface Window {
    __bench?: BenchState;
  }
}

// Served from this origin, like the app does: no request leaves the machine.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// The app's wasm kernels (src/worker/backends.ts); ?matMul=tfjs measures tfjs's own matMul.
registerWasmKernels();
if (new URLSearchParams(location.search).get('matMul') === 'tfjs') useTfjsWasmMatMul();

async function run(): Promise<BenchRow | AnalysisRow> {
  const params = new URLSearchParams(location.search);
  const backend = params.get('backend') ?? 'webgl';
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialize`);
  await tf.ready();
  const log = (line: string) => console.log(line);
  if (params.get('job') === 'analyses') {
    const runs = Number(params.get('steps') ?? 10);
    return measureAnalyses({ runs, warmup: Number(params.get('warmup') ?? 2) }, log);
  }
  return measureSteps(
    {
      model: (params.get('model') ?? 'mlp') as BenchModel,
      batch: Number(params.get('batch') ?? 64),
      steps: Number(params.get('steps') ?? 10),
      warmup: Number(params.get('warmup') ?? 2),
      withRoutes: params.get('routes') === '1',
    },
    log,
  );
}

window.__bench = { done: false, row: null, error: null };
run().then(
  (row) => (window.__bench = { done: true, row, error: null }),
  (error: unknown) => (window.__bench = { done: true, row: null, error: String(error) }),
);
