/**
 * Convolution gradient kernels for tfjs-backend-wasm 4.22 (PLATFORM.md, issue 14):
 * - `Conv2DBackpropFilter`, a convolution's weight gradient (every conv layer's ∇W), which wasm
 *   lacks: without it `tf.grad` through a conv layer throws "kernel … not registered";
 * - `DepthwiseConv2dNativeBackpropInput`, a depthwise convolution's input gradient, which wasm
 *   lacks (pooling.ts extracts overlapping pool windows with depthwise convolutions);
 * - `Conv2DBackpropInput`, a convolution's input gradient (every ∇ₓ through a conv layer: PGD's
 *   attack steps, CURE), which wasm has as a naive loop three to five times slower than this one.
 *
 * The two convolution kernels are one matrix product on wasm's own BatchMatMul (XNNPACK) plus
 * a JavaScript gather (im2col) or scatter (col2im); the depthwise one is a JavaScript loop. All
 * read and write the wasm heap the way tfjs-backend-wasm's own JS kernels (e.g. Concat) do:
 * `makeOutput` + `typedArrayFromHeap`. NHWC, valid or same padding, any strides, dilation 1
 * (tfjs's gradients support no other). Their own gradients (needed by CURE's double backprop)
 * are registered in secondOrder.ts with kernels wasm has (conv2d, conv2dTranspose, depthwise).
 *
 * `registerWasmKernels()` is idempotent and registers only kernels the backend does not
 * already have, so a later tfjs release with native kernels keeps them.
 */
import * as tf from '@tensorflow/tfjs';
import { registerWasmPlainMatMul } from './wasmMatMul';
import { sliceWasm, unpackWasm } from './wasmSlice';

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

/** Frees a tensor a kernel made for itself (backends refcount their data). */
interface DisposingBackend {
  disposeData(dataId: object): boolean;
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

/** A dense convolution's geometry from a gradient kernel's attributes (dilation 1), with the
 * sizes of its patch matrix: K = fh·fw·inC values per patch, N = B·oh·ow patches. */
function convGeometry(
  args: KernelArgs,
  inputShape: readonly number[],
  filterShape: readonly number[],
) {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attr<[number, number] | number>(args.attrs, 'strides'),
    1,
    attr<Pad>(args.attrs, 'pad'),
    args.attrs?.['dimRoundingMode'] as Rounding,
  );
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.batchSize * info.outHeight * info.outWidth;
  return { ...info, top: info.padInfo.top, left: info.padInfo.left, k, n };
}

/**
 * ∂L/∂W of y = conv2d(x, W): dW[r, c, i, o] = Σ_b,yr,yc x[b, yr·sh + r − top, yc·sw + c − left, i]
 * · dy[b, yr, yc, o], positions outside x counting as zero padding.
 * As one matrix product: the input patches, transposed (K = fh·fw·inC rows in the filter's
 * (r, c, i) order, N = B·oh·ow columns in dy's (b, yr, yc) order), times dy viewed as [N, outC],
 * on wasm's own BatchMatMul (XNNPACK). A plain JavaScript loop over the same sums took ~6 ms per
 * call for the app's CNN, a fifth of a CNN CURE step (issue 14); the product takes a fraction.
 */
export function conv2dBackpropFilterWasm(args: KernelArgs): TensorInfo {
  const backend = args.backend as unknown as WasmHeapBackend;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  requireFloat32(x, 'Conv2DBackpropFilter x');
  requireFloat32(dy, 'Conv2DBackpropFilter dy');
  requireNhwc(args.attrs, 'Conv2DBackpropFilter');
  const filterShape = attr<[number, number, number, number]>(args.attrs, 'filterShape');
  const geometry = convGeometry(args, x.shape, filterShape);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = geometry;
  const { filterHeight, filterWidth, strideHeight, strideWidth, top, left, k, n } = geometry;
  const patches = backend.makeOutput([1, k, n], 'float32');
  try {
    // Views after makeOutput: allocating can grow the heap and detach older views.
    const xs = backend.typedArrayFromHeap(x);
    const ps = backend.typedArrayFromHeap(patches);
    const xRow = inWidth * inChannels;
    const xImage = inHeight * xRow;
    let at = 0;
    for (let r = 0; r < filterHeight; r++) {
      for (let c = 0; c < filterWidth; c++) {
        for (let i = 0; i < inChannels; i++) {
          for (let b = 0; b < batchSize; b++) {
            for (let yr = 0; yr < outHeight; yr++) {
              const xr = yr * strideHeight + r - top;
              const rowAt = b * xImage + xr * xRow + i;
              for (let yc = 0; yc < outWidth; yc++) {
                const xc = yc * strideWidth + c - left;
                const inside = xr >= 0 && xr < inHeight && xc >= 0 && xc < inWidth;
                ps[at++] = inside ? xs[rowAt + xc * inChannels]! : 0;
              }
            }
          }
        }
      }
    }
    const matMul = tf.getKernel('BatchMatMul', 'wasm');
    if (!matMul) throw new Error('Conv2DBackpropFilter on wasm (ours) needs wasm BatchMatMul');
    const product = matMul.kernelFunc({
      inputs: { a: patches, b: { ...dy, shape: [1, n, outChannels] } },
      backend: args.backend,
      attrs: { transposeA: false, transposeB: false },
    }) as TensorInfo;
    // [1, K, outC] is the filter's [fh, fw, inC, outC] in row-major order: relabel, no copy.
    return { ...product, shape: [...filterShape] };
  } finally {
    (args.backend as unknown as DisposingBackend).disposeData(patches.dataId);
  }
}

