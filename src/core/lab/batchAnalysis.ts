/**
 * What the panels show about one network on a fixed batch of test points (not the selected
 * input): the paper's "vice versa" — measured robustness against the quadratic-model bounds — and
 * robust accuracy against ε. Plain typed arrays out, like sampleAnalysis.ts.
 */
import type * as tf from '@tensorflow/tfjs';
import {
  evaluationAttackFamily,
  robustAccuracyCurve,
  type AttackNorm,
  type InputRange,
  type ModelLike,
} from '../attacks';
import type { LanczosResult } from '../curvature/lanczos';
import {
  finiteDifferenceTopKBatch,
  modelPointLoss,
  robustnessVersusBounds,
  topEigenpairsBatch,
} from '../inspect';

/**
 * λ_max of the exact input Hessian and of the finite-difference spectrum at step fdH (lockstep
 * Lanczos, k = 1, point p seeded seed + p) at each point, and their means: what a single
 * sample's spectrum is compared with. Also returns the exact eigenpairs, which the bounds reuse.
 */
export async function curvatureMeanAnalysis(
  model: ModelLike,
  points: { x: tf.Tensor; y: tf.Tensor1D },
  options: { fdH: number; seed: number },
): Promise<{
  count: number;
  fdH: number;
  exact: Float64Array;
  fd: Float64Array;
  exactMean: number;
  fdMean: number;
  eigen: LanczosResult[];
}> {
  const loss = modelPointLoss(model, points.y);
  const lanczos = { k: 1, seed: options.seed };
  const eigen = await topEigenpairsBatch(loss, points.x, lanczos);
  const fdTop = await finiteDifferenceTopKBatch(loss, points.x, options.fdH, lanczos);
  const exact = Float64Array.from(eigen, (r) => r.values[0]!);
  const fd = Float64Array.from(fdTop, (r) => r.values[0]!);
  const mean = (values: Float64Array) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    count: exact.length,
    fdH: options.fdH,
    exact,
    fd,
    exactMean: mean(exact),
    fdMean: mean(fd),
    eigen,
  };
}

/** The points' measured robustness ρ (ℓ2 PGD) at level ℓ(x) + c and the bounds on it. */
export async function boundsAnalysis(
  model: ModelLike,
  points: { x: tf.Tensor; y: tf.Tensor1D },
  options: { c: number; maxRadius: number; seed: number; eigen?: readonly LanczosResult[] },
) {
  const rows = await robustnessVersusBounds(modelPointLoss(model, points.y), points.x, {
    ...options,
    // A lighter search than pgdRobustness's default (777 loss evaluations per point): PGD-10,
    // 6 radii per round, 3 refinements — 242 per point, ρ to ~1/1300 of maxRadius. Measured on
    // cpu, 16 MNIST points with the defaults took 36 s per network; a panel cannot wait that.
    pgd: { steps: 10, points: 6, rounds: 3 },
  });
  const column = (key: 'rho' | 'lower' | 'upper' | 'loss' | 'nu' | 'gradNorm') =>
    Float64Array.from(rows, (row) => row[key]);
  return {
    c: options.c,
    indices: Int32Array.from(rows, (_, i) => i),
    rho: column('rho'),
    lower: column('lower'),
    upper: column('upper'),
    loss: column('loss'),
    nu: column('nu'),
    gradNorm: column('gradNorm'),
  };
}

/** The radii of the robust-accuracy curve: 0 to 3ε in six steps (ε itself among them). Each
 * radius but 0 is a PGD-20 pass over the curve's points, the batch job's main cost (~1 s per
 * radius and network for 200 MNIST points on wasm here), so the curve keeps to six. */
export function curveEpsilons(epsilon: number): number[] {
  return [0, 0.5, 1, 1.5, 2, 3].map((k) => k * epsilon);
}

/**
 * PGD-20 accuracy (step ε/4, random start: the live evaluation's attack) against ε.
 * @param between awaited after each radius: lets a caller that shares the thread (the worker)
 *   run other work between these seconds-long passes.
 */
export async function robustCurveAnalysis(
  model: ModelLike,
  points: { x: tf.Tensor; y: tf.Tensor1D },
  options: { epsilon: number; norm: AttackNorm; range: InputRange | null; seed: number },
  between: () => Promise<void> = async () => {},
) {
  const eps = curveEpsilons(options.epsilon);
  const family = evaluationAttackFamily(options.norm, options.range);
  const accuracy = new Float64Array(eps.length);
  for (const [k, epsilon] of eps.entries()) {
    // One radius at a time with the same seed: what robustAccuracyCurve does for the list.
    const [result] = await robustAccuracyCurve(model, points, [epsilon], family, {
      seed: options.seed,
    });
    accuracy[k] = result!.accuracy;
    await between();
  }
  return { eps: Float64Array.from(eps), accuracy, count: points.y.shape[0], norm: options.norm };
}
