/**
 * The two gradient kernels tfjs-backend-wasm 4.22 lacks for training a CNN (PLATFORM.md):
 * - `Conv2DBackpropFilter`, a convolution's weight gradient (every conv layer's ∇W);
 * - `DepthwiseConv2dNativeBackpropInput`, a depthwise convolution's input gradient (max pooling
 *   extracts its windows with depthwise convolutions, pooling.ts, so ∇ₓ through a pool needs it).
 * Without them `tf.grad` through a conv layer throws "kernel … not registered" on wasm.
 *
 * Both are plain JavaScript loops over the wasm heap (the way tfjs-backend-wasm's own JS kernels,
 * e.g. Concat, read and write tensors: `makeOutput` + `typedArrayFromHeap`), NHWC, valid or same
 * padding, any strides, dilation 1 (tfjs's gradients support no other). The app's CNN is tiny (3×3 kernels,
 * 8 and 16 filters), so a loop costs a few milliseconds per batch. Sums are accumulated in float64
 * and rounded once, like tfjs-cpu's kernels. Their own gradients (needed by CURE's double backprop)
 * are registered in secondOrder.ts with kernels wasm has (conv2d, conv2dTranspose, depthwise).
 *
 * `registerWasmKernels()` is idempotent and registers only kernels the backend does not
 * already have, so a later tfjs release with native kernels keeps them.
 */
import * as tf from '@tensorflow/tfjs';
import { registerWasmPlainMatMul } from './wasmMatMul';

type TensorInfo = tf.TensorInfo;
type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelArgs = Parameters<KernelConfig['kernelFunc']>[0];
type Pad = 'valid' | 'same' | number;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/** The part of tfjs-backend-wasm's BackendWasm that a JS kernel uses. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function requireFloat32(info: TensorInfo, what: string): void {
  if (info.dtype !== 'float32') throw new Error(`${what} must be float32, got ${info.dtype}`);
}

/** A named attribute, or a clear error. */
function attr<T>(attrs: KernelArgs['attrs'], name: string): T {
  if (attrs === undefined || !(name in attrs)) throw new Error(`attribute ${name} missing`);
  return attrs[name] as T;
}

function requireNhwc(attrs: KernelArgs['attrs'], kernel: string): void {
  const format = attrs?.['dataFormat'];
  if (format !== undefined && format !== 'NHWC') {
    throw new Error(`${kernel} on wasm (ours): dataFormat NHWC only, got ${String(format)}`);
  }
}

/**
 * ∂L/∂W of y = conv2d(x, W): dW[r, c, i, o] = Σ_b,yr,yc x[b, yr·sh + r − top, yc·sw + c − left, i]
 * · dy[b, yr, yc, o], positions outside x counting as zero padding.
 */
export function conv2dBackpropFilterWasm(args: KernelArgs): TensorInfo {
  const backend = args.backend as unknown as WasmHeapBackend;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  requireFloat32(x, 'Conv2DBackpropFilter x');
  requireFloat32(dy, 'Conv2DBackpropFilter dy');
  requireNhwc(args.attrs, 'Conv2DBackpropFilter');
  const filterShape = attr<[number, number, number, number]>(args.attrs, 'filterShape');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    attr<[number, number] | number>(args.attrs, 'strides'),
    1,
    attr<Pad>(args.attrs, 'pad'),
    args.attrs?.['dimRoundingMode'] as Rounding,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const sum = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  const out = backend.makeOutput([...filterShape], 'float32');
  // Views after makeOutput: allocating can grow the heap and detach older views.
  const xs = backend.typedArrayFromHeap(x);
  const dys = backend.typedArrayFromHeap(dy);
  const xRow = inWidth * inChannels;
  const xImage = inHeight * xRow;
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        const dyAt = ((b * outHeight + yr) * outWidth + yc) * outChannels;
        for (let r = 0; r < filterHeight; r++) {
          const xr = yr * strideHeight + r - top;
          if (xr < 0 || xr >= inHeight) continue;
          for (let c = 0; c < filterWidth; c++) {
            const xc = yc * strideWidth + c - left;
            if (xc < 0 || xc >= inWidth) continue;
            const xAt = b * xImage + xr * xRow + xc * inChannels;
            const wAt = (r * filterWidth + c) * inChannels * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const xv = xs[xAt + i]!;
              if (xv === 0) continue; // ReLU outputs and MNIST's background are mostly zeros
              const row = wAt + i * outChannels;
              for (let o = 0; o < outChannels; o++) {
                sum[row + o] = sum[row + o]! + xv * dys[dyAt + o]!;
              }
            }
          }
        }
      }
    }
  }
  backend.typedArrayFromHeap(out).set(sum);
  return out;
}

