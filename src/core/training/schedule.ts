/**
 * CURE's h schedule. The reference code ramps h per epoch (0.1, 0.4, 0.8, 1.8, 3 in normalized
 * CIFAR units, then holds the last value): a small h early keeps the finite difference local
 * while the network is still curved, the full h later penalizes curvature at the scale of the
 * attack. Other data need other units, so the ramp is offered as fractions of a final h.
 */

/** The paper's per-epoch ramp as fractions of its final h = 3: 1/30, 2/15, 4/15, 3/5, 1. */
export const PAPER_H_RAMP_FRACTIONS: readonly number[] = [0.1, 0.4, 0.8, 1.8, 3].map((h) => h / 3);

/**
 * How h changes with training progress:
 * - 'constant': h always;
 * - 'per-epoch': values[e] during epoch e (e = ⌊step / stepsPerEpoch⌋), the last value after
 *   the list ends (the reference code's `h` list);
 * - 'linear': from `from` at step 0 to `to` at step `steps`, then `to`.
 */
export type HSchedule =
  | { readonly kind: 'constant'; readonly h: number }
  | {
      readonly kind: 'per-epoch';
      readonly values: readonly number[];
      readonly stepsPerEpoch: number;
    }
  | { readonly kind: 'linear'; readonly from: number; readonly to: number; readonly steps: number };

/** The paper's ramp rescaled to end at `finalH` (input units), one value per epoch. */
export function paperHRamp(finalH: number, stepsPerEpoch: number): HSchedule {
  return {
    kind: 'per-epoch',
    values: PAPER_H_RAMP_FRACTIONS.map((f) => f * finalH),
    stepsPerEpoch,
  };
}

/** h at a 0-based optimizer step (input units). Throws on a malformed schedule. */
export function hAt(schedule: HSchedule, step: number): number {
  if (!Number.isInteger(step) || step < 0) throw new Error(`step must be an integer ≥ 0`);
  switch (schedule.kind) {
    case 'constant':
      return schedule.h;
    case 'per-epoch': {
      const { values, stepsPerEpoch } = schedule;
      if (values.length === 0) throw new Error('per-epoch h schedule needs at least one value');
      if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1) {
        throw new Error(`stepsPerEpoch must be an integer ≥ 1, got ${stepsPerEpoch}`);
      }
      const epoch = Math.floor(step / stepsPerEpoch);
      return values[Math.min(epoch, values.length - 1)]!;
    }
    case 'linear': {
      if (!(schedule.steps > 0)) return schedule.to;
      const t = Math.min(step / schedule.steps, 1);
      return schedule.from + t * (schedule.to - schedule.from);
    }
  }
}
