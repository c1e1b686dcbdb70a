/**
 * What the panels show about one network around the selected input x, one function per part
 * (the worker runs them in turn, stamps and streams the results). Every function takes a
 * ModelLike — in the app a frozen copy of a network that keeps training — and returns plain typed
 * arrays. Conventions as everywhere in the core: per-sample cross-entropy in nats, unit
 * directions in input units, grid coordinates as distances along them.
 */
import * as tf from '@tensorflow/tfjs';
import { pgd, type InputRange, type ModelLike, type PgdSettings } from '../attacks';
import {
  crossEntropyLoss,
  finiteDifferenceTopK,
  fullInputSpectrum,
  hessianTopK,
  lossAndInputGradient,
  type LogitsFn,
} from '../curvature';
import { ballSection } from '../geometry/ballSection';
import { decisionBoundarySegments, landscapeGrid, type PlaneDirections } from '../geometry';
import { normalCurvatureProfile } from '../inspect';
import { dot, type Vector } from '../linalg/vector';
import { logitsOf } from '../models';
import { createRng } from '../random';
import type { AttackNorm } from '../names';

/** A grid of the model's answers, as the protocol carries it: N×N cells, cell (i, j) at i·N + j. */
export interface AnswerGrid {
  size: number;
  /** Predicted class per cell. */
  pred: Uint8Array;
  /** Top-two logit margin per cell (≥ 0; 0 on the boundary). */
  margin: Float32Array;
  /** Softmax probability of the predicted class per cell. */
  confidence: Float32Array;
  /** The decision boundary as segments [i0, j0, i1, j1, …] in fractional cell indices
   * (`decisionBoundarySegments`), computed here with the grid so the map only draws them. */
  boundary: Float32Array;
}

const logitsFnOf =
  (model: ModelLike): LogitsFn =>
  (x) =>
    logitsOf(model, x);

/** The network at x: logits, softmax, per-sample loss, input gradient. @param x [1, ...shape]. */
export async function analysePoint(model: ModelLike, x: tf.Tensor, label: number) {
  const out = tf.tidy(() => {
    const logits = logitsOf(model, x);
    const { loss, grad } = lossAndInputGradient(crossEntropyLoss(logitsFnOf(model), label), x);
    return { logits, probabilities: tf.softmax(logits), loss, grad };
  });
  try {
    const [logits, probabilities, loss, grad] = await Promise.all([
      out.logits.data() as Promise<Float32Array>,
      out.probabilities.data() as Promise<Float32Array>,
      out.loss.data(),
      out.grad.data() as Promise<Float32Array>,
    ]);
    return { logits, probabilities, loss: loss[0]!, grad, gradNorm: Math.hypot(...grad) };
  } finally {
    tf.dispose(out);
  }
}

/** The PGD example of x, projected on the plane, and what the network says there. */
async function adversarialOnPlane(
  model: ModelLike,
  x: tf.Tensor,
  label: number,
  plane: PlaneDirections,
  attack: PgdSettings,
  seed: number,
) {
  const out = tf.tidy(() => {
    const labels = tf.tensor1d([label], 'int32');
    const xAdv = attack.epsilon > 0 ? pgd(model, x, labels, attack, createRng(seed)) : tf.clone(x);
    const logits = logitsOf(model, xAdv);
    const loss = crossEntropyLoss(logitsFnOf(model), label)(xAdv);
    return { xAdv, delta: tf.sub(xAdv, x), probabilities: tf.softmax(logits), loss };
  });
  try {
    const xAdv = (await out.xAdv.data()) as Float32Array;
    const delta = (await out.delta.data()) as Float32Array;
    const probabilities = await out.probabilities.data();
    let pred = 0;
    probabilities.forEach((p, k) => (pred = p > probabilities[pred]! ? k : pred));
    return {
      x: xAdv,
      delta,
      linf: delta.reduce((m, v) => Math.max(m, Math.abs(v)), 0),
      l2: Math.hypot(...delta),
      a: dot(delta, plane.u),
      b: dot(delta, plane.v),
      loss: (await out.loss.data())[0]!,
      pred,
      confidence: probabilities[pred]!,
      epsilon: attack.epsilon,
      norm: attack.norm,
    };
  } finally {
    tf.dispose(out);
  }
}

/** A landscape grid's answers, with the decision boundary traced through them. */
function answerGrid(grid: {
  size: number;
  pred: Int32Array;
  margin: Float32Array;
  confidence: Float32Array;
}): AnswerGrid {
  return {
    size: grid.size,
    pred: Uint8Array.from(grid.pred),
    margin: grid.margin,
    confidence: grid.confidence,
    boundary: decisionBoundarySegments(grid.pred, grid.margin, grid.size),
  };
}

/** Points per batched forward pass: fewer for convolutional models, whose activations are larger. */
function chunkSizeFor(x: tf.Tensor): number {
  return x.rank > 2 ? 512 : 4096;
}

/**
 * The loss landscape and the decision-boundary slice on the plane x + a·u + b·v (a, b in
 * [−radius, radius], resolution + 1 points per axis so the centre is x), the ε-ball's section,
 * and the PGD example of x.
 */
