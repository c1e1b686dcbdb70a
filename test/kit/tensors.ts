/** Tensor read-back and seeded test tensors. No node APIs: both projects import this. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/core/random';

/** The tensor's values as float64 (asynchronous read-back, fine on every backend); disposes it. */
export async function read(t: tf.Tensor): Promise<number[]> {
  try {
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

/** The tensor's values as float64, then disposes it. Synchronous: node (cpu) tests only; code
 * that also runs on GPU backends uses `read`/`readAll` (webgpu's synchronous read-back is a
 * slow, canvas-based fallback). */
export function readSync(t: tf.Tensor): number[] {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
}

/** Reads every tensor of a record (as returned by tf.tidy) and disposes them all. */
export async function readAll<K extends string>(
  tensors: Record<K, tf.Tensor>,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(tensors) as K[];
  const values = await Promise.all(keys.map((k) => read(tensors[k])));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]!])) as Record<K, number[]>;
}

/** Seeded standard normals as float32-representable numbers, scaled. */
export function normals(size: number, seed: number, scale = 1): number[] {
  const rng = createRng(seed);
  return Array.from({ length: size }, () => Math.fround(scale * rng.normal()));
}

/** A tensor of seeded standard normals, scaled; caller owns it. */
export function normal(shape: number[], seed: number, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(normals(size, seed, scale), shape);
}
