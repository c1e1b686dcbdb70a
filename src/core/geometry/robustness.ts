/**
 * Measured robustness at a loss level t: the smallest ℓ2 distance ‖r‖ (input units) at which the
 * per-sample loss reaches t, found (a) along one given direction, or (b) by ℓ2 PGD on the loss.
 *
 * Both search the radius the same way, in batched rounds (one batched pass per round instead of
 * one pass per bisection step): round 1 evaluates `points` radii evenly spaced in
 * (0, maxRadius]; each later round evaluates `points − 1` radii evenly inside the bracket
 * (last radius below t, first radius reaching t). With points = 2 this is plain bisection; the
 * bracket shrinks by a factor `points` per round. The answer is the upper end of the final
 * bracket, so it is a radius at which t WAS reached (a feasible perturbation is returned); it is
 * the smallest such radius exactly when the loss along the search is monotone in the radius
 * (a crossing narrower than round 1's spacing can be missed otherwise). The perturbations are
 * not clamped to the data range (the quadratic bounds have no box either).
 *
 * When t is never reached within maxRadius: rho = Infinity, reached = false, and loss and
 * perturbation describe the best point at maxRadius.
 */
import * as tf from '@tensorflow/tfjs';
import type { PerSampleLoss } from '../curvature/inputDerivatives';
import { rowNorm } from '../curvature/inputDerivatives';

/** Settings shared by both searches. */
export interface RadiusSearchOptions {
  /** Largest radius tried, input units (> 0). */
  readonly maxRadius: number;
  /** Radii per batched round, ≥ 2; default 16 for the line search, 8 for PGD. */
  readonly points?: number;
  /** Refinement rounds after the first; stops early once the bracket is ≤ 1e-6 · rho.
   * Default 6 (line search), 4 (PGD). */
  readonly rounds?: number;
}

/** What a robustness search found. */
export interface RobustnessResult {
  /** Smallest radius found reaching the level (see module comment); 0 when ℓ(x) ≥ t already;
   * Infinity when not reached within maxRadius. */
  readonly rho: number;
  readonly reached: boolean;
  /** ρ minus the last radius that did not reach t: the search's resolution. */
  readonly bracket: number;
  /** Loss at the returned perturbation, nats. */
  readonly loss: number;
  /** The perturbation r (flat, x's row-major order), ‖r‖ ≤ rho (‖r‖ ≤ maxRadius if not reached). */
  readonly perturbation: Float32Array;
  /** Loss evaluations spent (line search: forward passes per point; PGD: gradient steps + 1 per
   * radius). */
  readonly evaluations: number;
}

/** Losses at a batch of radii and the perturbation (flat [count·d]) each one used. */
export type RadiusEvaluator = (
  radii: Float64Array,
) => Promise<{ loss: Float64Array; r: Float32Array }>;

interface Found {
  radius: number;
  loss: number;
  r: Float32Array;
}

async function evaluateAt(
  evaluate: RadiusEvaluator,
  radii: Float64Array,
  d: number,
): Promise<Found[]> {
  const { loss, r } = await evaluate(radii);
  return Array.from(radii, (radius, k) => ({
    radius,
    loss: loss[k]!,
    r: r.slice(k * d, (k + 1) * d),
  }));
}

/** The shared bracketing search (module comment); also run in lockstep over many points by
 * src/core/inspect/batchedRobustness.ts. `perRadius` counts loss evaluations per radius. */
