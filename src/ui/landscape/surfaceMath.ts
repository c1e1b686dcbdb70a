/**
 * The surface as flat typed arrays, filled in place (no allocation per update). Vertex k = i·N + j
 * sits at (a_i, b_j): world x = a_i / R, z = −b_j / R (so b runs away from a camera in front), and
 * y = the loss's height in the box. Pure: tested in node, used by surface.ts on the mesh's buffers.
 */
import { lutIndex } from './colormap';
import { BOX_HALF_WIDTH, lossToFraction, BOX_HEIGHT } from './heightMap';

/** World x (for index i) or −z (for index j) of grid index k on an N-point axis: [−1, 1]. */
export function gridWorld(k: number, size: number): number {
  return BOX_HALF_WIDTH * ((2 * k - (size - 1)) / (size - 1));
}

/** Triangle indices of an N×N grid, two per cell, counter-clockwise seen from +y (above). */
export function gridIndices(size: number): Uint16Array | Uint32Array {
  const cells = (size - 1) * (size - 1);
  const out = size * size > 65535 ? new Uint32Array(6 * cells) : new Uint16Array(6 * cells);
  let p = 0;
  for (let i = 0; i < size - 1; i++) {
    for (let j = 0; j < size - 1; j++) {
      const a = i * size + j;
      const b = a + size; // (i + 1, j)
      const c = a + 1; // (i, j + 1)
      const d = b + 1; // (i + 1, j + 1)
      out[p++] = a;
      out[p++] = b;
      out[p++] = c;
      out[p++] = b;
      out[p++] = d;
      out[p++] = c;
    }
  }
  return out;
}

/**
 * Line-segment indices of every `step`-th row and column of the grid (plus the last), drawn over
 * the surface so its shape reads in a still picture. Shares the surface's position buffer.
 */
export function gridLineIndices(size: number, step: number): Uint16Array | Uint32Array {
  const lines: number[] = [];
  for (let k = 0; k < size; k += step) lines.push(k);
  if (lines[lines.length - 1] !== size - 1) lines.push(size - 1);
  const count = 2 * lines.length * 2 * (size - 1);
  const out = size * size > 65535 ? new Uint32Array(count) : new Uint16Array(count);
  let p = 0;
  for (const k of lines) {
    for (let m = 0; m < size - 1; m++) {
      out[p++] = k * size + m; // along b (row k)
      out[p++] = k * size + m + 1;
      out[p++] = m * size + k; // along a (column k)
      out[p++] = (m + 1) * size + k;
    }
  }
  return out;
}

/** x and z of every vertex (y left as is); positions is 3·N². Done once per N. */
export function fillGridXZ(size: number, positions: Float32Array): void {
  for (let i = 0; i < size; i++) {
    const x = gridWorld(i, size);
    for (let j = 0; j < size; j++) {
      const k = 3 * (i * size + j);
      positions[k] = x;
      positions[k + 2] = -gridWorld(j, size);
    }
  }
}

/** The typed arrays that one surface update writes (each 3·N²). */
export interface SurfaceBuffers {
  positions: Float32Array;
  colours: Float32Array;
  normals: Float32Array;
}

/**
 * Heights (y) and colours from the losses, over [lo, hi] (heights clamped to the box, colours to
 * the table's ends), then normals. `lut` is a linear-RGB table (colormap.ts).
 */
export function fillSurface(
  loss: ArrayLike<number>,
  size: number,
  lo: number,
  hi: number,
  lut: Float32Array,
  out: SurfaceBuffers,
): void {
  const lutSize = lut.length / 3;
  const { positions, colours } = out;
  for (let k = 0; k < size * size; k++) {
    const t = lossToFraction(loss[k]!, lo, hi);
    positions[3 * k + 1] = t * BOX_HEIGHT;
    const c = 3 * lutIndex(t, lutSize);
    colours[3 * k] = lut[c]!;
    colours[3 * k + 1] = lut[c + 1]!;
    colours[3 * k + 2] = lut[c + 2]!;
  }
  fillGridNormals(size, positions, out.normals);
}

/**
 * Unit normals of the height field y(x, z) by central differences (one-sided at the edges):
 * n ∝ (−∂y/∂x, 1, −∂y/∂z). Cheaper than BufferGeometry.computeVertexNormals and exact for a grid.
 */
export function fillGridNormals(
  size: number,
  positions: Float32Array,
  normals: Float32Array,
): void {
  const y = (i: number, j: number) => positions[3 * (i * size + j) + 1]!;
  const coordinate = (i: number, j: number, axis: 0 | 2) => positions[3 * (i * size + j) + axis]!;
  for (let i = 0; i < size; i++) {
    const i0 = i > 0 ? i - 1 : i;
    const i1 = i < size - 1 ? i + 1 : i;
    for (let j = 0; j < size; j++) {
      const j0 = j > 0 ? j - 1 : j;
      const j1 = j < size - 1 ? j + 1 : j;
      const dydx = (y(i1, j) - y(i0, j)) / (coordinate(i1, j, 0) - coordinate(i0, j, 0));
      const dydz = (y(i, j1) - y(i, j0)) / (coordinate(i, j1, 2) - coordinate(i, j0, 2));
      const inverseLength = 1 / Math.sqrt(dydx * dydx + 1 + dydz * dydz);
      const k = 3 * (i * size + j);
      normals[k] = -dydx * inverseLength;
      normals[k + 1] = inverseLength;
      normals[k + 2] = -dydz * inverseLength;
    }
  }
}

/**
 * The height at the grid's centre (a, b) = (0, 0) as stored in `positions`: the centre vertex for
 * odd N, else the mean of the four vertices around it.
 */
export function centreHeight(size: number, positions: Float32Array): number {
  const lowIndex = Math.floor((size - 1) / 2);
  const highIndex = Math.ceil((size - 1) / 2);
  let sum = 0;
  for (const i of [lowIndex, highIndex])
    for (const j of [lowIndex, highIndex]) sum += positions[3 * (i * size + j) + 1]!;
  return sum / 4;
}
