/**
 * One interface for every training method: a step takes the model and its optimizer, a batch and
 * the method's settings, updates the weights once, and reports metrics.
 *
 * Every method runs the evaluation-mode forward pass (`logitsOf`: dropout is the identity; the
 * app's models have no dropout or batch norm, so this is also their training mode). That lets
 * CURE's training loss and its geometry share one forward pass.
 */
import type * as tf from '@tensorflow/tfjs';
import type { InputRange, LabeledTensors, PgdSettings } from '../attacks';
import type { Rng } from '../random';

/** The methods, as the app and URLs name them. */
export const TRAINING_METHODS = ['standard', 'pgd', 'fgsm-rs', 'cure'] as const;
export type TrainingMethod = (typeof TRAINING_METHODS)[number];

/** What a step trains: the model's trainable variables, with this optimizer and generator. */
export interface TrainTarget {
  readonly model: tf.LayersModel;
  /** Any tfjs optimizer (the paper fine-tunes with Adam, lr 1e-4). */
  readonly optimizer: tf.Optimizer;
  /** Random starts of PGD / FGSM-RS draw from it; standard and CURE steps draw nothing. */
  readonly rng: Rng;
}

/** A training batch: x [B, ...inputShape] float32 in input units, y [B] int32. */
export type Batch = LabeledTensors;

/** Plain empirical risk: mean cross-entropy of the clean batch. */
export interface StandardSettings {
  readonly method: 'standard';
}

/** Madry et al. 2018: minimize the mean cross-entropy at PGD examples (one attack per step). */
export interface PgdTrainingSettings {
  readonly method: 'pgd';
  /** The attack that makes the training examples (e.g. ℓ∞, ε = 0.1, 7 steps, step 0.025). */
  readonly attack: PgdSettings;
}

/**
 * Wong, Rice & Kolter 2020 ("Fast is better than free"): one ℓ∞ FGSM step from a uniform random
 * start, δ ← clip(δ₀ + α·sign(∇ₓℓ), −ε, ε), then train on clamp(x + δ). Equals PGD-1 with random
 * start and step α.
 */
export interface FgsmRsSettings {
  readonly method: 'fgsm-rs';
  /** ε in input units. */
  readonly epsilon: number;
  /** α in input units; Wong et al. use 1.25·ε. */
  readonly stepSize: number;
  /** Data range to clamp to (the dataset's `attackRange`), or null. */
  readonly range: InputRange | null;
}

/**
 * Which CURE objective (PAPER.md, "CURE, exactly"), with d_b = ∇ₓℓ_b(x_b + h·z_b) − ∇ₓℓ_b(x_b)
 * and z_b = sign(g_b)/‖sign(g_b)‖₂ (constant), g_b = ∇ₓℓ_b(x_b):
 * - 'paper': L = (1/B) Σ_b ℓ_b + γ·(1/B) Σ_b ‖d_b‖₂²;
 * - 'code' (the reference PyTorch code): L = (1/B) Σ_b ℓ_b + γ·(1/B²) Σ_b ‖d_b‖₂ — plain norm,
 *   and 1/B² because its input gradients are of the batch-mean loss (each d_b scaled by 1/B)
 *   before the norms are averaged. Its `lambda_` is our γ; its z (norm h) is our h·z.
 */
export type CureForm = 'paper' | 'code';

/** CURE (Moosavi-Dezfooli et al. 2019); its weight gradient is exact double backprop. */
export interface CureSettings {
  readonly method: 'cure';
  readonly form: CureForm;
  /** Weight γ of the regularizer (λ in the reference code). ≥ 0. */
  readonly gamma: number;
  /** Finite-difference step h along z, in input units (z has unit ℓ2 norm). > 0. */
  readonly h: number;
  /** How input gradients are taken; both give the same values (cure.ts). Default
   * 'first-layer' (cheaper); 'input' differentiates with respect to x directly. */
  readonly gradientRoute?: 'first-layer' | 'input';
}

/** Settings of any method; `method` picks the step. */
export type StepSettings = StandardSettings | PgdTrainingSettings | FgsmRsSettings | CureSettings;

/** Reported by every step. */
export interface StepMetricsBase {
  /** The objective minimized this step (batch mean, nats): clean loss for standard, loss at the
   * adversarial examples for PGD / FGSM-RS, ℓ + γR for CURE. NaN/±Inf when it diverged. */
  readonly loss: number;
  /** Fraction of the batch classified correctly on the inputs trained on (clean for standard and
   * CURE, adversarial for PGD / FGSM-RS), before the update. */
  readonly accuracy: number;
  /** Global ℓ2 norm of the weight gradient, √Σ‖∂L/∂θ‖². +Inf when it overflows float32. */
  readonly gradNorm: number;
  /** True when the loss and every gradient entry are finite (gradNorm < ~1.8e19, where its
   * square overflows float32, counts as finite; above that it is reported non-finite). */
  readonly finite: boolean;
  /** Whether the update was applied: only finite steps are; a non-finite one leaves the weights
   * and the optimizer state untouched, so the caller can pause without losing anything. */
  readonly applied: boolean;
  /** Wall-clock milliseconds of the step, attack included, until the metrics were read back. */
  readonly ms: number;
}

export interface StandardMetrics extends StepMetricsBase {
  readonly method: 'standard';
}

export interface AdversarialMetrics<
  M extends 'pgd' | 'fgsm-rs' = 'pgd' | 'fgsm-rs',
> extends StepMetricsBase {
  readonly method: M;
  /** Attack radius used, input units. */
  readonly epsilon: number;
}

export interface CureMetrics extends StepMetricsBase {
  readonly method: 'cure';
  readonly form: CureForm;
  /** Mean clean cross-entropy (1/B) Σ ℓ_b, nats. */
  readonly cleanLoss: number;
  /** R before weighting: (1/B) Σ‖d_b‖² ('paper') or (1/B²) Σ‖d_b‖ ('code'). */
  readonly regularizer: number;
  /** (1/B) Σ‖d_b‖₂, the curvature proxy of either form (input-gradient units). */
  readonly gradDiffNorm: number;
  readonly gamma: number;
  readonly h: number;
}

export type StepMetrics =
  StandardMetrics | AdversarialMetrics<'pgd'> | AdversarialMetrics<'fgsm-rs'> | CureMetrics;

/** The metrics type a method's step returns. */
export type MetricsOf<S extends StepSettings> = Extract<StepMetrics, { method: S['method'] }>;

/** A training step: one weight update from one batch. Creates no lasting tensors (the
 * optimizer's own slots aside, made on its first update). */
export type TrainingStep<S extends StepSettings> = (
  target: TrainTarget,
  batch: Batch,
  settings: S,
) => Promise<MetricsOf<S>>;
