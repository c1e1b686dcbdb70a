/**
 * What trainers need around a model's weights: the trainable variables, bit-exact snapshots to
 * reset to, copies between models of the same architecture, and disposal.
 */
import * as tf from '@tensorflow/tfjs';

function variableOf(w: { read(): tf.Tensor; name: string }): tf.Variable {
  const v = w.read();
  // tfjs-layers types LayerVariable.read() as Tensor; at run time it is the tf.Variable.
  if (!(v instanceof tf.Variable)) throw new Error(`weight ${w.name} is not a tf.Variable`);
  return v;
}

/**
 * The model's trainable weights as tf.Variables (kernels and biases of trainable layers), in
 * layer order. Pass them as `varList` to `tf.variableGrads` / `optimizer.minimize`; gradients
 * come back keyed by `variable.name`, which `optimizer.applyGradients` expects.
 */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map(variableOf);
}

/** A frozen copy of every weight of a model, for `restoreWeights`. Owns its tensors. */
export interface WeightSnapshot {
  /** One tensor per `model.weights` entry, same order. */
  readonly tensors: readonly tf.Tensor[];
}

/**
 * Copies all of the model's weights (trainable or not). The copy shares no storage that later
 * updates can change (tfjs variables get new storage on every assign), so restoring it is
 * bit-for-bit. Safe inside tf.tidy (the copies are kept). Dispose with `disposeSnapshot`.
 */
export function snapshotWeights(model: tf.LayersModel): WeightSnapshot {
  return { tensors: model.weights.map((w) => tf.keep(variableOf(w).clone())) };
}

function assignAll(targets: readonly tf.Variable[], values: readonly tf.Tensor[]): void {
  if (targets.length !== values.length) {
    throw new Error(`expected ${targets.length} weight tensors, got ${values.length}`);
  }
  targets.forEach((v, i) => {
    const value = values[i]!;
    if (!tf.util.arraysEqual(v.shape, value.shape) || v.dtype !== value.dtype) {
      throw new Error(`weight ${v.name}: expected ${v.dtype} [${v.shape}], got [${value.shape}]`);
    }
  });
  // Assign only after every check passed, so a mismatch never leaves a half-restored model.
  targets.forEach((v, i) => v.assign(values[i]!));
}

/** Sets every weight of the model to the snapshot's values, bit-for-bit. The snapshot stays
 * valid (restore as often as needed). Throws if the architecture does not match. */
export function restoreWeights(model: tf.LayersModel, snapshot: WeightSnapshot): void {
  assignAll(model.weights.map(variableOf), snapshot.tensors);
}

/** Frees a snapshot's tensors. */
export function disposeSnapshot(snapshot: WeightSnapshot): void {
  tf.dispose([...snapshot.tensors]);
}

/** Copies every weight of `source` into `target` (same architecture), bit-for-bit. Later
 * updates of either model do not affect the other. */
export function copyWeights(source: tf.LayersModel, target: tf.LayersModel): void {
  const values = source.weights.map((w) => variableOf(w));
  assignAll(target.weights.map(variableOf), values);
}

/** A model's weights as plain arrays, off every backend: they outlive it (e.g. a lost GPU). */
export interface HostWeights {
  /** One entry per `model.weights` entry, same order. */
  readonly tensors: readonly {
    readonly shape: readonly number[];
    readonly dtype: 'float32' | 'int32';
    readonly values: Float32Array | Int32Array;
  }[];
}

/** Reads every weight of the model back to plain arrays (the model may go on training after). */
export async function readHostWeights(model: tf.LayersModel): Promise<HostWeights> {
  return readHostTensors(model.weights.map(variableOf));
}

/** Reads tensors (a model's weights, or a snapshot of them) back to plain arrays. */
export async function readHostTensors(tensors: readonly tf.Tensor[]): Promise<HostWeights> {
  const host = [];
  for (const [i, t] of tensors.entries()) {
    if (t.dtype !== 'float32' && t.dtype !== 'int32') {
      const name = t instanceof tf.Variable ? t.name : `#${i}`;
      throw new Error(`weight ${name} has dtype ${t.dtype}; only float32 and int32 are kept`);
    }
    // A copy: some backends hand out their own storage.
    const values = ((await t.data()) as Float32Array | Int32Array).slice();
    host.push({ shape: [...t.shape], dtype: t.dtype, values });
  }
  return { tensors: host };
}

/** Tensors on the current backend from host weights, for `restoreWeights`; the caller owns them. */
export function snapshotFromHost(host: HostWeights): WeightSnapshot {
  return {
    tensors: host.tensors.map((t) => tf.keep(tf.tensor(t.values, [...t.shape], t.dtype))),
  };
}

/** Frees every variable the model owns. The model cannot be used afterwards. */
export function disposeModel(model: tf.LayersModel): void {
  model.dispose();
}
