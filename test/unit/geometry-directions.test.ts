import { describe, expect, it } from 'vitest';
import {
  normalDirection,
  orientAlong,
  planeDirections,
  randomOrthogonalDirection,
  signDirection,
} from '../../src/core/geometry';
import { dot, norm, normalize, orthogonalize } from '../../src/core/linalg/vector';
import { createRng } from '../../src/core/random';
import { normals } from '../kit';

const d = 784;
const g = normals(d, 1);

describe('plane directions', () => {
  it('normal n = g/‖g‖: unit, along g; null for g = 0', () => {
    const n = normalDirection(g)!;
    expect(Math.abs(norm(n) - 1)).toBeLessThan(1e-14); // float64 rounding of a 784-term sum
    expect(Math.abs(dot(n, g) - norm(g))).toBeLessThan(1e-12 * norm(g));
    expect(normalDirection(new Float32Array(d))).toBeNull();
  });

  it('sign variant sign(g)/‖sign(g)‖: ±1/√d, stays unit when some gᵢ = 0; null for g = 0', () => {
    const s = signDirection(g)!;
    s.forEach((si, i) => expect(si).toBe(Math.sign(g[i]!) / Math.sqrt(d))); // 1/√784 = 1/28 exact
    const withZeros = signDirection([0, 2, -3, 0])!;
    [0, Math.SQRT1_2, -Math.SQRT1_2, 0].forEach((e, i) => expect(withZeros[i]).toBeCloseTo(e, 15));
    expect(signDirection([0, 0])).toBeNull();
  });

  it('random direction: seeded, unit, orthogonal to every vector it is asked to avoid', () => {
    const n = normalDirection(g)!;
    const r1 = randomOrthogonalDirection(d, createRng(5), [n]);
    const r2 = randomOrthogonalDirection(d, createRng(5), [n]);
    const r3 = randomOrthogonalDirection(d, createRng(6), [n]);
    expect(Array.from(r1)).toEqual(Array.from(r2)); // same seed, same bits
    expect(Math.abs(dot(r1, r3))).toBeLessThan(0.2); // independent draws: |cos| ~ 1/√d
    expect(Math.abs(norm(r1) - 1)).toBeLessThan(1e-14); // float64 rounding
    // Two Gram–Schmidt passes: orthogonal to float64 rounding.
    expect(Math.abs(dot(r1, n))).toBeLessThan(1e-15);
    // Non-orthonormal vectors to avoid are orthonormalized first.
    const others = [g, normals(d, 2), normals(d, 3, 5)];
    const r4 = randomOrthogonalDirection(d, createRng(1), others);
    others.forEach((o) => expect(Math.abs(dot(r4, o))).toBeLessThan(1e-13 * norm(o)));
  });

  it('random direction rejects bad inputs', () => {
    expect(() => randomOrthogonalDirection(3, createRng(0), [[1, 0]])).toThrow(/length/);
    expect(() =>
      randomOrthogonalDirection(2, createRng(0), [
        [1, 0],
        [0, 1],
      ]),
    ).toThrow(/full basis/);
  });

  it('orientAlong flips u so that gᵀu ≥ 0', () => {
    expect(Array.from(orientAlong([1, -1], [-2, 1]))).toEqual([-1, 1]);
    expect(Array.from(orientAlong([1, -1], [2, 1]))).toEqual([1, -1]);
  });
});

describe('planeDirections', () => {
  const grad = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i + 1));
  const eigen = Float64Array.from({ length: 50 }, (_, i) => Math.cos(3 * i));

  it('u is the normal, v the eigenvector made orthogonal to u, both unit', () => {
    const plane = planeDirections(grad, 'eigenvector', eigen, createRng(1));
    expect(plane.uKind).toBe('normal');
    expect(plane.vKind).toBe('eigenvector');
    expect(norm(plane.u)).toBeCloseTo(1, 12);
    expect(norm(plane.v)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-12);
    expect(dot(plane.u, grad)).toBeCloseTo(norm(grad), 12);
    // v lies in span(u, eigen): removing its u and eigen parts leaves nothing.
    const e = normalize(orthogonalize(eigen, [plane.u]))!;
    expect(Math.abs(dot(plane.v, e))).toBeCloseTo(1, 12);
  });

  it('falls back to a seeded random v ⟂ u, and a random u when the gradient is 0', () => {
    const random = planeDirections(grad, 'eigenvector', null, createRng(1));
    expect(random.vKind).toBe('random');
    expect(random.v).toEqual(planeDirections(grad, 'random', eigen, createRng(1)).v);
    const along = planeDirections(grad, 'eigenvector', grad, createRng(1));
    expect(along.vKind).toBe('random'); // the eigenvector is u itself: no plane from it
    const none = planeDirections(new Float64Array(50), 'random', null, createRng(2));
    expect(none.uKind).toBe('random');
    expect(Math.abs(dot(none.u, none.v))).toBeLessThan(1e-12);
  });
});
