import { describe, expect, it } from 'vitest';
import {
  buildLut,
  lutIndex,
  parseCssColour,
  srgbToLinear,
  VIRIDIS_LUT,
} from '../../src/ui/landscape/colormap';
import { contourSegments, contourThresholds } from '../../src/ui/landscape/contours';
import { formatValue } from '../../src/ui/landscape/format';
import {
  BOX_HEIGHT,
  heightToLoss,
  lossToHeight,
  usableRange,
} from '../../src/ui/landscape/heightMap';
import {
  centreHeight,
  fillGridXZ,
  fillSurface,
  gridIndices,
  gridLineIndices,
  gridWorld,
} from '../../src/ui/landscape/surfaceMath';

/** A grid of f(a, b) over [−R, R]², row-major i·N + j with a = a_i, b = b_j. */
function grid(size: number, radius: number, f: (a: number, b: number) => number): Float32Array {
  const out = new Float32Array(size * size);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      const a = -radius + (2 * radius * i) / (size - 1);
      const b = -radius + (2 * radius * j) / (size - 1);
      out[i * size + j] = f(a, b);
    }
  return out;
}

function buffers(size: number) {
  const n = 3 * size * size;
  return {
    positions: new Float32Array(n),
    colours: new Float32Array(n),
    normals: new Float32Array(n),
  };
}

describe('height mapping', () => {
  it('round-trips inside the range and clamps outside it', () => {
    for (const loss of [0.2, 0.5, 1.7])
      expect(heightToLoss(lossToHeight(loss, 0.2, 1.7), 0.2, 1.7)).toBeCloseTo(loss, 12);
    expect(lossToHeight(-5, 0, 1)).toBe(0);
    expect(lossToHeight(5, 0, 1)).toBe(BOX_HEIGHT);
    expect(lossToHeight(Infinity, 0, 1)).toBe(BOX_HEIGHT);
    expect(lossToHeight(NaN, 0, 1)).toBe(BOX_HEIGHT);
  });

  it('makes degenerate ranges usable', () => {
    expect(usableRange([1, 1])).toEqual([0.5, 1.5]);
    expect(usableRange([2, 1])).toEqual([1.5, 2.5]);
    expect(usableRange([0, 3])).toEqual([0, 3]);
  });
});

describe('colour map table', () => {
  it('decodes sRGB to linear and matches viridis at both ends', () => {
    expect(parseCssColour('#440154')).toEqual([0x44 / 255, 0x01 / 255, 0x54 / 255]);
    expect(parseCssColour('rgb(255, 0, 10)')).toEqual([1, 0, 10 / 255]);
    expect(srgbToLinear(1)).toBeCloseTo(1, 12);
    expect(srgbToLinear(0.5)).toBeCloseTo(0.214041, 5);
    expect(VIRIDIS_LUT[0]).toBeCloseTo(srgbToLinear(0x44 / 255), 6);
    const last = VIRIDIS_LUT.length - 3;
    expect(
      [VIRIDIS_LUT[last], VIRIDIS_LUT[last + 1], VIRIDIS_LUT[last + 2]].map((c) => c!.toFixed(4)),
    ).toEqual(parseCssColour('#fde725').map((c) => srgbToLinear(c).toFixed(4)));
  });

  it('indexes with clamping', () => {
    expect(lutIndex(-1, 256)).toBe(0);
    expect(lutIndex(0.5, 256)).toBe(128);
    expect(lutIndex(2, 256)).toBe(255);
    expect(buildLut(() => '#ffffff', 4)).toEqual(new Float32Array(12).fill(1));
  });
});

