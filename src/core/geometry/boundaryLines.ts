/**
 * The decision boundary of a sampled slice as line segments: where the predicted class changes
 * between neighbouring cells, at the point where the top two logits tie. Marching squares on the
 * class labels, with each crossing placed by the margins (top logit minus second, ≥ 0, zero on the
 * boundary) of the two cells. Pure numbers, no tfjs.
 */

/**
 * Where the crossing lies on the edge from cell A to cell B, as a fraction from A: the zero of the
 * margin when it is interpolated linearly with sign flipped at the class change, mA/(mA + mB).
 * Exact for two classes whose logits are linear in the plane.
 */
function crossingFraction(marginA: number, marginB: number): number {
  const a = Math.max(0, marginA);
  const b = Math.max(0, marginB);
  return a + b > 0 ? a / (a + b) : 0.5;
}

/**
 * Decision-boundary segments on an N×N grid (cell (i, j) at index i·N + j, as `landscapeGrid`).
 * On each grid edge whose two cells predict different classes, the crossing is placed by
 * `crossingFraction`; inside each 2×2 square the crossings on its edges are joined: two crossings
 * by one segment, three or four (three classes meet, or an ambiguous saddle) by a segment from
 * each crossing to their centroid — a junction. Zero-length segments are dropped.
 * @param pred predicted class per cell, length N²; @param margin top-two logit margin per cell,
 *   length N², ≥ 0.
 * @returns flat segments [i0, j0, i1, j1, …] in fractional grid-index units: i along the first
 *   axis (rows, a), j along the second (columns, b); cell (i, j) sits at (i, j).
 */
export function decisionBoundarySegments(
  pred: ArrayLike<number>,
  margin: ArrayLike<number>,
  size: number,
): Float32Array {
  if (!Number.isInteger(size) || size < 2)
    throw new Error(`size must be an integer ≥ 2, got ${size}`);
  if (pred.length !== size * size || margin.length !== size * size)
    throw new Error(`pred (${pred.length}) and margin (${margin.length}) must hold ${size}² cells`);
  const out: number[] = [];
  const crossings: number[] = []; // [i, j, …] of the current square, reused
  // From cell (i0, j0) to its neighbour (i0 + di, j0 + dj): the crossing, if the class changes.
  const addCrossing = (i0: number, j0: number, di: number, dj: number) => {
    const k0 = i0 * size + j0;
    const k1 = (i0 + di) * size + j0 + dj;
    if (pred[k0] === pred[k1]) return;
    const t = crossingFraction(margin[k0]!, margin[k1]!);
    crossings.push(i0 + t * di, j0 + t * dj);
  };
  for (let i = 0; i + 1 < size; i++) {
    for (let j = 0; j + 1 < size; j++) {
      crossings.length = 0;
      addCrossing(i, j, 0, 1);
      addCrossing(i, j + 1, 1, 0);
      addCrossing(i + 1, j, 0, 1);
      addCrossing(i, j, 1, 0);
      joinCrossings(crossings, out);
    }
  }
  return Float32Array.from(out);
}

/** Appends the segments of one square: 2 crossings → one segment; 3 or 4 → spokes to their
 * centroid. (A single crossing cannot happen: a class that changes on only one edge of the
 * loop of four cells would differ from itself.) */
function joinCrossings(crossings: readonly number[], out: number[]): void {
  const count = crossings.length / 2;
  const push = (i0: number, j0: number, i1: number, j1: number) => {
    if (i0 !== i1 || j0 !== j1) out.push(i0, j0, i1, j1);
  };
  if (count === 2) {
    push(crossings[0]!, crossings[1]!, crossings[2]!, crossings[3]!);
  } else if (count >= 3) {
    let ci = 0;
    let cj = 0;
    for (let k = 0; k < count; k++) {
      ci += crossings[2 * k]!;
      cj += crossings[2 * k + 1]!;
    }
    ci /= count;
    cj /= count;
    for (let k = 0; k < count; k++) push(crossings[2 * k]!, crossings[2 * k + 1]!, ci, cj);
  }
}
