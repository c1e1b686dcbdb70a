/**
 * A bounded, columnar time series for training curves: steps in one typed array, values in
 * another (uPlot's layout). When full it halves itself by keeping every other point, so a run of
 * hours stays within a fixed memory while still covering its whole history; charts read the
 * arrays directly in requestAnimationFrame, outside React.
 */
import type { SeriesSnapshot } from '../core/session/sessionFile';

export class SeriesBuffer {
  private steps: Float64Array;
  private values: Float32Array;
  private count = 0;
  /** Every `stride`-th appended point is kept; doubles each time the buffer halves. */
  private stride = 1;
  private sinceKept = 0;

  constructor(readonly capacity = 2048) {
    if (capacity < 2 || capacity % 2 !== 0) throw new Error('capacity must be even and ≥ 2');
    this.steps = new Float64Array(capacity);
    this.values = new Float32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds a point (steps must not decrease). The newest point is always visible via `last`. */
  append(step: number, value: number): void {
    this.latest = { step, value };
    this.sinceKept++;
    if (this.count > 0 && this.sinceKept < this.stride) return;
    this.sinceKept = 0;
    if (this.count === this.capacity) this.halve();
    this.steps[this.count] = step;
    this.values[this.count] = value;
    this.count++;
  }

  /** The most recent point appended, kept or not. */
  latest: { step: number; value: number } | null = null;

  /** Views of the kept points (valid until the next append). */
  xs(): Float64Array {
    return this.steps.subarray(0, this.count);
  }

  ys(): Float32Array {
    return this.values.subarray(0, this.count);
  }

  /** Drops the points after `step` (a network continuing from an earlier copy of itself). */
  truncateAfter(step: number): void {
    let kept = 0;
    while (kept < this.count && this.steps[kept]! <= step) kept++;
    this.count = kept;
    this.sinceKept = 0;
    this.latest = kept > 0 ? { step: this.steps[kept - 1]!, value: this.values[kept - 1]! } : null;
  }

  /** The kept points and the thinning state, copied (a saved session's curve). */
  snapshot(): SeriesSnapshot {
    return {
      steps: this.xs().slice(),
      values: this.ys().slice(),
      stride: this.stride,
      sinceKept: this.sinceKept,
      latest: this.latest && { ...this.latest },
    };
  }

  /** Replaces the contents with a snapshot's (one that fits: at most `capacity` points). */
  restore(snapshot: SeriesSnapshot): void {
    const n = Math.min(snapshot.steps.length, snapshot.values.length, this.capacity);
    this.steps.set(snapshot.steps.subarray(0, n));
    this.values.set(snapshot.values.subarray(0, n));
    this.count = n;
    this.stride = snapshot.stride;
    this.sinceKept = snapshot.sinceKept;
    this.latest = snapshot.latest && { ...snapshot.latest };
  }

  clear(): void {
    this.count = 0;
    this.stride = 1;
    this.sinceKept = 0;
    this.latest = null;
  }

  private halve(): void {
    const half = this.count / 2;
    for (let i = 0; i < half; i++) {
      this.steps[i] = this.steps[2 * i]!;
      this.values[i] = this.values[2 * i]!;
    }
    this.count = half;
    this.stride *= 2;
  }
}
