import { describe, expect, it } from 'vitest';
import { ballSection, pointInConvexPolygon, signedArea } from '../../src/core/geometry/ballSection';
import { randomOrthogonalDirection } from '../../src/core/geometry/directions';
import { normalize } from '../../src/core/linalg/vector';
import { createRng } from '../../src/core/random';

/** max over coordinates of |a·uᵢ + b·vᵢ|: the ℓ∞ norm of the plane offset, the brute-force reference. */
function linfOffset(u: ArrayLike<number>, v: ArrayLike<number>, a: number, b: number): number {
  let worst = 0;
  for (let i = 0; i < u.length; i++) worst = Math.max(worst, Math.abs(a * u[i]! + b * v[i]!));
  return worst;
}

function l2Offset(u: ArrayLike<number>, v: ArrayLike<number>, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum += (a * u[i]! + b * v[i]!) ** 2;
  return Math.sqrt(sum);
}

/** Vertices as [a, b] pairs sorted by angle, rounded, to compare polygons as sets. */
function vertexSet(polygon: Float64Array): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < polygon.length; k += 2)
    out.push([Number(polygon[k]!.toFixed(12)) + 0, Number(polygon[k + 1]!.toFixed(12)) + 0]);
  return out.sort((p, q) => Math.atan2(p[1]!, p[0]!) - Math.atan2(q[1]!, q[0]!));
}

function randomPlane(seed: number, d: number): { u: Float64Array; v: Float64Array } {
  const rng = createRng(seed);
  const u = randomOrthogonalDirection(d, rng);
  return { u, v: randomOrthogonalDirection(d, rng, [u]) };
}

describe('ballSection, ℓ∞', () => {
  it('u = e1, v = e2 give the square [−ε, ε]², counter-clockwise', () => {
    const polygon = ballSection([1, 0, 0], [0, 1, 0], 0.3, 'linf');
    expect(vertexSet(polygon)).toEqual([
      [-0.3, -0.3],
      [0.3, -0.3],
      [0.3, 0.3],
      [-0.3, 0.3],
    ]);
    expect(signedArea(polygon)).toBeCloseTo(0.36, 12);
  });

  it('a basis rotated by 45° in 2-D gives the diamond with vertices at ±√2·ε on the axes', () => {
    const s = Math.SQRT1_2;
    const polygon = ballSection([s, s], [-s, s], 0.5, 'linf');
    const r = Number((Math.SQRT2 * 0.5).toFixed(12));
    expect(vertexSet(polygon)).toEqual([
      [0, -r],
      [r, 0],
      [0, r],
      [-r, 0],
    ]);
    expect(signedArea(polygon)).toBeCloseTo(1, 12); // (√2·ε)²·2 = 4ε²
  });

  it('random orthonormal u, v in d = 784 agree with brute force on 20,000 points', () => {
    const epsilon = 0.1;
    const rng = createRng(7);
    for (const seed of [1, 2, 3]) {
      const { u, v } = randomPlane(seed, 784);
      // No timing asserted here (speed belongs in benchmarks): it failed once at load 17.
      const polygon = ballSection(u, v, epsilon, 'linf');
      expect(signedArea(polygon)).toBeGreaterThan(0);
      // Every vertex lies on the ball's surface (two active constraints meet there).
      for (let k = 0; k < polygon.length; k += 2)
        expect(Math.abs(linfOffset(u, v, polygon[k]!, polygon[k + 1]!) / epsilon - 1)).toBeLessThan(
          1e-12,
        );
      const extent = Math.max(...Array.from(polygon, Math.abs)) * 1.3;
      let inside = 0;
      let checked = 0;
      for (let n = 0; n < 20_000 / 3; n++) {
        const a = (2 * rng.uniform() - 1) * extent;
        const b = (2 * rng.uniform() - 1) * extent;
        const relative = linfOffset(u, v, a, b) / epsilon;
        // Points within 1e-9 (relative) of the surface are left out: the vertices are exact to
        // ~1e-15, so membership there is decided by rounding, not by geometry.
        if (Math.abs(relative - 1) < 1e-9) continue;
        checked++;
        expect(pointInConvexPolygon(polygon, a, b)).toBe(relative < 1);
        if (relative < 1) inside++;
      }
      expect(checked).toBeGreaterThan(6000);
      expect(inside).toBeGreaterThan(500); // both outcomes are exercised
      expect(checked - inside).toBeGreaterThan(500);
    }
  });

  it('handles the sign direction (all |uᵢ| equal: many repeated constraints) and zero coordinates', () => {
    const rng = createRng(11);
    const d = 784;
    const sign = Float64Array.from({ length: d }, (_, i) =>
      i < 100 ? 0 : Math.sign(rng.normal()),
    );
    const u = normalize(sign)!;
    const v = randomOrthogonalDirection(d, rng, [u]);
    const polygon = ballSection(u, v, 0.2, 'linf');
    expect(signedArea(polygon)).toBeGreaterThan(0);
    // Along u alone the constraint is |a|/√684 ≤ ε.
    const reachAlongU = Math.max(...polygon.filter((_, k) => k % 2 === 0));
    expect(reachAlongU).toBeGreaterThanOrEqual(0.2 * Math.sqrt(684) * (1 - 1e-12));
    for (let k = 0; k < polygon.length; k += 2)
      expect(linfOffset(u, v, polygon[k]!, polygon[k + 1]!)).toBeCloseTo(0.2, 12);
  });

  it('contains the ℓ2 section (‖r‖∞ ≤ ‖r‖₂)', () => {
    const { u, v } = randomPlane(5, 784);
    const linf = ballSection(u, v, 0.1, 'linf');
    const l2 = ballSection(u, v, 0.1, 'l2', { segments: 64 });
    for (let k = 0; k < l2.length; k += 2)
      expect(pointInConvexPolygon(linf, l2[k]!, l2[k + 1]!)).toBe(true);
  });
});

