/**
 * Measured robustness ρ by ℓ2 PGD for P points at once: the algorithm of `pgdRobustness`
 * (geometry/robustness.ts) per point, run in lockstep (lockstep.ts) so that every round
 * evaluates the radii of all still-running points in ONE batched PGD, rows = Σ over running
 * points of that round's radii (9 for a point's first round, 7 for a refinement with the
 * defaults). P points cost max_p(rounds_p) batched PGDs instead of Σ_p rounds_p.
 */
import * as tf from '@tensorflow/tfjs';
import {
  pgdAtRows,
  smallestRadius,
  type PgdRobustnessOptions,
  type RobustnessResult,
} from '../geometry/robustness';
import { lockstep, type BatchFn } from './lockstep';
import { batchShape, rowsLoss, type PointLoss } from './pointLoss';

type RadiusRound = { loss: Float64Array; r: Float32Array };

/** One round: every requested radius of every running point as one row of one PGD. */
function batchedPgd(
  loss: PointLoss,
  x: tf.Tensor,
  steps: number,
  stepFactor: number,
): BatchFn<Float64Array, RadiusRound> {
  const { d, inputShape } = batchShape(x);
  return async (requests, points) => {
    const rowPoint = Int32Array.from(
      requests.flatMap((radii, k) => Array.from(radii, () => points[k]!)),
    );
    const radii = Float64Array.from(requests.flatMap((r) => Array.from(r)));
    const index = tf.tensor1d(rowPoint, 'int32');
    const base = tf.tidy(() => tf.gather(tf.reshape(x, [-1, d]), index) as tf.Tensor2D);
    try {
      const found = await pgdAtRows(
        rowsLoss(loss, index),
        base,
        inputShape,
        radii,
        steps,
        stepFactor,
      );
      let offset = 0;
      return requests.map((r) => {
        const [start, end] = [offset, offset + r.length];
        offset = end;
        return { loss: found.loss.slice(start, end), r: found.r.slice(start * d, end * d) };
      });
    } finally {
      tf.dispose([index, base]);
    }
  };
}

/**
 * ρ_p = the smallest ℓ2 radius at which PGD on the loss reaches levels[p], for every point p —
 * for each point the same search, the same PGD (deterministic start r = 0, best iterate kept),
 * the same defaults and so the same result as `pgdRobustness(ℓ_p, x_p, levels[p], options)`,
 * up to float32 rounding differences between batched and single-point PGD (which can move a
 * loss that sits within rounding of the level to the other side).
 * @param loss per-row loss; row r is scored as point points[r].
 * @param x [P, ...inputShape] float32; must stay alive until the promise settles.
 * @param levels t_p in nats, one per point, finite.
 * @param options as pgdRobustness (maxRadius in input units; points, rounds, steps, stepFactor).
 * @returns one RobustnessResult per point, in x's order.
 */
export async function pgdRobustnessBatch(
  loss: PointLoss,
  x: tf.Tensor,
  levels: ArrayLike<number>,
  options: PgdRobustnessOptions,
): Promise<RobustnessResult[]> {
  const { count, d } = batchShape(x);
  if (levels.length !== count) throw new Error(`expected ${count} levels, got ${levels.length}`);
  for (let p = 0; p < count; p++) {
    if (!Number.isFinite(levels[p])) throw new Error(`level ${p} must be finite, got ${levels[p]}`);
  }
  const steps = options.steps ?? 20;
  const stepFactor = options.stepFactor ?? 2.5;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be ≥ 1, got ${steps}`);
  const search = {
    ...options,
    points: options.points ?? 8,
    rounds: options.rounds ?? 4,
    perRadius: steps + 1,
  };
  return lockstep(
    count,
    (p, submit) => smallestRadius(submit, levels[p]!, d, search),
    batchedPgd(loss, x, steps, stepFactor),
  );
}