export async function planeAnalysis(
  model: ModelLike,
  x: tf.Tensor,
  label: number,
  plane: PlaneDirections,
  options: {
    /** Whose plane it is (reported with the result). */
    basis: 'own' | 'shared';
    radius: number;
    resolution: number;
    attack: PgdSettings;
    seed: number;
  },
) {
  const grid = await landscapeGrid(logitsFnOf(model), x, label, plane.u, plane.v, {
    radius: options.radius,
    size: options.resolution + 1,
    chunkSize: chunkSizeFor(x),
  });
  const adversarial = await adversarialOnPlane(
    model,
    x,
    label,
    plane,
    options.attack,
    options.seed,
  );
  return {
    radius: options.radius,
    uKind: plane.uKind,
    vKind: plane.vKind,
    basis: options.basis,
    loss: grid.loss,
    grid: answerGrid(grid),
    epsPolygon: ballSection(plane.u, plane.v, options.attack.epsilon, options.attack.norm),
    adversarial,
  };
}

/**
 * 2-D inputs only: the model's answers over the whole square [lo, hi]² of the input plane
 * (cell (i, j) is the point (x₁, x₂) = (a_i, b_j)), like TensorFlow Playground.
 */
export async function fieldAnalysis(
  model: ModelLike,
  range: InputRange,
  resolution: number,
  threat: { epsilon: number; norm: AttackNorm },
) {
  const [lo, hi] = range;
  const centre = (lo + hi) / 2;
  const x = tf.tensor2d([[centre, centre]]);
  try {
    const grid = await landscapeGrid(logitsFnOf(model), x, 0, [1, 0], [0, 1], {
      radius: (hi - lo) / 2,
      size: resolution + 1,
    });
    return {
      epsPolygon: ballSection([1, 0], [0, 1], threat.epsilon, threat.norm),
      xRange: [lo, hi] as [number, number],
      yRange: [lo, hi] as [number, number],
      grid: answerGrid(grid),
    };
  } finally {
    x.dispose();
  }
}

/**
 * Input-Hessian eigenvalues at x: the top k by Lanczos (exact HVPs) with the top eigenvector,
 * optionally all d of them (full Hessian, dense eigensolver), and the top k of the
 * finite-difference spectrum at step fdH (Lanczos on (∇ℓ(x + hv) − ∇ℓ(x − hv))/2h), which sees
 * the ReLU kinks within fdH of x that the exact Hessian cannot.
 */
export async function spectrumAnalysis(
  model: ModelLike,
  x: tf.Tensor,
  label: number,
  options: { topK: number; full: boolean; fdH: number; seed: number },
): Promise<{
  topk: Float64Array;
  full: Float64Array;
  fdTopk: Float64Array;
  fdH: number;
  topVector: Vector | null;
}> {
  const loss = crossEntropyLoss(logitsFnOf(model), label);
  const k = Math.min(options.topK, x.size);
  const top = await hessianTopK(loss, x, { k, seed: options.seed });
  const fd = await finiteDifferenceTopK(loss, x, options.fdH, { k, seed: options.seed });
  const full = options.full ? (await fullInputSpectrum(loss, x)).values : new Float64Array();
  return {
    topk: top.values,
    full,
    fdTopk: fd.values,
    fdH: options.fdH,
    topVector: top.vectors[0] ?? null,
  };
}

/**
 * The h values of the curvature profile: 24 log-spaced steps from radius/1000 to 2·radius, and
 * the marked h, in increasing order.
 */
export function profileSteps(radius: number, markedH: number): number[] {
  const lo = Math.log10(radius / 1000);
  const hi = Math.log10(2 * radius);
  const steps = Array.from({ length: 24 }, (_, i) => 10 ** (lo + ((hi - lo) * i) / 23));
  return [...steps, markedH].sort((p, q) => p - q);
}

/** Finite-difference curvature along the normal against h, and the exact nᵀHn. */
export async function profileAnalysis(
  model: ModelLike,
  x: tf.Tensor,
  label: number,
  hs: readonly number[],
) {
  const profile = await normalCurvatureProfile(crossEntropyLoss(logitsFnOf(model), label), x, hs);
  if (!profile) {
    return { hs: new Float64Array(), fd: new Float64Array(), exact: NaN, gradNorm: 0 };
  }
  return { hs: profile.hs, fd: profile.fd, exact: profile.exact, gradNorm: profile.gradNorm };
}

/** Predicted class and its softmax confidence for each input of a batch. */
export async function stripAnalysis(model: ModelLike, inputs: tf.Tensor) {
  const out = tf.tidy(() => {
    const probabilities = tf.softmax(logitsOf(model, inputs));
    return { pred: tf.argMax(probabilities, 1), confidence: tf.max(probabilities, 1) };
  });
  try {
    return {
      pred: Uint8Array.from(await out.pred.data()),
      confidence: (await out.confidence.data()) as Float32Array,
    };
  } finally {
    tf.dispose(out);
  }
}
