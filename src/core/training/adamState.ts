/**
 * Adam's state, copied out and put back: the first and second moment of every trainable weight,
 * the running powers β₁ᵗ and β₂ᵗ, and the update counter. A saved session continues training with
 * these, so its next update is bit for bit the one the saved lab would have made.
 *
 * tfjs keeps these in fields it marks private (AdamOptimizer.getWeights/setWeights exist, but
 * setWeights recomputes β₁ᵗ as pow(β₁, t + 1), which is not bit-identical to the product it
 * accumulates step by step). The fields are read here and only here; test/unit/adam-state.test.ts
 * fails if a tfjs update renames them.
 */
import * as tf from '@tensorflow/tfjs';

interface MomentSlot {
  originalName: string;
  variable: tf.Variable;
}

/** The fields of tfjs's AdamOptimizer (4.x) this module reads and writes. */
interface AdamInternals {
  accumulatedFirstMoment: MomentSlot[];
  accumulatedSecondMoment: MomentSlot[];
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  iterations_: number | undefined;
}

function internals(optimizer: tf.AdamOptimizer): AdamInternals {
  const adam = optimizer as unknown as AdamInternals;
  if (
    !Array.isArray(adam.accumulatedFirstMoment) ||
    !Array.isArray(adam.accumulatedSecondMoment) ||
    !(adam.accBeta1 instanceof tf.Variable) ||
    !(adam.accBeta2 instanceof tf.Variable)
  ) {
    throw new Error('this version of TensorFlow.js keeps Adam state where the app cannot read it');
  }
  return adam;
}

/** Adam's state on the backend, copied (the caller owns the tensors: `disposeAdamSnapshot`). */
export interface AdamSnapshot {
  readonly iterations: number;
  readonly accBeta1: tf.Tensor;
  readonly accBeta2: tf.Tensor;
  /** One tensor per trainable weight (empty before the first update), in update order. */
  readonly first: readonly tf.Tensor[];
  readonly second: readonly tf.Tensor[];
}

/** Adam's state as plain numbers and arrays, off every backend. */
export interface HostAdam {
  readonly iterations: number;
  /** β₁ᵗ and β₂ᵗ as float32 values. */
  readonly accBeta1: number;
  readonly accBeta2: number;
  readonly moments: readonly {
    readonly shape: readonly number[];
    readonly first: Float32Array;
    readonly second: Float32Array;
  }[];
}

/** Copies the optimizer's state now (synchronously: no update can slip in between). */
export function snapshotAdam(optimizer: tf.AdamOptimizer): AdamSnapshot {
  const adam = internals(optimizer);
  const copy = (slot: MomentSlot) => tf.keep(slot.variable.clone());
  return {
    iterations: adam.iterations_ ?? 0,
    accBeta1: tf.keep(adam.accBeta1.clone()),
    accBeta2: tf.keep(adam.accBeta2.clone()),
    first: adam.accumulatedFirstMoment.map(copy),
    second: adam.accumulatedSecondMoment.map(copy),
  };
}

export function disposeAdamSnapshot(snapshot: AdamSnapshot): void {
  tf.dispose([snapshot.accBeta1, snapshot.accBeta2, ...snapshot.first, ...snapshot.second]);
}

/** Reads a snapshot back to plain arrays (the snapshot stays the caller's to dispose). */
export async function readAdam(snapshot: AdamSnapshot): Promise<HostAdam> {
  const read = async (t: tf.Tensor) => ((await t.data()) as Float32Array).slice();
  const moments = [];
  for (let i = 0; i < snapshot.first.length; i++) {
    const first = snapshot.first[i]!;
    const second = snapshot.second[i];
    if (!second) throw new Error('Adam holds a first moment without its second');
    moments.push({ shape: [...first.shape], first: await read(first), second: await read(second) });
  }
  return {
    iterations: snapshot.iterations,
    accBeta1: (await read(snapshot.accBeta1))[0]!,
    accBeta2: (await read(snapshot.accBeta2))[0]!,
    moments,
  };
}

/**
 * Puts saved state into a fresh optimizer (one that has made no update) training `variables`.
 * Every check happens before anything changes; throws naming the first mismatch.
 */
export function restoreAdam(
  optimizer: tf.AdamOptimizer,
  saved: HostAdam,
  variables: readonly tf.Variable[],
): void {
  const adam = internals(optimizer);
  if (adam.accumulatedFirstMoment.length > 0) {
    throw new Error('Adam state can only be restored into an optimizer that made no update');
  }
  if (saved.moments.length !== 0 && saved.moments.length !== variables.length) {
    throw new Error(
      `Adam state holds ${saved.moments.length} moments for ${variables.length} trainable weights`,
    );
  }
  saved.moments.forEach((moment, i) => {
    const v = variables[i]!;
    const size = v.shape.reduce((a, b) => a * b, 1);
    if (!tf.util.arraysEqual([...moment.shape], v.shape)) {
      throw new Error(`Adam moment ${i}: shape [${moment.shape}] for weight [${v.shape}]`);
    }
    if (moment.first.length !== size || moment.second.length !== size) {
      throw new Error(`Adam moment ${i}: ${moment.first.length} values for ${size}`);
    }
  });
  const slot = (name: string, values: Float32Array, shape: readonly number[]): MomentSlot => ({
    originalName: name,
    variable: tf.tidy(() => tf.tensor(values, [...shape], 'float32').variable(false)),
  });
  adam.accumulatedFirstMoment = saved.moments.map((m, i) =>
    slot(`${variables[i]!.name}/m`, m.first, m.shape),
  );
  adam.accumulatedSecondMoment = saved.moments.map((m, i) =>
    slot(`${variables[i]!.name}/v`, m.second, m.shape),
  );
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(saved.accBeta1, 'float32'));
    adam.accBeta2.assign(tf.scalar(saved.accBeta2, 'float32'));
  });
  adam.iterations_ = saved.iterations;
}