describe('surface buffers', () => {
  it('lays the grid out as the data does: vertex i·N + j at (a_i, −b_j)', () => {
    const size = 5;
    const out = buffers(size);
    fillGridXZ(size, out.positions);
    // (i, j) = (4, 1): a = +R, b = −R/2 → x = 1, z = +0.5.
    expect(out.positions[3 * (4 * size + 1)]).toBe(1);
    expect(out.positions[3 * (4 * size + 1) + 2]).toBe(0.5);
    expect(gridWorld(2, 5)).toBe(0);
  });

  it('reads the centre loss back from the heights', () => {
    const size = 65;
    const loss = grid(size, 0.5, (a, b) => 0.3 + 4 * a * a + 0.5 * b);
    const out = buffers(size);
    fillGridXZ(size, out.positions);
    fillSurface(loss, size, 0.1, 2.1, VIRIDIS_LUT, out);
    expect(heightToLoss(centreHeight(size, out.positions), 0.1, 2.1)).toBeCloseTo(0.3, 6);
  });

  it('computes unit normals that tilt against the slope', () => {
    const size = 9;
    const loss = grid(size, 1, (a) => a); // rises along a = +x
    const out = buffers(size);
    fillGridXZ(size, out.positions);
    fillSurface(loss, size, -1, 1, VIRIDIS_LUT, out);
    const k = 3 * (4 * size + 4);
    const [nx, ny, nz] = [out.normals[k]!, out.normals[k + 1]!, out.normals[k + 2]!];
    expect(Math.hypot(nx, ny, nz)).toBeCloseTo(1, 6);
    // Height goes from 0 to BOX_HEIGHT over x ∈ [−1, 1]: slope BOX_HEIGHT / 2.
    expect(nx / ny).toBeCloseTo(-BOX_HEIGHT / 2, 5);
    expect(nz).toBeCloseTo(0, 6);
  });

  it('winds triangles counter-clockwise seen from above and indexes every vertex', () => {
    const size = 3;
    const out = buffers(size);
    fillGridXZ(size, out.positions);
    const indices = gridIndices(size);
    expect(indices.length).toBe(6 * 4);
    const p = (v: number) => [out.positions[3 * v]!, out.positions[3 * v + 2]!] as const;
    for (let t = 0; t < indices.length; t += 3) {
      const [a, b, c] = [p(indices[t]!), p(indices[t + 1]!), p(indices[t + 2]!)];
      // y-component of (b − a) × (c − a) = (bz − az)(cx − ax) − (bx − ax)(cz − az): > 0 is CCW from +y.
      const crossY = (b[1] - a[1]) * (c[0] - a[0]) - (b[0] - a[0]) * (c[1] - a[1]);
      expect(crossY).toBeGreaterThan(0);
    }
    expect(gridIndices(257)).toBeInstanceOf(Uint32Array);
    // Rows and columns 0, 2, 4 of a 5×5 grid touch all but the 4 vertices at odd (i, j).
    expect(new Set(gridLineIndices(5, 2)).size).toBe(21);
  });
});

describe('floor contours', () => {
  it('spaces thresholds evenly strictly inside the range', () => {
    expect(contourThresholds(0, 10, 4)).toEqual([2, 4, 6, 8]);
  });

  it('finds straight isolines of a ramp at the right place, without the border', () => {
    const size = 33;
    const loss = grid(size, 1, (a) => a); // a_i = −1 + 2i/32: level t is at i = 16(t + 1)
    const { points, level, count } = contourSegments(loss, size, [-0.5, 0.25]);
    expect(count).toBeGreaterThan(0);
    for (let s = 0; s < count; s++) {
      const expected = 16 * ((level[s] === 0 ? -0.5 : 0.25) + 1);
      expect(points[4 * s]).toBeCloseTo(expected, 4);
      expect(points[4 * s + 2]).toBeCloseTo(expected, 4);
    }
    // Each level spans the whole b axis once: its segments' j-lengths sum to N − 1.
    let span = 0;
    for (let s = 0; s < count; s++)
      if (level[s] === 0) span += Math.abs(points[4 * s + 3]! - points[4 * s + 1]!);
    expect(span).toBeCloseTo(size - 1, 4);
  });

  it('traces a circle for a bowl', () => {
    const size = 65;
    const loss = grid(size, 1, (a, b) => a * a + b * b);
    const { points, count } = contourSegments(loss, size, [0.25]);
    for (let s = 0; s < count; s++) {
      const a = -1 + (2 * points[4 * s]!) / (size - 1);
      const b = -1 + (2 * points[4 * s + 1]!) / (size - 1);
      expect(Math.hypot(a, b)).toBeCloseTo(0.5, 2);
    }
  });
});

describe('formatValue', () => {
  it('gives short tick labels with a typographic minus', () => {
    expect(formatValue(-0.5)).toBe('−0.5');
    expect(formatValue(0.012345)).toBe('0.0123');
    expect(formatValue(12.345)).toBe('12.3');
    expect(formatValue(1234.5)).toBe('1235');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(Infinity)).toBe('∞');
    // Tiny and huge values in short exponent form, not 0.00000167.
    expect(formatValue(0.00000167)).toBe('1.67e−6');
    expect(formatValue(-0.0005)).toBe('−5e−4');
    expect(formatValue(2.5e7)).toBe('2.5e7');
  });
});
