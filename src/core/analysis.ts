/**
 * One input's full analysis for `npm run analyze` (scripts/analyze.ts), assembled into the public
 * report format (src/core/report.ts): logits, loss and input gradient, the CURE value, the top
 * input-Hessian eigenvalues (and optionally all of them), and the loss and predicted class over a
 * plane through x. The app computes the same quantities per panel (src/core/lab/sampleAnalysis.ts)
 * and runs this for a sample panel's JSON export (src/worker/exporter.ts).
 */
import * as tf from '@tensorflow/tfjs';
import {
  crossEntropyLoss,
  cureCurvature,
  fullInputSpectrum,
  hessianTopK,
  lossAndInputGradient,
  modelLogits,
  type CureForm,
} from './curvature';
import { gridRows, landscapeGrid, planeDirections } from './geometry';
import type { ForwardPlan } from './models';
import { createRng } from './random';
import { ANALYSIS_FORMAT, validateReport, type AnalysisReport } from './report';

export interface AnalysisInput {
  dataset: string;
  split: 'train' | 'test';
  index: number;
  /** Shape of one input, e.g. [28, 28, 1]. */
  shape: number[];
  /** The input, flat, in the model's input units. */
  x: Float32Array;
  label: number;
}

export interface AnalysisOptions {
  /** CURE step h (input units) and form. */
  h: number;
  form: CureForm;
  /** Number of top eigenvalues by Lanczos. */
  topk: number;
  /** Also compute all d eigenvalues (full Hessian; d ≤ 784 recommended); topk then comes from it. */
  full: boolean;
  /** Grid points per axis and half-width (input units). */
  gridSize: number;
  radius: number;
  /** Second grid axis: a seeded random direction or the top eigenvector, both orthogonalized against u. */
  vKind: 'random' | 'eigenvector';
  seed: number;
}

/** Timings (ms) of the expensive parts, for the CLI's log. */
export interface AnalysisTimings {
  gradient: number;
  lanczos: number;
  full: number;
  grid: number;
}

/** Runs every analysis of one input and returns a validated report. */
export async function analyzeInput(
  model: tf.LayersModel | ForwardPlan,
  modelRef: AnalysisReport['model'],
  input: AnalysisInput,
  options: AnalysisOptions,
): Promise<{ report: AnalysisReport; timings: AnalysisTimings }> {
  const d = input.x.length;
  const x = tf.tensor(input.x, [1, ...input.shape]);
  const logitsFn = modelLogits(model);
  const loss = crossEntropyLoss(logitsFn, input.label);
  try {
    let t = performance.now();
    const first = tf.tidy(() => {
      const { loss: value, grad } = lossAndInputGradient(loss, x);
      const cure = cureCurvature(loss, x, options.h, options.form);
      return { value, grad, logits: logitsFn(x), cure: cure.value };
    });
    const [lossValue, grad, logits, cure] = await Promise.all([
      first.value.data(),
      first.grad.data(),
      first.logits.data(),
      first.cure.data(),
    ]);
    tf.dispose(first);
    const gradient = performance.now() - t;

    t = performance.now();
    const top = await hessianTopK(loss, x, { k: Math.min(options.topk, d), seed: options.seed });
    const lanczos = performance.now() - t;

    t = performance.now();
    const full = options.full ? (await fullInputSpectrum(loss, x)).values : new Float64Array();
    const fullMs = options.full ? performance.now() - t : 0;

    const { u, v, uKind, vKind } = planeDirections(
      grad,
      options.vKind,
      top.vectors[0] ?? null,
      createRng(options.seed),
    );

    t = performance.now();
    const grid = await landscapeGrid(logitsFn, x, input.label, u, v, {
      radius: options.radius,
      size: options.gridSize,
    });
    const gridMs = performance.now() - t;

    const gradNorm = Math.hypot(...grad);
    const report = validateReport({
      format: ANALYSIS_FORMAT,
      model: modelRef,
      input: { ...input, x: Array.from(input.x) },
      logits: Array.from(logits),
      loss: lossValue[0]!,
      grad: Array.from(grad),
      gradNorm,
      cure: { form: options.form, h: options.h, value: cure[0]! },
      hessian: {
        // With the full spectrum, the top k are read off it (exact); otherwise they are Lanczos's.
        method: options.full ? 'full' : 'lanczos',
        topk: Array.from(options.full ? full.slice(0, options.topk) : top.values),
        full: Array.from(full),
      },
      grid: {
        u: Array.from(u),
        v: Array.from(v),
        uKind,
        vKind,
        a: Array.from(grid.a),
        b: Array.from(grid.b),
        loss: gridRows(grid.loss, grid.size),
        pred: gridRows(grid.pred, grid.size),
      },
      seed: options.seed,
    } satisfies AnalysisReport);
    return { report, timings: { gradient, lanczos, full: fullMs, grid: gridMs } };
  } finally {
    x.dispose();
  }
}
