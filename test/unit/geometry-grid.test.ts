import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { modelLogits } from '../../src/core/curvature';
import {
  gridCoordinates,
  gridRows,
  landscapeGrid,
  normalDirection,
  randomOrthogonalDirection,
  topTwoMargin,
  type LandscapeGrid,
} from '../../src/core/geometry';
import { perSampleCrossEntropy } from '../../src/core/loss';
import { buildMnistCnn, buildMnistMlp, logitsOf, planOf } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import {
  expectNoLeak,
  expectNoLeakAsync,
  normals,
  readSync,
  REFERENCE_BACKEND,
  useBackend,
} from '../kit';

useBackend(REFERENCE_BACKEND);

describe('gridCoordinates', () => {
  it('spans [−R, R] evenly, exactly antisymmetric, 0 at the centre', () => {
    const a = gridCoordinates(2.5, 11);
    expect(a[0]).toBe(-2.5);
    expect(a[10]).toBe(2.5);
    expect(a[5]).toBe(0);
    a.forEach((ai, i) => {
      expect(ai + a[10 - i]!).toBe(0); // exact antisymmetry
      expect(Math.abs(ai - (-2.5 + 0.5 * i))).toBeLessThan(1e-15); // one rounding
    });
    expect(() => gridCoordinates(1, 1)).toThrow(/size/);
    expect(() => gridCoordinates(0, 5)).toThrow(/radius/);
  });

  it('gridRows lays out rows[i][j] = values[i·N + j]', () => {
    expect(gridRows([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    expect(() => gridRows([1, 2, 3], 2)).toThrow(/2²/);
  });

  it('topTwoMargin is the top logit minus the second', () => {
    const got = expectNoLeak(() =>
      tf.tidy(() =>
        readSync(
          topTwoMargin(
            tf.tensor2d([
              [1, 5, 3],
              [2, 2, -1],
            ]),
          ),
        ),
      ),
    );
    expect(got).toEqual([2, 0]);
  });
});

/** What one input point gives when evaluated on its own (the reference for each cell). */
function direct(model: tf.LayersModel, point: number[], label: number) {
  return tf.tidy(() => {
    const x = tf.tensor(point, [1, ...planOf(model).inputShape]);
    const logits = logitsOf(model, x);
    const loss = readSync(perSampleCrossEntropy(logits, tf.tensor1d([label], 'int32')))[0]!;
    const z = readSync(logits);
    const sorted = [...z].sort((p, q) => q - p);
    // Softmax of the top class in float64: 1 / Σ exp(z_k − z_max).
    const confidence = 1 / z.reduce((sum, zk) => sum + Math.exp(zk - sorted[0]!), 0);
    return { loss, pred: z.indexOf(sorted[0]!), margin: sorted[0]! - sorted[1]!, confidence };
  });
}

/** Checks cells (i, j) of a grid against direct single-input evaluations. */
function expectCellsMatch(
  model: tf.LayersModel,
  grid: LandscapeGrid,
  x: number[],
  u: Float64Array,
  v: Float64Array,
  label: number,
  cells: [number, number][],
) {
  for (const [i, j] of cells) {
    const a = grid.a[i]!;
    const b = grid.b[j]!;
    const point = x.map((xk, k) => Math.fround(xk + a * u[k]! + b * v[k]!));
    const ref = direct(model, point, label);
    const k = i * grid.size + j;
    // The grid builds the point with float32 ops, the reference rounds it once from float64:
    // ~1 ulp per coordinate, ~1e-7 relative in the logits. 1e-5 leaves a wide margin.
    expect(Math.abs(grid.loss[k]! - ref.loss)).toBeLessThan(1e-5 * Math.max(1, ref.loss));
    expect(Math.abs(grid.margin[k]! - ref.margin)).toBeLessThan(1e-5 * Math.max(1, ref.margin));
    if (ref.margin > 1e-4) expect(grid.pred[k]).toBe(ref.pred); // a near-tie may round either way
    // A probability in [0, 1]: float32 softmax rounding is ~1e-7; 1e-5 as for the loss.
    expect(Math.abs(grid.confidence[k]! - ref.confidence)).toBeLessThan(1e-5);
  }
}

describe('landscapeGrid on an MNIST MLP', () => {
  const model = buildMnistMlp({ seed: 12, hiddenUnits: [32, 16] });
  const rng = createRng(4);
  const x = Array.from({ length: 784 }, () => Math.fround(rng.uniform()));
  const u = normalDirection(normals(784, 8))!;
  const v = randomOrthogonalDirection(784, rng, [u]);
  const label = 3;

  async function grid(size: number, chunkSize?: number) {
    return expectNoLeakAsync(async () => {
      const xt = tf.tensor(x, [1, 28, 28, 1]);
      try {
        const options = { radius: 12, size, ...(chunkSize ? { chunkSize } : {}) };
        return await landscapeGrid(modelLogits(model), xt, label, u, v, options);
      } finally {
        xt.dispose();
      }
    });
  }

  it('7×7: every cell equals a direct single-input evaluation', async () => {
    const g = await grid(7);
    expect(g.loss.length).toBe(49);
    const all = Array.from(
      { length: 49 },
      (_, k) => [Math.floor(k / 7), k % 7] as [number, number],
    );
    expectCellsMatch(model, g, x, u, v, label, all);
    expect(new Set(g.pred).size).toBeGreaterThan(1); // the slice crosses a decision boundary
  });

  it('33×33 in chunks of 100: sampled cells match, and chunking changes nothing', async () => {
    const chunked = await grid(33, 100);
    const whole = await grid(33);
    const sample = createRng(9);
    const cells = Array.from(
      { length: 25 },
      () => [sample.int(33), sample.int(33)] as [number, number],
    );
    expectCellsMatch(model, chunked, x, u, v, label, [...cells, [0, 0], [32, 32], [16, 16]]);
    // Rows are computed independently: the same numbers whatever the batch they ride in
    // (measured bit-identical on cpu; 1e-6 allows a backend that blocks matMul differently).
    chunked.loss.forEach((l, k) => expect(Math.abs(l - whole.loss[k]!)).toBeLessThan(1e-6));
    expect(Array.from(chunked.pred)).toEqual(Array.from(whole.pred));
  });

  it('rejects a batch, or directions of the wrong length', async () => {
    const xt = tf.zeros([2, 28, 28, 1]);
    const opts = { radius: 1, size: 3 };
    await expect(landscapeGrid(modelLogits(model), xt, 0, u, v, opts)).rejects.toThrow(/one input/);
    const x1 = tf.zeros([1, 28, 28, 1]);
    await expect(landscapeGrid(modelLogits(model), x1, 0, [1, 2], v, opts)).rejects.toThrow(
      /u has/,
    );
    tf.dispose([xt, x1]);
  });
});

describe('landscapeGrid on an MNIST CNN (conv + max-pool path)', () => {
  it('3×3: every cell equals a direct single-input evaluation', async () => {
    const model = buildMnistCnn({ seed: 2, filters: [4, 4] });
    const rng = createRng(1);
    const x = Array.from({ length: 784 }, () => Math.fround(rng.uniform()));
    const u = normalDirection(normals(784, 3))!;
    const v = randomOrthogonalDirection(784, rng, [u]);
    const g = await expectNoLeakAsync(async () => {
      const xt = tf.tensor(x, [1, 28, 28, 1]);
      const out = await landscapeGrid(modelLogits(model), xt, 0, u, v, { radius: 5, size: 3 });
      xt.dispose();
      return out;
    });
    const all = Array.from({ length: 9 }, (_, k) => [Math.floor(k / 3), k % 3] as [number, number]);
    expectCellsMatch(model, g, x, u, v, 0, all);
    model.dispose();
  });
});
