/**
 * CURE (Moosavi-Dezfooli et al., CVPR 2019): cross-entropy plus a penalty on the change of the
 * input gradient along z = sign(g)/‖sign(g)‖, trained with exact double backprop (forms: see
 * `CureForm`).
 *
 * One pass shares everything it can (issue 3, item 9): a single valueAndGrad of the clean batch
 * gives the training loss ℓ(x) (its value) and g = ∇ₓℓ(x) (its gradient), and that same g both
 * defines z and is the ∇ₓℓ(x) term of the difference. The outer tf.variableGrads then
 * differentiates through both input gradients (double backprop). z is computed behind a stop-
 * gradient, so the outer pass never differentiates through sign(g) or x + hz. By default the
 * input gradients are taken at the first linear layer and mapped back by its adjoint
 * (firstLayer.ts): the same numbers with fewer multiply-adds.
 *
 * Conventions, against the reference PyTorch code (CURE/CURE.py):
 * - geometry and the clean loss both use the evaluation-mode forward (the reference computes its
 *   clean loss in train mode; identical for networks without dropout or batch norm);
 * - x + hz is not clamped to the data range (nor is it in the reference);
 * - the reference's 1e-7 guards in z = h(s + 1e-7)/(‖s‖ + 1e-7) are dropped (relative effect
 *   ≤ 1e-7), except that a sample with g = 0 gets z = 0 (see cureDirection).
 */
import * as tf from '@tensorflow/tfjs';
import { logitsOf, planOf, type ForwardPlan } from '../models';
import { perSampleCrossEntropyFused, perSampleNorm } from '../attacks';
import { batchAccuracy, descend, nowMs, type Objective } from './descend';
import { splitFirstLinear } from './firstLayer';
import type { CureSettings, TrainingStep } from './types';

/** Keeps √s differentiable at s = 0 (0·∞ would be NaN); shifts ‖d‖ by at most 1e-12. */
const NORM_FLOOR_SQUARED = 1e-24;

/**
 * Runs `compute` so that its result is a constant for every enclosing gradient: tfjs has no
 * stopGradient, but a customGrad op with no tensor inputs runs its body untaped and its output
 * has no ancestors on the tape, so outer gradients neither reach back through it nor spend any
 * work on it. @returns compute's tensor; the caller owns it.
 */
export function stopGradient(compute: () => tf.Tensor): tf.Tensor {
  return tf.customGrad(() => ({ value: compute(), gradFunc: () => [] }))();
}

/**
 * CURE's direction z_b = sign(g_b)/‖sign(g_b)‖₂ per sample (unit ℓ2 norm; the ℓ∞-style
 * steepest-ascent direction). A sample with g_b = 0 exactly gets z_b = 0 (the reference code's
 * 1e-7 guards would give it h·(1, …, 1)/1 instead). @returns same shape as g; caller owns it.
 */
export function cureDirection(grad: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const signs = tf.sign(grad);
    // ‖sign(g)‖ is 0 or ≥ 1: the floor only changes the all-zero case (0/0 → 0).
    return tf.div(signs, tf.maximum(perSampleNorm(signs), 1));
  });
}

/** The CURE quantities of one batch, as tensors (the caller owns them). */
export interface CureTerms {
  /** L = clean loss + γ·regularizer (the objective). */
  readonly objective: tf.Scalar;
  /** (1/B) Σ ℓ_b(x_b), nats. */
  readonly cleanLoss: tf.Scalar;
  /** (1/B) Σ‖d_b‖² ('paper') or (1/B²) Σ‖d_b‖ ('code'), unweighted. */
  readonly regularizer: tf.Scalar;
  /** ‖d_b‖₂ per sample, [B]. */
  readonly gradDiffNorms: tf.Tensor1D;
  /** z_b (unit norm), [B, ...inputShape]; a constant. */
  readonly direction: tf.Tensor;
  /** Clean batch accuracy in [0, 1]. */
  readonly accuracy: tf.Scalar;
}

/** How the input gradients are taken: through the first linear layer's adjoint (default, same
 * values, less work; see firstLayer.ts) or directly with respect to x. */
export type CureGradientRoute = NonNullable<CureSettings['gradientRoute']>;

/** x ↦ a (identity or the first linear map), its adjoint, and the network from a. */
function routeOf(plan: ForwardPlan, route: CureGradientRoute) {
  const split = route === 'first-layer' ? splitFirstLinear(plan) : null;
  if (split !== null) return split;
  const identity = (t: tf.Tensor) => t;
  return { forward: identity, adjoint: identity, adjointValue: identity, rest: plan };
}

type Route = ReturnType<typeof routeOf>;

