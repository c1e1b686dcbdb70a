/**
 * `Slice` and `Unpack` for tfjs-backend-wasm 4.22, replacing its own: those read the input with
 * `backend.readSync`, which copies the whole tensor out of the wasm heap on every call, so
 * unstacking a [2, N, M] tensor copied it twice to keep half of it each time. In Chromium that
 * cost ~2 ms per unstack of the small CNN's first pool (a third of its PGD-7 step, issue 14).
 * These read a view of the heap instead (`typedArrayFromHeap`, taken after `makeOutput`, which
 * can grow the heap and detach older views) and copy only what the output holds: contiguous
 * runs with one `set`, short strided runs element by element. Values are copied, never
 * computed, so results are bit-identical to wasm's own kernels; gradients are untouched (they
 * are registered per kernel name). String tensors (kept in JS, not on the heap) go to wasm's own.
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelArgs = Parameters<KernelConfig['kernelFunc']>[0];
type HeapArray = Float32Array | Int32Array | Uint8Array;

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): HeapArray;
}

/** Runs shorter than this are copied element by element (a subarray costs more than a loop). */
const SHORT_RUN = 32;

/** Copies x[begin : begin + size] (row-major) into out. */
function copyBlock(
  xs: HeapArray,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  out: HeapArray,
): void {
  const rank = shape.length;
  const strides = tf.util.computeStrides([...shape]);
  // The innermost axes that are taken whole, with the first partial one, form one run.
  let runAxis = rank - 1;
  while (runAxis > 0 && begin[runAxis] === 0 && size[runAxis] === shape[runAxis]) runAxis--;
  const run = size.slice(runAxis).reduce((a, b) => a * b, 1);
  const runStride = runAxis < rank - 1 ? strides[runAxis]! : 1;
  const offsetOfRun = begin[runAxis]! * runStride;
  const outer = size.slice(0, runAxis);
  const count = outer.reduce((a, b) => a * b, 1);
  const index = new Array<number>(outer.length).fill(0);
  let at = 0;
  for (let n = 0; n < count; n++) {
    let from = offsetOfRun;
    for (let axis = 0; axis < outer.length; axis++) {
      from += (begin[axis]! + index[axis]!) * strides[axis]!;
    }
    if (run >= SHORT_RUN) out.set(xs.subarray(from, from + run), at);
    else for (let i = 0; i < run; i++) out[at + i] = xs[from + i]!;
    at += run;
    for (let axis = outer.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < outer[axis]!) break;
      index[axis] = 0;
    }
  }
}

/** One slice of x as a new tensor on the wasm heap. */
function sliceOf(
  backend: WasmHeapBackend,
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): TensorInfo {
  const out = backend.makeOutput([...size], x.dtype);
  if (size.some((s) => s === 0)) return out;
  copyBlock(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

type KernelFunc = KernelConfig['kernelFunc'];

/** wasm's Slice, with ours for every dtype but string (kept in JS arrays, not on the heap). */
export const sliceWasm =
  (original: KernelFunc): KernelFunc =>
  (args: KernelArgs) =>
    (args.inputs as { x: TensorInfo }).x.dtype === 'string' ? original(args) : sliceHeap(args);

/** wasm's Unpack, with ours for every dtype but string. */
export const unpackWasm =
  (original: KernelFunc): KernelFunc =>
  (args: KernelArgs) =>
    (args.inputs as { value: TensorInfo }).value.dtype === 'string'
      ? original(args)
      : unpackHeap(args);

function sliceHeap(args: KernelArgs): TensorInfo {
  const x = (args.inputs as { x: TensorInfo }).x;
  const attrs = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
  const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size);
  return sliceOf(args.backend as unknown as WasmHeapBackend, x, begin!, size!);
}

function unpackHeap(args: KernelArgs): TensorInfo[] {
  const value = (args.inputs as { value: TensorInfo }).value;
  const rank = value.shape.length;
  const axis = ((args.attrs as unknown as { axis: number }).axis + rank) % rank;
  const outShape = value.shape.filter((_, i) => i !== axis);
  const size = [...value.shape];
  size[axis] = 1;
  const backend = args.backend as unknown as WasmHeapBackend;
  return Array.from({ length: value.shape[axis]! }, (_, i) => {
    const begin = value.shape.map((_, j) => (j === axis ? i : 0));
    const out = sliceOf(backend, value, begin, size);
    return { ...out, shape: outShape };
  });
}
