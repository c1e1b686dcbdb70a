/// <reference types="vite/client" />
/**
 * Vitest setup file of the browser project (vite.config.ts): registers the backends that do not
 * come with @tensorflow/tfjs — webgpu, and wasm with its binaries served by Vite from our own
 * origin (as src/worker/backends.ts does; the test page cannot reach a CDN).
 */
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmKernels } from '../../src/core/autodiff/wasmKernels';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// The app's own wasm gradient kernels, as src/worker/backends.ts registers them.
registerWasmKernels();
