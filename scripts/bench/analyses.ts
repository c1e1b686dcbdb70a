/**
 * The analysis benchmark of `npm run bench`, shared by node and the browser page (no node or DOM
 * APIs; callers pick the backend): on the MNIST MLP at one seeded input,
 * - the 65² loss grid (`landscapeGrid`: loss, class, margin and confidence per cell) against one
 *   plain forward pass (`model.predict`) of 4,225 inputs — the grid's overhead over the forward
 *   passes it cannot avoid;
 * - Lanczos top-10 on exact input HVPs, a fixed 60 products (tolerance 0, so every run does the
 *   same work; the app's default stops on its residuals after ~60 for k = 10);
 * - the full 784 spectrum: the input Hessian from 784 batched HVPs, then the dense eigensolver.
 * Contenders are interleaved run by run; each figure is a median of `runs` after `warmup`.
 * scripts/bench/peer.py times the same work in PyTorch.
 */
import * as tf from '@tensorflow/tfjs';
import {
  crossEntropyLoss,
  fullInputSpectrum,
  hessianTopK,
  modelLogits,
} from '../../src/core/curvature';
import { landscapeGrid } from '../../src/core/geometry';
import { buildMnistMlp } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { nowMs } from '../../src/core/training';

export const GRID_SIZE = 65;
export const LANCZOS_PRODUCTS = 60;
const LABEL = 3;

export interface AnalysisRow {
  readonly backend: string;
  readonly runs: number;
  /** Median ms of each contender. */
  readonly gridMs: number;
  readonly forwardMs: number;
  /** Median of the per-run ratios grid ÷ forward (each pair measured back to back). */
  readonly gridOverForward: number;
  readonly lanczosMs: number;
  /** Building H from 784 HVPs, and the eigensolver, of the full-spectrum runs. */
  readonly hessianMs: number;
  readonly eigenMs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function unitVector(seed: number, length: number): Float32Array {
  const rng = createRng(seed);
  const v = Float32Array.from({ length }, () => rng.normal());
  const norm = Math.hypot(...v);
  return v.map((value) => value / norm);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  await work();
  return nowMs() - start;
}

export async function measureAnalyses(
  options: { readonly runs: number; readonly warmup: number },
  log: (line: string) => void,
): Promise<AnalysisRow> {
  const model = buildMnistMlp({ seed: 1 });
  const rng = createRng(2);
  const x = tf.tensor4d(
    Float32Array.from({ length: 784 }, () => rng.uniform()),
    [1, 28, 28, 1],
  );
  const cells = GRID_SIZE * GRID_SIZE;
  const plainInputs = tf.randomUniform([cells, 28, 28, 1], 0, 1, 'float32', 4);
  const u = unitVector(5, 784);
  const v = unitVector(6, 784);
  const loss = crossEntropyLoss(model, LABEL);
  const times = { grid: [] as number[], forward: [] as number[], ratio: [] as number[] };
  const lanczos: number[] = [];
  const hessian: number[] = [];
  const eigen: number[] = [];
  const backend = tf.getBackend();
  try {
    for (let run = 0; run < options.warmup + options.runs; run++) {
      const grid = await timed(() =>
        landscapeGrid(modelLogits(model), x, LABEL, u, v, { radius: 2, size: GRID_SIZE }),
      );
      const forward = await timed(async () => {
        // One batch, as the grid (predict would split it into batches of 32).
        const out = model.predict(plainInputs, { batchSize: cells }) as tf.Tensor;
        await out.data();
        out.dispose();
      });
      const top = await timed(() =>
        hessianTopK(loss, x, {
          k: 10,
          seed: 7,
          maxIterations: LANCZOS_PRODUCTS,
          tolerance: 0,
        }),
      );
      const spectrum = await fullInputSpectrum(loss, x);
      const line = `grid ${grid.toFixed(0)} · forward ${forward.toFixed(0)} · Lanczos ${top.toFixed(0)} · H ${spectrum.hessianMs.toFixed(0)} + eig ${spectrum.eigenMs.toFixed(0)} ms`;
      if (run < options.warmup) {
        log(`  [${backend} analyses] warm-up: ${line}`);
        continue;
      }
      log(`  [${backend} analyses] run ${run - options.warmup + 1}/${options.runs}: ${line}`);
      times.grid.push(grid);
      times.forward.push(forward);
      times.ratio.push(grid / forward);
      lanczos.push(top);
      hessian.push(spectrum.hessianMs);
      eigen.push(spectrum.eigenMs);
    }
  } finally {
    tf.dispose([x, plainInputs]);
    model.dispose();
  }
  return {
    backend,
    runs: options.runs,
    gridMs: median(times.grid),
    forwardMs: median(times.forward),
    gridOverForward: median(times.ratio),
    lanczosMs: median(lanczos),
    hessianMs: median(hessian),
    eigenMs: median(eigen),
  };
}