/**
 * ∂L/∂x of y = conv2d(x, W), the kernel wasm has but runs as a naive loop (2.5 ms per call for
 * the app's CNN, a third of a CNN PGD-7 step, issue 14): dx[b, xr, xc, i] = Σ dy[b, yr, yc, o] ·
 * W[r, c, i, o] over xr = yr·sh + r − top, xc = yc·sw + c − left. As one matrix product, dy viewed
 * as [N = B·oh·ow, outC] times Wᵀ ([outC, K = fh·fw·inC], on wasm's BatchMatMul), then each
 * patch's K values added back to the input positions they came from (col2im, float64 sums).
 */
export function conv2dBackpropInputWasm(args: KernelArgs): TensorInfo {
  const backend = args.backend as unknown as WasmHeapBackend & DisposingBackend;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  requireFloat32(dy, 'Conv2DBackpropInput dy');
  requireFloat32(filter, 'Conv2DBackpropInput filter');
  requireNhwc(args.attrs, 'Conv2DBackpropInput');
  const inputShape = attr<[number, number, number, number]>(args.attrs, 'inputShape');
  const geometry = convGeometry(args, inputShape, filter.shape);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = geometry;
  const { filterHeight, filterWidth, strideHeight, strideWidth, top, left, k, n } = geometry;
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (!matMul) throw new Error('Conv2DBackpropInput on wasm (ours) needs wasm BatchMatMul');
  const columns = matMul.kernelFunc({
    inputs: {
      a: { ...dy, shape: [1, n, outChannels] },
      b: { ...filter, shape: [1, k, outChannels] },
    },
    backend: args.backend,
    attrs: { transposeA: false, transposeB: true },
  }) as TensorInfo;
  try {
    const sum = new Float64Array(batchSize * inHeight * inWidth * inChannels);
    const out = backend.makeOutput([...inputShape], 'float32');
    // Views after makeOutput: allocating can grow the heap and detach older views.
    const cs = backend.typedArrayFromHeap(columns);
    const xRow = inWidth * inChannels;
    const xImage = inHeight * xRow;
    let at = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let yr = 0; yr < outHeight; yr++) {
        for (let yc = 0; yc < outWidth; yc++) {
          for (let r = 0; r < filterHeight; r++) {
            const xr = yr * strideHeight + r - top;
            for (let c = 0; c < filterWidth; c++) {
              const xc = yc * strideWidth + c - left;
              if (xr < 0 || xr >= inHeight || xc < 0 || xc >= inWidth) {
                at += inChannels;
                continue;
              }
              const dxAt = b * xImage + xr * xRow + xc * inChannels;
              for (let i = 0; i < inChannels; i++) sum[dxAt + i] = sum[dxAt + i]! + cs[at++]!;
            }
          }
        }
      }
    }
    backend.typedArrayFromHeap(out).set(sum);
    return out;
  } finally {
    backend.disposeData(columns.dataId);
  }
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

type KernelFunc = KernelConfig['kernelFunc'];

/** Kernels wasm has, replaced by ours because wasm's are slow (measured, issue 14): a naive
 * loop, and slices that copy their whole input first (wasmSlice.ts). Each is made from wasm's
 * own kernel, which it may hand cases to. */
const WASM_REPLACED_KERNELS: readonly [string, (original: KernelFunc) => KernelFunc][] = [
  ['Conv2DBackpropInput', () => conv2dBackpropInputWasm],
  ['Slice', sliceWasm],
  ['Unpack', unpackWasm],
];

/** Our replacements, so that registering twice never wraps a replacement. */
const replacements = new WeakSet<KernelFunc>();

/** Whether the wasm kernel of this name is ours (for tests). */
export function isOurWasmKernel(kernelName: string): boolean {
  const kernel = tf.getKernel(kernelName, 'wasm');
  return kernel !== undefined && replacements.has(kernel.kernelFunc);
}

/**
 * Registers this module's kernels for 'wasm' — the missing ones where wasm has none of its own,
 * the replacements always — and wraps wasm's matrix multiplies so that a transposed operand takes
 * the fast path (wasmMatMul.ts). Call it after importing '@tensorflow/tfjs-backend-wasm', before
 * or after the backend starts (kernels are looked up per op); idempotent; creates no tensors.
 */
export function registerWasmKernels(): void {
  for (const config of WASM_GRADIENT_KERNELS) {
    if (!tf.getKernel(config.kernelName, 'wasm')) tf.registerKernel(config);
  }
  for (const [kernelName, replace] of WASM_REPLACED_KERNELS) {
    const original = tf.getKernel(kernelName, 'wasm');
    if (!original || replacements.has(original.kernelFunc)) continue;
    const kernelFunc = replace(original.kernelFunc);
    replacements.add(kernelFunc);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...original, kernelFunc });
  }
  registerWasmPlainMatMul();
}
