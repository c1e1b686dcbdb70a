/// <reference types="vite/client" />
/**
 * Registers the browser-only tfjs backends for the suites' browser runners (test/browser):
 * webgpu, and wasm with its binaries served by Vite from our own origin (as src/worker/backends.ts
 * does; the test page cannot reach a CDN). webgl and cpu come with @tensorflow/tfjs.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** The backends every browser runner calls its suites with. */
export const BROWSER_BACKENDS = ['webgl', 'webgpu', 'wasm'] as const;
