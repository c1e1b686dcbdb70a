import { describe, expect, it } from 'vitest';
import { createRng, permutation, restoreRng } from '../../src/core/random';

describe('createRng', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 5 }, () => a.uniform());
    const seqB = Array.from({ length: 5 }, () => b.uniform());
    const seqC = Array.from({ length: 5 }, () => c.uniform());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('draws normals with mean ≈ 0 and variance ≈ 1', () => {
    const rng = createRng(7);
    const n = 20_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;
    // Standard error of the mean is 1/√n ≈ 0.007; 0.03 is > 4 standard errors.
    expect(Math.abs(mean)).toBeLessThan(0.03);
    // Standard error of the variance is √(2/n) ≈ 0.01; 0.05 is 5 of them.
    expect(Math.abs(sumSq / n - mean * mean - 1)).toBeLessThan(0.05);
  });
});

describe('generator state', () => {
  it('restoreRng(state()) draws exactly what the original draws next, spare normal included', () => {
    const rng = createRng(42);
    for (let i = 0; i < 7; i++) rng.uniform();
    rng.normal(); // leaves a spare normal: it must be part of the state
    const copy = restoreRng(structuredClone(rng.state()));
    const draws = (r: typeof rng) => [r.normal(), r.uniform(), r.int(1000), r.normal()];
    expect(draws(copy)).toEqual(draws(rng));
    expect(rng.state()).toEqual(copy.state());
    // A state without the spare differs from one with it.
    const other = restoreRng({ ...rng.state(), spareNormal: null });
    expect(other.state().spareNormal).toBeNull();
  });
});

describe('permutation', () => {
  it('is a permutation of 0..n-1 and is seeded', () => {
    const p = permutation(100, createRng(1));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation(100, createRng(1))).toEqual(p);
    expect(permutation(100, createRng(2))).not.toEqual(p);
  });
});
