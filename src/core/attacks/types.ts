/**
 * Shared types of the attacks: the threat model (norm, radius, steps) and the data range that
 * adversarial inputs are clamped to.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ForwardPlan } from '../models';

/** Anything `logitsOf` accepts: a LayersModel (its plan is cached) or a ForwardPlan. */
export type ModelLike = tf.LayersModel | ForwardPlan;

/** The norm of the threat ball: ℓ∞ (per-coordinate box) or ℓ2 (Euclidean over a whole input). */
import type { AttackNorm } from '../names';
export type { AttackNorm };

/** Valid input range [lo, hi] per coordinate (a dataset's `attackRange(info)`), in input units. */
export type InputRange = readonly [number, number];

/**
 * Projected gradient ascent on the per-sample cross-entropy (Madry et al. 2018), with the
 * conventions of the PyTorch references (Madry's code, torchattacks `PGD` / `PGDL2`):
 * - ℓ∞ step: x ← x + α·sign(∇ₓℓ); ℓ2 step: x ← x + α·∇ₓℓ/‖∇ₓℓ‖₂, the norm taken per sample
 *   over all of its coordinates;
 * - after every step: projection of δ = x − x₀ onto the ε-ball (ℓ∞: clip each coordinate to
 *   [−ε, ε]; ℓ2: δ·min(1, ε/‖δ‖₂)), then a clamp of x₀ + δ to the data range. Since x₀ lies in
 *   the range, the clamp only shrinks |δᵢ|, so every iterate stays in the ball and the range;
 * - random start (optional): ℓ∞ δ ~ U(−ε, ε) per coordinate; ℓ2 δ = ε·r·n/‖n‖ with n ~ N(0, I)
 *   and r ~ U(0, 1) per sample (torchattacks `PGDL2`); then the clamp;
 * - the result is the last iterate (not the best one seen), as in those references.
 */
export interface PgdSettings {
  readonly norm: AttackNorm;
  /** Radius ε of the threat ball, in input units (e.g. 8/255 for pixels in [0, 1]). ≥ 0. */
  readonly epsilon: number;
  /** Number of ascent steps (PGD-20 in the paper's evaluation, PGD-7 for training). ≥ 0. */
  readonly steps: number;
  /** Step size α in input units: ℓ∞ per coordinate, ℓ2 the Euclidean length of each step. */
  readonly stepSize: number;
  /** Start from a uniformly drawn point of the ball instead of the clean input. */
  readonly randomStart: boolean;
  /** Clamp every iterate to this range; null for no clamp (e.g. unbounded toy coordinates). */
  readonly range: InputRange | null;
}

/** A labelled set of inputs, as tensors. */
export interface LabeledTensors {
  /** [N, ...inputShape] float32, input units. */
  readonly x: tf.Tensor;
  /** [N] int32 class indices. */
  readonly y: tf.Tensor1D;
}
