import { NETWORK_IDS, type NetworkId } from '../../core/names';
/**
 * Layout of the bounds ("vice versa") chart: per test point a bar from the quadratic model's lower
 * to upper bound on robustness and a dot at the measured ρ. Points are grouped by network (in
 * NETWORK_IDS order), sorted by ρ within a group, with empty slots between groups. Pure.
 */

/** One network's test points: measured robustness and bounds, input units, one entry per point. */
export interface BoundsRow {
  readonly rho: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
}

export interface WhiskerGroup {
  readonly id: NetworkId;
  /** Slots [start, end) on the x axis; empty when no point of this network could be drawn. */
  readonly start: number;
  readonly end: number;
  /** Points left out: ρ or a bound is NaN, ±∞ or ≤ 0 (a log axis cannot place it). */
  readonly skipped: number;
}

export interface WhiskerLayout {
  /** Slot positions 0…n−1, gaps included (uPlot's x column). */
  readonly xs: number[];
  /** Per network (NETWORK_IDS order): ρ, lower, upper at its own slots, null elsewhere. */
  readonly columns: Record<
    NetworkId,
    { rho: (number | null)[]; lower: (number | null)[]; upper: (number | null)[] }
  >;
  readonly groups: WhiskerGroup[];
  /** Points drawn (each one bar and one dot). */
  readonly drawn: number;
}

const drawable = (v: number) => Number.isFinite(v) && v > 0;

/**
 * Lays out the rows. `gap` is the number of empty slots between groups; by default about 6 % of
 * the points (at least one), so groups read as separate at any count.
 */
export function whiskerLayout(
  rows: Record<NetworkId, BoundsRow | null>,
  gap?: number,
): WhiskerLayout {
  const kept = NETWORK_IDS.map((id) => {
    const row = rows[id];
    const points: { rho: number; lower: number; upper: number }[] = [];
    const total = row ? Math.min(row.rho.length, row.lower.length, row.upper.length) : 0;
    for (let i = 0; i < total; i++) {
      const point = { rho: row!.rho[i]!, lower: row!.lower[i]!, upper: row!.upper[i]! };
      if (drawable(point.rho) && drawable(point.lower) && drawable(point.upper)) points.push(point);
    }
    points.sort((a, b) => a.rho - b.rho);
    return { id, points, skipped: total - points.length };
  });
  const drawn = kept.reduce((sum, group) => sum + group.points.length, 0);
  const slotsBetween = gap ?? Math.max(1, Math.ceil(drawn * 0.06));
  const nonEmpty = kept.filter((group) => group.points.length > 0).length;
  const length = drawn + slotsBetween * Math.max(0, nonEmpty - 1);
  const xs = Array.from({ length }, (_, i) => i);
  const empty = () => new Array<number | null>(length).fill(null);
  const columns = Object.fromEntries(
    NETWORK_IDS.map((id) => [id, { rho: empty(), lower: empty(), upper: empty() }]),
  ) as WhiskerLayout['columns'];
  const groups: WhiskerGroup[] = [];
  let next = 0;
  for (const group of kept) {
    const start = next;
    const column = columns[group.id];
    group.points.forEach((point, i) => {
      column.rho[start + i] = point.rho;
      column.lower[start + i] = point.lower;
      column.upper[start + i] = point.upper;
    });
    next += group.points.length;
    groups.push({ id: group.id, start, end: next, skipped: group.skipped });
    if (group.points.length > 0) next += slotsBetween;
  }
  return { xs, columns, groups, drawn };
}