/** The computation itself; `kept` receives the clean accuracy (kept past valueAndGrad's scope). */
function computeTerms(
  { forward, adjoint, adjointValue, rest }: Route,
  x: tf.Tensor,
  y: tf.Tensor1D,
  settings: Omit<CureSettings, 'method'>,
  kept: tf.Scalar[],
): CureTerms {
  const batch = x.shape[0]!;
  const summedLoss = (a: tf.Tensor, withAccuracy: boolean) => {
    const logits = logitsOf(rest, a);
    if (withAccuracy) kept.push(tf.keep(batchAccuracy(logits, y)));
    return tf.sum(perSampleCrossEntropyFused(logits, y)) as tf.Scalar;
  };
  return tf.tidy(() => {
    // The one clean pass: value Σℓ_b(x_b), gradient ∇ₐΣℓ (g = adjoint of it).
    const clean = tf.valueAndGrad((a: tf.Tensor) => summedLoss(a, true))(forward(x));
    const direction = stopGradient(() => cureDirection(adjointValue(clean.grad)));
    const shifted = forward(tf.add(x, tf.mul(settings.h, direction)));
    const gradShifted = tf.grad((a: tf.Tensor) => summedLoss(a, false))(shifted);
    const diff = adjoint(tf.sub(gradShifted, clean.grad));
    const squares = tf.sum(tf.square(tf.reshape(diff, [batch, -1])), 1) as tf.Tensor1D;
    const regularizer = (
      settings.form === 'paper'
        ? tf.mean(squares)
        : tf.div(tf.sum(tf.sqrt(tf.add(squares, NORM_FLOOR_SQUARED))), batch * batch)
    ) as tf.Scalar;
    const cleanLoss = tf.div(clean.value, batch) as tf.Scalar;
    return {
      objective: tf.add(cleanLoss, tf.mul(settings.gamma, regularizer)) as tf.Scalar,
      cleanLoss,
      regularizer,
      gradDiffNorms: tf.sqrt(squares) as tf.Tensor1D,
      direction,
      accuracy: kept[0]!.clone(),
    };
  });
}

/**
 * Evaluates CURE's objective on a batch. Inside `tf.variableGrads` its `objective` has the exact
 * weight gradient (double backprop); outside, these are plain values (e.g. for monitoring).
 * @param x [B, ...inputShape] float32; @param y [B] int32.
 * @returns the terms; the caller owns every tensor.
 */
export function cureTerms(
  model: tf.LayersModel | ForwardPlan,
  x: tf.Tensor,
  y: tf.Tensor1D,
  settings: Omit<CureSettings, 'method'>,
): CureTerms {
  checkCureSettings(settings);
  const plan = model instanceof tf.LayersModel ? planOf(model) : model;
  const kept: tf.Scalar[] = [];
  const route = routeOf(plan, settings.gradientRoute ?? 'first-layer');
  try {
    return computeTerms(route, x, y, settings, kept);
  } finally {
    tf.dispose(kept);
  }
}

/** Throws on settings CURE cannot mean. */
export function checkCureSettings(settings: Omit<CureSettings, 'method'>): void {
  if (settings.form !== 'paper' && settings.form !== 'code') {
    throw new Error(`CURE form must be 'paper' or 'code', got '${String(settings.form)}'`);
  }
  if (!(settings.gamma >= 0) || !Number.isFinite(settings.gamma)) {
    throw new Error(`CURE gamma must be finite and ≥ 0, got ${settings.gamma}`);
  }
  if (!(settings.h > 0) || !Number.isFinite(settings.h)) {
    throw new Error(`CURE h must be finite and > 0, got ${settings.h}`);
  }
  const route = settings.gradientRoute;
  if (route !== undefined && route !== 'first-layer' && route !== 'input') {
    throw new Error(`CURE gradientRoute must be 'first-layer' or 'input', got '${String(route)}'`);
  }
}

function cureObjective(terms: CureTerms): Objective {
  return {
    value: terms.objective,
    diagnostics: {
      cleanLoss: terms.cleanLoss,
      regularizer: terms.regularizer,
      gradDiffNorm: tf.mean(terms.gradDiffNorms) as tf.Scalar,
      accuracy: terms.accuracy,
    },
  };
}

/** One CURE step: minimize the objective of `settings.form` with exact double backprop. */
export const cureStep: TrainingStep<CureSettings> = async (target, batch, settings) => {
  const start = nowMs();
  const objective = () => cureObjective(cureTerms(target.model, batch.x, batch.y, settings));
  const { diagnostics: d, ...common } = await descend(target, objective, start);
  return {
    method: settings.method,
    ...common,
    accuracy: d['accuracy']!,
    form: settings.form,
    cleanLoss: d['cleanLoss']!,
    regularizer: d['regularizer']!,
    gradDiffNorm: d['gradDiffNorm']!,
    gamma: settings.gamma,
    h: settings.h,
  };
};