export async function smallestRadius(
  evaluate: RadiusEvaluator,
  level: number,
  d: number,
  options: RadiusSearchOptions & { points: number; rounds: number; perRadius: number },
): Promise<RobustnessResult> {
  const { maxRadius, points, rounds, perRadius } = options;
  if (!(maxRadius > 0)) throw new Error(`maxRadius must be > 0, got ${maxRadius}`);
  if (!Number.isInteger(points) || points < 2) throw new Error(`points must be ≥ 2, got ${points}`);
  // Round 1 includes radius 0, so a point already at the level costs no separate pass.
  const radii1 = Float64Array.from({ length: points + 1 }, (_, k) => (maxRadius * k) / points);
  const [origin, ...first] = await evaluateAt(evaluate, radii1, d);
  let evaluations = (points + 1) * perRadius;
  if (origin!.loss >= level) {
    return { rho: 0, reached: true, bracket: 0, ...pick(origin!, evaluations) };
  }
  let hitIndex = first.findIndex((f) => f.loss >= level);
  if (hitIndex < 0) {
    const last = first[points - 1]!;
    return { rho: Infinity, reached: false, bracket: Infinity, ...pick(last, evaluations) };
  }
  let hit = first[hitIndex]!;
  let below = hitIndex > 0 ? first[hitIndex - 1]!.radius : 0;
  for (let round = 0; round < rounds && hit.radius - below > 1e-6 * hit.radius; round++) {
    const step = (hit.radius - below) / points;
    const radii = Float64Array.from({ length: points - 1 }, (_, k) => below + step * (k + 1));
    const found = await evaluateAt(evaluate, radii, d);
    evaluations += (points - 1) * perRadius;
    hitIndex = found.findIndex((f) => f.loss >= level);
    if (hitIndex >= 0) hit = found[hitIndex]!;
    below = hitIndex > 0 ? found[hitIndex - 1]!.radius : hitIndex < 0 ? radii[points - 2]! : below;
  }
  return { rho: hit.radius, reached: true, bracket: hit.radius - below, ...pick(hit, evaluations) };
}

function pick(f: Found, evaluations: number) {
  return { loss: f.loss, perturbation: f.r, evaluations };
}

function checkInput(x: tf.Tensor, level: number): void {
  if (x.shape[0] !== 1) throw new Error(`x must hold one input, [1, …], got [${x.shape}]`);
  if (!Number.isFinite(level)) throw new Error(`level must be finite, got ${level}`);
}

/**
 * ρ along a direction: the smallest s ≥ 0 (to the search's resolution) with ℓ(x + s·u) ≥ level.
 * @param u flat unit direction, length d (s is then a distance); only s ≥ 0 is searched.
 * @param level t, nats.
 */
export async function lineSearchRobustness(
  loss: PerSampleLoss,
  x: tf.Tensor,
  u: ArrayLike<number>,
  level: number,
  options: RadiusSearchOptions,
): Promise<RobustnessResult> {
  checkInput(x, level);
  const d = x.size;
  if (u.length !== d) throw new Error(`u has ${u.length} values, expected ${d}`);
  const direction = Float32Array.from(u);
  const evaluate: RadiusEvaluator = async (radii) => {
    const count = radii.length;
    const r = new Float32Array(count * d);
    radii.forEach((s, k) =>
      r.set(
        direction.map((ui) => s * ui),
        k * d,
      ),
    );
    const values = tf.tidy(() => {
      const points = tf.add(tf.reshape(x, [1, d]), tf.tensor2d(r, [count, d]));
      return loss(tf.reshape(points, [count, ...x.shape.slice(1)]));
    });
    try {
      return { loss: Float64Array.from(await values.data()), r };
    } finally {
      values.dispose();
    }
  };
  const points = options.points ?? 16;
  const rounds = options.rounds ?? 6;
  return smallestRadius(evaluate, level, d, { ...options, points, rounds, perRadius: 1 });
}

/** Settings of `pgdRobustness`. */
export interface PgdRobustnessOptions extends RadiusSearchOptions {
  /** PGD steps per radius; default 20. */
  readonly steps?: number;
  /** Step size as a multiple of radius/steps; default 2.5 (Madry et al.'s ℓ2 rule). */
  readonly stepFactor?: number;
}

type PgdState = {
  r: tf.Tensor2D;
  bestLoss: tf.Tensor2D;
  bestR: tf.Tensor2D;
};

/** One ℓ2 PGD step for every row at once (row k has radius eps[k]); records the best iterate. */
function pgdStep(
  loss: PerSampleLoss,
  base: tf.Tensor2D,
  shape: number[],
  eps: tf.Tensor2D,
  stepSize: tf.Tensor2D,
  state: PgdState,
): PgdState {
  return tf.tidy(() => {
    const count = base.shape[0];
    const dy = tf.ones([count]) as tf.Tensor1D;
    const at = (u: tf.Tensor) => loss(tf.reshape(u, shape));
    const { value, grad } = tf.valueAndGrad(at)(tf.add(base, state.r), dy);
    const current = tf.reshape(value, [count, 1]);
    const better = tf.cast(tf.greater(current, state.bestLoss), 'float32');
    const bestR = tf.add(tf.mul(better, state.r), tf.mul(tf.sub(1, better), state.bestR));
    // Normalized-gradient ascent step, then projection onto the ball ‖r‖ ≤ eps (row-wise).
    const g = tf.reshape(grad, [count, -1]);
    const gNorm = tf.reshape(tf.maximum(rowNorm(g), 1e-30), [count, 1]);
    const stepped = tf.add(state.r, tf.mul(stepSize, tf.div(g, gNorm)));
    const rNorm = tf.reshape(tf.maximum(rowNorm(stepped), 1e-30), [count, 1]);
    const r = tf.mul(stepped, tf.minimum(1, tf.div(eps, rNorm)));
    return {
      r: r as tf.Tensor2D,
      bestLoss: tf.maximum(current, state.bestLoss) as tf.Tensor2D,
      bestR: bestR as tf.Tensor2D,
    };
  });
}

