/**
 * tfjs-backend-wasm 4.22 multiplies a transposed operand 4–7× slower than a plain one (measured
 * in node, [200,128]·[784,128]ᵀ: 13.9 ms against 3.2 ms when the operand is transposed first;
 * issue 14). Every gradient through a dense layer asks for one — ∇ₓ = dy·Wᵀ, ∇W = xᵀ·dy — so
 * PGD's input gradients, each training step's weight gradients and CURE's double backprop all
 * paid it. This wraps wasm's own `BatchMatMul` and `_FusedMatMul` kernels: a transposed operand
 * is transposed explicitly (wasm's Transpose kernel, a copy) and the plain multiply runs. Values
 * are the same products summed in the same order; gradients are untouched (they are registered
 * per kernel name, not per implementation).
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelFunc = KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];

/** The part of tfjs-backend-wasm's BackendWasm this wrapper uses (refcounted, like every backend). */
interface DisposingBackend {
  disposeData(dataId: object): boolean;
}

const WRAPPED_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

/** Our wrappers, so that registering twice never wraps a wrapper. */
const wrappers = new WeakSet<KernelFunc>();
/** wasm's own kernels, kept for benchmarks that compare (useTfjsWasmMatMul). */
const originals = new Map<string, KernelConfig>();

/** The permutation that swaps a rank-r tensor's last two axes. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** `original`, fed plain operands: a transposed a or b is transposed first, then freed. */
export function withPlainOperands(original: KernelFunc, transpose: KernelFunc): KernelFunc {
  const wrapped: KernelFunc = (args: KernelArgs) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const made: TensorInfo[] = [];
    const plain = (x: TensorInfo): TensorInfo => {
      const out = transpose({
        inputs: { x },
        backend: args.backend,
        attrs: { perm: swapLastTwo(x.shape.length) },
      }) as TensorInfo;
      made.push(out);
      return out;
    };
    try {
      return original({
        ...args,
        inputs: {
          ...args.inputs,
          a: attrs.transposeA ? plain(a) : a,
          b: attrs.transposeB ? plain(b) : b,
        },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      const backend = args.backend as unknown as DisposingBackend;
      for (const info of made) backend.disposeData(info.dataId);
    }
  };
  wrappers.add(wrapped);
  return wrapped;
}

/**
 * Re-registers wasm's matrix-multiply kernels wrapped by `withPlainOperands`. Needs the wasm
 * backend's kernels registered (import '@tensorflow/tfjs-backend-wasm' first); idempotent; a
 * kernel that is missing is left alone.
 */
export function registerWasmPlainMatMul(): void {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return;
  for (const kernelName of WRAPPED_KERNELS) {
    const original = tf.getKernel(kernelName, 'wasm');
    if (!original || wrappers.has(original.kernelFunc)) continue;
    originals.set(kernelName, original);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      ...original,
      kernelFunc: withPlainOperands(original.kernelFunc, transpose.kernelFunc),
    });
  }
}

/** Puts wasm's own matrix-multiply kernels back (benchmarks measure both; the app never calls
 * this). `registerWasmPlainMatMul` wraps them again. */
export function useTfjsWasmMatMul(): void {
  for (const [kernelName, original] of originals) {
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel(original);
  }
}
