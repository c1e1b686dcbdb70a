import { describe, expect, it } from 'vitest';
import { decisionBoundarySegments } from '../../src/core/geometry/boundaryLines';

const N = 33;

/** Samples K affine logits fₖ(i, j) = wₖ·(i, j) + cₖ on the N×N index grid: argmax and top-two
 * margin per cell (what `landscapeGrid` returns for a linear model). */
function sample(logits: readonly [number, number, number][], size = N) {
  const pred = new Uint8Array(size * size);
  const margin = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const values = logits.map(([wi, wj, c]) => wi * i + wj * j + c);
      const order = values.map((_, k) => k).sort((p, q) => values[q]! - values[p]!);
      pred[i * size + j] = order[0]!;
      margin[i * size + j] = values[order[0]!]! - values[order[1]!]!;
    }
  }
  return { pred, margin };
}

/** Distance from (i, j) to the segment p→q. */
function distanceToSegment(i: number, j: number, p: number[], q: number[]): number {
  const [di, dj] = [q[0]! - p[0]!, q[1]! - p[1]!];
  const length2 = di * di + dj * dj;
  const t =
    length2 > 0 ? Math.max(0, Math.min(1, ((i - p[0]!) * di + (j - p[1]!) * dj) / length2)) : 0;
  return Math.hypot(i - p[0]! - t * di, j - p[1]! - t * dj);
}

function segmentsOf(flat: Float32Array): number[][][] {
  const out: number[][][] = [];
  for (let k = 0; k < flat.length; k += 4)
    out.push([
      [flat[k]!, flat[k + 1]!],
      [flat[k + 2]!, flat[k + 3]!],
    ]);
  return out;
}

const nearestSegment = (segments: number[][][], i: number, j: number) =>
  Math.min(...segments.map(([p, q]) => distanceToSegment(i, j, p!, q!)));

describe('decisionBoundarySegments', () => {
  // A two-class linear classifier: logits (0, f) with f = 0.7·i − 1.1·j + 6.3, so the class is
  // 1 where f > 0, the margin is |f| exactly, and the boundary is the line f = 0.
  const line = { wi: 0.7, wj: -1.1, c: 6.3 };
  const f = (i: number, j: number) => line.wi * i + line.wj * j + line.c;
  const twoClass = sample([
    [0, 0, 0],
    [line.wi, line.wj, line.c],
  ]);

  it('puts every endpoint of a linear boundary on the true line (1e-5 cells)', () => {
    const segments = decisionBoundarySegments(twoClass.pred, twoClass.margin, N);
    expect(segments.length).toBeGreaterThan(0);
    const norm = Math.hypot(line.wi, line.wj);
    for (let k = 0; k < segments.length; k += 2) {
      // Float32 output: positions up to 32 carry ~2e-6 of rounding, well under the tolerance.
      expect(Math.abs(f(segments[k]!, segments[k + 1]!)) / norm).toBeLessThan(1e-5);
    }
  });

  it('covers the line across the grid: total length = chord length, no gaps', () => {
    const segments = segmentsOf(decisionBoundarySegments(twoClass.pred, twoClass.margin, N));
    // The chord of f = 0 inside [0, N−1]²: j = (0.7·i + 6.3)/1.1 runs from 5.7 at i = 0 to 26.1
    // at i = 32, so it enters through the edge i = 0 and leaves through i = 32.
    const jOf = (i: number) => (line.wi * i + line.c) / -line.wj;
    const iEnd = N - 1;
    expect(jOf(0)).toBeGreaterThan(0);
    expect(jOf(iEnd)).toBeLessThan(N - 1);
    const chord = Math.hypot(iEnd, jOf(iEnd) - jOf(0));
    const total = segments.reduce(
      (sum, [p, q]) => sum + Math.hypot(q![0]! - p![0]!, q![1]! - p![1]!),
      0,
    );
    expect(Math.abs(total - chord) / chord).toBeLessThan(1e-5);
    for (let s = 0; s <= 200; s++) {
      const i = (iEnd * s) / 200;
      expect(nearestSegment(segments, i, jOf(i))).toBeLessThan(1e-5);
    }
  });

  it('makes one segment per square that the line crosses (brute-force count)', () => {
    const segments = decisionBoundarySegments(twoClass.pred, twoClass.margin, N);
    let crossed = 0;
    for (let i = 0; i + 1 < N; i++)
      for (let j = 0; j + 1 < N; j++) {
        const corners = [f(i, j), f(i, j + 1), f(i + 1, j), f(i + 1, j + 1)].map((x) => x > 0);
        if (corners.some((x) => x !== corners[0])) crossed++;
      }
    expect(crossed).toBeGreaterThan(N - 1); // a diagonal-ish line crosses more than one row of squares
    expect(segments.length / 4).toBe(crossed);
  });

  it('gives no segments on a uniform grid', () => {
    const pred = new Uint8Array(N * N).fill(3);
    const margin = new Float32Array(N * N).fill(2);
    expect(decisionBoundarySegments(pred, margin, N).length).toBe(0);
  });

  it('draws three rays where three classes meet at a point, joined near the junction', () => {
    // Logits θₖ·(p − centre) with θₖ at 90°, 210°, 330°: the class regions are three 120° sectors
    // meeting at the centre, with boundaries along the rays at 30°, 150° and 270°.
    const centre = [15.3, 16.6];
    const angles = [90, 210, 330].map((deg) => (deg * Math.PI) / 180);
    const logits = angles.map(
      (t) =>
        [Math.cos(t), Math.sin(t), -(Math.cos(t) * centre[0]! + Math.sin(t) * centre[1]!)] as [
          number,
          number,
          number,
        ],
    );
    const { pred, margin } = sample(logits);
    const segments = segmentsOf(decisionBoundarySegments(pred, margin, N));
    const rays = [30, 150, 270].map((deg) => [
      Math.cos((deg * Math.PI) / 180),
      Math.sin((deg * Math.PI) / 180),
    ]);
    const distanceToRays = (i: number, j: number) =>
      Math.min(
        ...rays.map(([ri, rj]) =>
          distanceToSegment(i, j, centre, [centre[0]! + 100 * ri!, centre[1]! + 100 * rj!]),
        ),
      );
    for (const [p, q] of segments)
      for (const [i, j] of [p!, q!]) {
        const fromCentre = Math.hypot(i! - centre[0]!, j! - centre[1]!);
        // Beyond two cells every square sees two classes whose margin is linear: exact. Near the
        // junction the third class bends the interpolation; the centroid is within a cell.
        expect(distanceToRays(i!, j!)).toBeLessThan(fromCentre > 2 ? 1e-4 : 1);
      }
    // Each ray is drawn from two cells out to the edge of the grid.
    for (const [ri, rj] of rays)
      for (let r = 2; r < 14; r += 0.25)
        expect(nearestSegment(segments, centre[0]! + r * ri!, centre[1]! + r * rj!)).toBeLessThan(
          1e-4,
        );
    // Three rays of ~14–17 cells: roughly one segment per square they cross, a few dozen in all.
    expect(segments.length).toBeGreaterThan(40);
    expect(segments.length).toBeLessThan(120);
  });

  it('rejects mismatched sizes', () => {
    expect(() => decisionBoundarySegments(new Uint8Array(8), new Float32Array(9), 3)).toThrow(/3²/);
    expect(() => decisionBoundarySegments(new Uint8Array(1), new Float32Array(1), 1)).toThrow(
      /size/,
    );
  });
});
