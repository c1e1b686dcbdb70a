import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { crossEntropyLoss, finiteDifferenceTopK, hessianTopK } from '../../src/core/curvature';
import { boundsAnalysis, curvatureMeanAnalysis } from '../../src/core/lab/batchAnalysis';
import { buildMlp, disposeModel } from '../../src/core/models';
import { expectNoLeakAsync, normal, REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

describe('curvatureMeanAnalysis', () => {
  it('is each point’s exact and finite-difference λmax (seed + p) and their means; the bounds reuse its eigenpairs', async () => {
    const model = buildMlp({
      inputShape: [5],
      hiddenUnits: [8],
      numClasses: 3,
      activation: 'relu',
      seed: 2,
    });
    const labels = [0, 2, 1];
    const x = normal([3, 5], 6);
    const y = tf.tensor1d(labels, 'int32');
    const points = { x, y };
    const fdH = 0.4;
    const seed = 9;
    const result = await expectNoLeakAsync(() =>
      curvatureMeanAnalysis(model, points, { fdH, seed }),
    );
    expect(result.count).toBe(3);
    expect(result.fdH).toBe(fdH);
    for (let p = 0; p < labels.length; p++) {
      const xp = tf.slice(x, p, 1);
      const loss = crossEntropyLoss(model, labels[p]!);
      const exact = await hessianTopK(loss, xp, { k: 1, seed: seed + p });
      const fd = await finiteDifferenceTopK(loss, xp, fdH, { k: 1, seed: seed + p });
      xp.dispose();
      // Batched and single passes agree to float32 rounding.
      expect(result.exact[p]!).toBeCloseTo(exact.values[0]!, 5);
      expect(result.fd[p]!).toBeCloseTo(fd.values[0]!, 4);
    }
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(result.exactMean).toBeCloseTo(mean(result.exact), 12);
    expect(result.fdMean).toBeCloseTo(mean(result.fd), 12);

    // Same points, k = 1, same seed: the bounds with the means' eigenpairs are the bounds.
    const options = { c: 0.5, maxRadius: 3, seed };
    const own = await boundsAnalysis(model, points, options);
    const reused = await boundsAnalysis(model, points, { ...options, eigen: result.eigen });
    expect(Array.from(reused.nu)).toEqual(Array.from(own.nu));
    expect(Array.from(reused.lower)).toEqual(Array.from(own.lower));
    expect(Array.from(reused.rho)).toEqual(Array.from(own.rho));
    tf.dispose([x, y]);
    disposeModel(model);
  });
});
