/**
 * uPlot draws aligned data: one sorted x column shared by every series, with null where a series
 * has no point. The three networks each have their own x values (their own steps, eigenvalue
 * counts, h or ε grids), so they are merged here first. Pure: no DOM, tested in node.
 */

/** A series as its owner holds it: x values sorted ascending, one y per x. */
export interface Column {
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
}

/** uPlot's aligned layout (assignable to `uPlot.AlignedData`): [xs, ys1, ys2, …]. */
export type AlignedColumns = [number[], ...(number | null)[][]];

/**
 * Maps a value to what is drawn, or null to leave a gap (e.g. a non-positive value on a log axis,
 * or a fraction turned into a percentage).
 */
export type ValueMap = (y: number) => number | null;

const finiteOnly: ValueMap = (y) => (Number.isFinite(y) ? y : null);

/**
 * Merges columns into one sorted union of their x values; series k holds column k's value at
 * each x and null where it has none (a null column gives an all-null series, so series indices
 * stay fixed). Non-finite x are dropped; a repeated x within one column keeps its last value.
 * O(total points × columns).
 */
export function alignColumns(
  columns: readonly (Column | null)[],
  map: ValueMap = finiteOnly,
): AlignedColumns {
  const xs: number[] = [];
  const series: (number | null)[][] = columns.map(() => []);
  const cursors = columns.map(() => 0);
  const skipBad = (k: number) => {
    const column = columns[k];
    if (!column) return;
    while (cursors[k]! < column.xs.length && !Number.isFinite(column.xs[cursors[k]!]!))
      cursors[k]!++;
  };
  for (;;) {
    let x = Infinity;
    columns.forEach((column, k) => {
      skipBad(k);
      if (column && cursors[k]! < column.xs.length) x = Math.min(x, column.xs[cursors[k]!]!);
    });
    if (x === Infinity) break;
    xs.push(x);
    columns.forEach((column, k) => {
      let value: number | null = null;
      while (column && cursors[k]! < column.xs.length && column.xs[cursors[k]!] === x) {
        const y = column.ys[cursors[k]!]!;
        value = Number.isFinite(y) ? map(y) : null;
        cursors[k]!++;
        skipBad(k);
      }
      series[k]!.push(value);
    });
  }
  return [xs, ...series];
}

/** Finite y values in aligned data (the x column is not counted): what a chart actually draws. */
export function countFinitePoints(data: readonly ArrayLike<number | null | undefined>[]): number {
  let count = 0;
  for (let s = 1; s < data.length; s++) {
    const ys = data[s]!;
    for (let i = 0; i < ys.length; i++) {
      const y = ys[i];
      if (typeof y === 'number' && Number.isFinite(y)) count++;
    }
  }
  return count;
}

/**
 * A column sorted by x (stable), for owners whose x values come in any order (robust accuracy at
 * a list of ε is returned in the list's order).
 */
export function sortedColumn(xs: ArrayLike<number>, ys: ArrayLike<number>): Column {
  const order = Array.from({ length: Math.min(xs.length, ys.length) }, (_, i) => i);
  order.sort((a, b) => xs[a]! - xs[b]!);
  return { xs: order.map((i) => xs[i]!), ys: order.map((i) => ys[i]!) };
}