/**
 * ℓ2 PGD for every row at once: row k maximizes the loss from its own base point over
 * ‖r‖ ≤ radii[k] (start r = 0, `steps` steps of stepFactor·radius/steps, best iterate kept).
 * @param base [count, d] float32, the (flat) point each row starts from; not disposed here.
 * @param inputShape the per-row input shape the loss expects.
 * @returns the best loss per row and where (flat [count·d]).
 */
export async function pgdAtRows(
  loss: PerSampleLoss,
  base: tf.Tensor2D,
  inputShape: readonly number[],
  radii: Float64Array,
  steps: number,
  stepFactor: number,
): Promise<{ loss: Float64Array; r: Float32Array }> {
  const [count, d] = base.shape;
  const shape = [count, ...inputShape];
  const fixed = tf.tidy(() => {
    const eps = tf.tensor2d(Float32Array.from(radii), [count, 1]);
    return { eps, stepSize: tf.mul(eps, stepFactor / steps) as tf.Tensor2D };
  });
  let state: PgdState = tf.tidy(() => ({
    r: tf.zeros([count, d]) as tf.Tensor2D,
    bestLoss: tf.fill([count, 1], -Infinity) as tf.Tensor2D,
    bestR: tf.zeros([count, d]) as tf.Tensor2D,
  }));
  try {
    // steps + 1 evaluations: the last one scores the final iterate (its step is discarded).
    for (let s = 0; s <= steps; s++) {
      const next = pgdStep(loss, base, shape, fixed.eps, fixed.stepSize, state);
      tf.dispose(state);
      state = next;
    }
    return {
      loss: Float64Array.from(await state.bestLoss.data()),
      r: Float32Array.from(await state.bestR.data()),
    };
  } finally {
    tf.dispose([state, fixed]);
  }
}

/** The best loss PGD finds within each radius around one x, and where (flat [count·d]). */
async function pgdAtRadii(
  loss: PerSampleLoss,
  x: tf.Tensor,
  radii: Float64Array,
  steps: number,
  stepFactor: number,
): Promise<{ loss: Float64Array; r: Float32Array }> {
  const d = x.size;
  const base = tf.tidy(
    () => tf.broadcastTo(tf.reshape(x, [1, d]), [radii.length, d]) as tf.Tensor2D,
  );
  try {
    return await pgdAtRows(loss, base, x.shape.slice(1), radii, steps, stepFactor);
  } finally {
    base.dispose();
  }
}

/**
 * ρ by ℓ2 PGD on the loss: for each radius ε tried, PGD maximizes ℓ(x + r) over ‖r‖₂ ≤ ε
 * (deterministic start r = 0, `steps` normalized-gradient steps of stepFactor·ε/steps, projection
 * onto the ball, best iterate kept), and the radius search (module comment) returns the smallest
 * ε at which that maximum reaches the level. All radii of a round run as one batch. PGD finds a
 * feasible r, so rho is an upper estimate of the true minimum (within the search's bracket).
 * @param level t, nats.
 */
export async function pgdRobustness(
  loss: PerSampleLoss,
  x: tf.Tensor,
  level: number,
  options: PgdRobustnessOptions,
): Promise<RobustnessResult> {
  checkInput(x, level);
  const steps = options.steps ?? 20;
  const stepFactor = options.stepFactor ?? 2.5;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be ≥ 1, got ${steps}`);
  const evaluate: RadiusEvaluator = (radii) => pgdAtRadii(loss, x, radii, steps, stepFactor);
  const points = options.points ?? 8;
  const rounds = options.rounds ?? 4;
  return smallestRadius(evaluate, level, x.size, {
    ...options,
    points,
    rounds,
    perRadius: steps + 1,
  });
}