/**
 * ∂L/∂x of y = depthwiseConv2d(x, F): dx[b, xr, xc, i] = Σ dy[b, yr, yc, i·m + q] · F[r, c, i, q]
 * over the (yr, yc, r, c) with xr = yr·sh + r − top and xc = yc·sw + c − left (m = channel
 * multiplier).
 */
export function depthwiseConv2dBackpropInputWasm(args: KernelArgs): TensorInfo {
  const backend = args.backend as unknown as WasmHeapBackend;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  requireFloat32(dy, 'DepthwiseConv2dNativeBackpropInput dy');
  requireFloat32(filter, 'DepthwiseConv2dNativeBackpropInput filter');
  requireNhwc(args.attrs, 'DepthwiseConv2dNativeBackpropInput');
  const inputShape = attr<[number, number, number, number]>(args.attrs, 'inputShape');
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    attr<[number, number] | number>(args.attrs, 'strides'),
    attr<[number, number] | number>(args.attrs, 'dilations'),
    attr<Pad>(args.attrs, 'pad'),
    args.attrs?.['dimRoundingMode'] as Rounding,
    true,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth } = info;
  if (dilationHeight !== 1 || dilationWidth !== 1) {
    // tfjs's own gradients refuse dilation > 1 (and tfjs-cpu's kernel ignores it): no reference.
    throw new Error('DepthwiseConv2dNativeBackpropInput on wasm (ours): dilations must be 1');
  }
  const multiplier = outChannels / inChannels;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const sum = new Float64Array(batchSize * inHeight * inWidth * inChannels);
  const out = backend.makeOutput([...inputShape], 'float32');
  const dys = backend.typedArrayFromHeap(dy);
  const fs = backend.typedArrayFromHeap(filter);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        const dyAt = ((b * outHeight + yr) * outWidth + yc) * outChannels;
        for (let r = 0; r < filterHeight; r++) {
          const xr = yr * strideHeight + r - top;
          if (xr < 0 || xr >= inHeight) continue;
          for (let c = 0; c < filterWidth; c++) {
            const xc = yc * strideWidth + c - left;
            if (xc < 0 || xc >= inWidth) continue;
            const dxAt = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            const fAt = (r * filterWidth + c) * outChannels;
            for (let i = 0; i < inChannels; i++) {
              let acc = 0;
              for (let q = 0; q < multiplier; q++) {
                const k = i * multiplier + q;
                acc += dys[dyAt + k]! * fs[fAt + k]!;
              }
              sum[dxAt + i] = sum[dxAt + i]! + acc;
            }
          }
        }
      }
    }
  }
  backend.typedArrayFromHeap(out).set(sum);
  return out;
}

const WASM_GRADIENT_KERNELS: readonly KernelConfig[] = [
  {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2dBackpropFilterWasm,
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: depthwiseConv2dBackpropInputWasm,
  },
];

/** Kernel names `registerWasmKernels` adds to the wasm backend (for tests and docs). */
export const WASM_GRADIENT_KERNEL_NAMES: readonly string[] = WASM_GRADIENT_KERNELS.map(
  (k) => k.kernelName,
);

/**
 * Registers this module's kernels for 'wasm' where wasm has none of its own, and wraps wasm's
 * matrix multiplies so that a transposed operand takes the fast path (wasmMatMul.ts). Call it
 * after importing '@tensorflow/tfjs-backend-wasm', before or after the backend starts (kernels
 * are looked up per op); idempotent; creates no tensors.
 */
export function registerWasmKernels(): void {
  for (const config of WASM_GRADIENT_KERNELS) {
    if (!tf.getKernel(config.kernelName, 'wasm')) tf.registerKernel(config);
  }
  registerWasmPlainMatMul();
}
