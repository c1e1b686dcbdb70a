/**
 * The tfjs backends the engine can run on, and the facts selection needs about each: can it start,
 * does it have the kernels the model needs, what WebGPU adapter is there. Only src/worker imports
 * this; it is the one place that calls tf.setBackend.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { AdapterInfo, BackendName } from './protocol';
import type { Architecture } from '../core/names';
import { registerWasmKernels } from '../core/autodiff/wasmKernels';

// The wasm binaries are bundled and served from our own origin: the app makes no outside request.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// tfjs-backend-wasm 4.22 lacks a conv weight gradient and a depthwise input gradient; ours fill in.
registerWasmKernels();

/** Kernels a training step of each architecture needs beyond the basics every backend has. */
const REQUIRED_KERNELS: Record<Architecture, string[]> = {
  mlp: ['BatchMatMul', 'Relu', 'Exp'],
  // tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter and DepthwiseConv2dNativeBackpropInput
  // (PLATFORM.md); registerWasmKernels above adds both. Max pooling is ours
  // (src/core/autodiff/pooling.ts): depthwise convolutions and their gradients.
  cnn: [
    'Conv2D',
    'Conv2DBackpropFilter',
    'Conv2DBackpropInput',
    'DepthwiseConv2dNative',
    'DepthwiseConv2dNativeBackpropInput',
  ],
};

/** Kernels the architecture needs that `backend` has not registered. */
export function missingKernels(backend: BackendName, architecture: Architecture): string[] {
  return REQUIRED_KERNELS[architecture].filter((kernel) => !tf.getKernel(kernel, backend));
}

export interface AdapterProbe {
  adapter: AdapterInfo | null;
  /** Why there is no adapter, when there is none. */
  unavailable: string | null;
}

/** Asks the browser for a WebGPU adapter and reads what it says about itself. */
export async function probeWebGpuAdapter(): Promise<AdapterProbe> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    return {
      adapter: null,
      unavailable: 'this browser exposes no WebGPU (navigator.gpu is missing)',
    };
  }
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { adapter: null, unavailable: 'requestAdapter() returned no adapter' };
    // @webgpu/types as pinned by tfjs predates GPUAdapter.info (Chromium ≥ 114), hence the cast.
    const info = (adapter as unknown as { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } })
      .info;
    // Chromium ≥ 136 reports fallback adapters on GPUAdapterInfo; older builds on the adapter.
    const legacyFlag = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
    return {
      adapter: {
        vendor: info?.vendor ?? '',
        architecture: info?.architecture ?? '',
        description: info?.description ?? '',
        isFallbackAdapter: Boolean(info?.isFallbackAdapter ?? legacyFlag ?? false),
      },
      unavailable: null,
    };
  } catch (error) {
    return { adapter: null, unavailable: `requestAdapter() failed: ${messageOf(error)}` };
  }
}

/** Makes `name` the active backend; returns null on success or the reason it could not start. */
export async function activateBackend(name: BackendName): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name ? null : `${name} did not initialize`;
  } catch (error) {
    return `${name} failed to initialize: ${messageOf(error)}`;
  }
}

/** The WebGPU device of the active backend, to watch for its loss. */
export function activeWebGpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device: GPUDevice }).device;
}

/** Drops a backend so that it is never chosen again in this worker (after its device was lost). */
export function retireBackend(name: BackendName): void {
  if (tf.findBackend(name)) tf.removeBackend(name);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