describe('ballSection, ℓ2', () => {
  it('orthonormal u, v: a circle of radius ε, starting on the u axis, counter-clockwise', () => {
    const { u, v } = randomPlane(3, 784);
    const polygon = ballSection(u, v, 0.25, 'l2');
    expect(polygon.length).toBe(2 * 128);
    expect(polygon[0]).toBeCloseTo(0.25, 12); // the radius along u is ε
    expect(polygon[1]).toBeCloseTo(0, 12);
    for (let k = 0; k < polygon.length; k += 2)
      expect(Math.hypot(polygon[k]!, polygon[k + 1]!)).toBeCloseTo(0.25, 12);
    // A regular 128-gon inscribed in the circle: area ½·n·r²·sin(2π/n).
    expect(signedArea(polygon)).toBeCloseTo(0.5 * 128 * 0.0625 * Math.sin((2 * Math.PI) / 128), 12);
  });

  it('non-orthogonal, non-unit u, v: the ellipse (a, b)·G·(a, b)ᵀ = ε²', () => {
    const u = [2, 0, 0];
    const v = [1, 1, 0.5];
    const polygon = ballSection(u, v, 0.3, 'l2', { segments: 12 });
    expect(polygon.length).toBe(24);
    expect(polygon[0]).toBeCloseTo(0.15, 12); // ε/‖u‖ along the a axis
    for (let k = 0; k < polygon.length; k += 2)
      expect(l2Offset(u, v, polygon[k]!, polygon[k + 1]!)).toBeCloseTo(0.3, 12);
    expect(signedArea(polygon)).toBeGreaterThan(0);
  });
});

describe('ballSection, edge cases', () => {
  it('ε = 0 is the single point (0, 0)', () => {
    expect(Array.from(ballSection([1, 0], [0, 1], 0, 'linf'))).toEqual([0, 0]);
    expect(Array.from(ballSection([1, 0], [0, 1], 0, 'l2'))).toEqual([0, 0]);
    expect(pointInConvexPolygon(new Float64Array(2), 0, 0)).toBe(true);
    expect(pointInConvexPolygon(new Float64Array(2), 1e-9, 0)).toBe(false);
  });

  it('rejects parallel directions (an unbounded strip), bad ε, mismatched lengths', () => {
    expect(() => ballSection([1, 1], [2, 2], 0.1, 'linf')).toThrow(/independent/);
    expect(() => ballSection([1, 1], [2, 2], 0.1, 'l2')).toThrow(/independent/);
    expect(() => ballSection([1, 0], [0, 1], -1, 'l2')).toThrow(/epsilon/);
    expect(() => ballSection([1, 0], [0, 1], NaN, 'l2')).toThrow(/epsilon/);
    expect(() => ballSection([1, 0], [0, 1, 0], 0.1, 'l2')).toThrow(/values/);
    expect(() => ballSection([1, 0], [0, 1], 0.1, 'l2', { segments: 2 })).toThrow(/segments/);
  });

  it('pointInConvexPolygon includes the boundary and excludes the outside', () => {
    const square = ballSection([1, 0], [0, 1], 1, 'linf');
    expect(pointInConvexPolygon(square, 0, 0)).toBe(true);
    expect(pointInConvexPolygon(square, 1, 0.5)).toBe(true);
    expect(pointInConvexPolygon(square, 1.001, 0)).toBe(false);
    expect(pointInConvexPolygon(square, 0, -1.001)).toBe(false);
  });
});
