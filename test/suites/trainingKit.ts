/**
 * Fixtures shared by the attack and training suites: seeded toy data and models, and an
 * independent first-order reference for CURE's weight gradient (generic helpers: test/kit).
 * Backend-independent (no node APIs): the same code runs in node and in headless Chromium.
 */
import * as tf from '@tensorflow/tfjs';
import { twoMoons } from '../../src/core/datasets/toy';
import { perSampleCrossEntropy } from '../../src/core/loss';
import { buildToyMlp, logitsOf, trainableVariables } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { batchFromSplit, standardStep, type Batch } from '../../src/core/training';
import { read } from '../kit';
import type { HiddenActivation } from '../../src/core/names';

/** Seeded two-moons points as a batch (coordinates within the toy range [−2, 2]). */
export function moonsBatch(count: number, seed: number): Batch {
  const split = twoMoons(count, 0.1, createRng(seed));
  return batchFromSplit(
    split,
    [2],
    Array.from({ length: count }, (_, i) => i),
  );
}

/** A toy MLP (2 → hidden → 2 logits) with seeded weights. */
export function toyModel(
  seed: number,
  activation: HiddenActivation = 'relu',
  hiddenUnits: number[] = [16, 16],
): tf.LayersModel {
  return buildToyMlp({ seed, numClasses: 2, activation, hiddenUnits });
}

/** Trains `model` with plain Adam steps on `batch` (to make "a trained tiny model"). */
export async function pretrain(model: tf.LayersModel, batch: Batch, steps: number): Promise<void> {
  const optimizer = tf.train.adam(0.1);
  const target = { model, optimizer, rng: createRng(0) };
  for (let i = 0; i < steps; i++) await standardStep(target, batch, { method: 'standard' });
  optimizer.dispose();
}

/** Per-sample losses ℓ_b of the model at x, as numbers. */
export async function perSampleLosses(model: tf.LayersModel, batch: Batch, x = batch.x) {
  return read(tf.tidy(() => perSampleCrossEntropy(logitsOf(model, x), batch.y)));
}

/** The weight gradient as one flat list, variables in `trainableVariables` order. */
export async function flatGradient(
  model: tf.LayersModel,
  objective: () => tf.Scalar,
): Promise<number[]> {
  const variables = trainableVariables(model);
  const { value, grads } = tf.variableGrads(objective, variables);
  value.dispose();
  const out: number[] = [];
  for (const v of variables) out.push(...(await read(grads[v.name]!)));
  return out;
}

/** Σ_b ℓ_b as a function of the inputs (first-order only). */
const summedLoss = (model: tf.LayersModel, y: tf.Tensor1D) => (x: tf.Tensor) =>
  tf.sum(perSampleCrossEntropy(logitsOf(model, x), y)) as tf.Scalar;

/**
 * Independent reference for CURE's difference d_b = ∇ₓℓ_b(x_b + h z_b) − ∇ₓℓ_b(x_b), with
 * z_b = sign(g_b)/‖sign(g_b)‖ taken directly with tf.grad with respect to x (no first-layer
 * split, no stop-gradient). @returns z and d, [B, ...]; the caller owns them.
 */
export function referenceDifference(model: tf.LayersModel, batch: Batch, h: number) {
  return tf.tidy(() => {
    const gradOf = tf.grad(summedLoss(model, batch.y));
    const g = gradOf(batch.x);
    const b = g.shape[0]!;
    const signs = tf.sign(g);
    const norms = tf.sqrt(tf.sum(tf.square(tf.reshape(signs, [b, -1])), 1));
    const z = tf.div(signs, tf.reshape(norms, [b, ...g.shape.slice(1).map(() => 1)]));
    const d = tf.sub(gradOf(tf.add(batch.x, tf.mul(h, z))), g);
    return { z, d };
  });
}

/**
 * ∇_θ Σ_b ⟨d_b, v_b⟩ for a constant v (the mixed second derivative CURE's gradient needs) by the
 * first-order formula of PAPER.md: ⟨∇ₓℓ(u), v⟩ is ℓ's derivative at u along v, so its weight
 * gradient is the central difference (∇_θℓ(u + tv) − ∇_θℓ(u − tv))/2t, taken at u = x + hz and
 * at u = x and subtracted; Richardson-extrapolated ((4·D(t/2) − D(t))/3) to cancel the t² term.
 * @param eps the largest per-sample input displacement ‖t·v_b‖ (input units).
 */
export async function mixedGradientByDifferences(
  model: tf.LayersModel,
  batch: Batch,
  z: tf.Tensor,
  h: number,
  v: tf.Tensor,
  eps: number,
): Promise<number[]> {
  const gradAt = (u: tf.Tensor) => flatGradient(model, () => summedLoss(model, batch.y)(u));
  const b = v.shape[0]!;
  const norms = await read(tf.tidy(() => tf.sqrt(tf.sum(tf.square(tf.reshape(v, [b, -1])), 1))));
  const t = eps / Math.max(...norms);
  const shifted = tf.tidy(() => tf.add(batch.x, tf.mul(h, z)));
  const central = async (step: number) => {
    const at = (base: tf.Tensor, sign: number) =>
      tf.tidy(() => tf.add(base, tf.mul(sign * step, v)));
    const points = [at(shifted, 1), at(shifted, -1), at(batch.x, 1), at(batch.x, -1)];
    const [up, um, xp, xm] = await Promise.all(points.map(gradAt));
    tf.dispose(points);
    return up!.map((_, i) => (up![i]! - um![i]! - xp![i]! + xm![i]!) / (2 * step));
  };
  const coarse = await central(t);
  const fine = await central(t / 2);
  shifted.dispose();
  return fine.map((f, i) => (4 * f - coarse[i]!) / 3);
}
