/**
 * Shapes curvature profiles: the finite-difference curvature nᵀ(∇ℓ(x+hn) − ∇ℓ(x−hn))/2h against
 * h, per network, plus each network's exact nᵀHn as a constant series (the dashed h → 0 line).
 * Pure, tested in node.
 */
import { alignColumns, type AlignedColumns } from './align';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

/** One network's profile: h values (input units, ascending), curvature at each, exact nᵀHn. */
export interface CurvatureProfile {
  readonly hs: Float64Array;
  readonly fd: Float64Array;
  readonly exact: number;
}

export interface ProfileData {
  /** [h, fd standard, fd adversarial, fd cure, exact standard, exact adversarial, exact cure]. */
  readonly data: AlignedColumns;
  /** Every finite value drawn (for choosing the y axis). */
  readonly values: number[];
}

export function profileData(profiles: Record<NetworkId, CurvatureProfile | null>): ProfileData {
  // h must be positive for a log x axis; the finite difference is undefined at h = 0 anyway.
  const columns = NETWORK_IDS.map((id) => {
    const profile = profiles[id];
    if (!profile) return null;
    const order = sortedPositiveIndices(profile.hs);
    return {
      xs: order.map((i) => profile.hs[i]!),
      ys: order.map((i) => profile.fd[i]!),
    };
  });
  const [xs, ...fd] = alignColumns(columns);
  const exact = NETWORK_IDS.map((id) => {
    const value = profiles[id]?.exact;
    const y = value !== undefined && Number.isFinite(value) ? value : null;
    return new Array<number | null>(xs.length).fill(y);
  });
  const values: number[] = [];
  for (const series of [...fd, ...exact]) for (const y of series) if (y !== null) values.push(y);
  return { data: [xs, ...fd, ...exact], values };
}

function sortedPositiveIndices(hs: Float64Array): number[] {
  const order: number[] = [];
  for (let i = 0; i < hs.length; i++) if (hs[i]! > 0 && Number.isFinite(hs[i]!)) order.push(i);
  return order.sort((a, b) => hs[a]! - hs[b]!);
}

/**
 * The profile's value at h, interpolated linearly in log h between the two nearest sampled h
 * (exact when h is one of them), skipping samples that are not finite; null outside the sampled
 * range.
 */
export function valueAtH(hs: ArrayLike<number>, fd: ArrayLike<number>, h: number): number | null {
  if (!(h > 0)) return null;
  let below = -1;
  let above = -1;
  for (let i = 0; i < hs.length; i++) {
    const hi = hs[i]!;
    if (!(hi > 0) || !Number.isFinite(fd[i]!)) continue;
    if (hi === h) return fd[i]!;
    if (hi < h && (below < 0 || hi > hs[below]!)) below = i;
    if (hi > h && (above < 0 || hi < hs[above]!)) above = i;
  }
  if (below < 0 || above < 0) return null;
  const t = Math.log(h / hs[below]!) / Math.log(hs[above]! / hs[below]!);
  return fd[below]! + t * (fd[above]! - fd[below]!);
}
