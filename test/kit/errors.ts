/// <reference types="vite/client" />
/** Error measures between a computed vector and its reference, and their optional report. */
import { expect } from 'vitest';

/**
 * ‖a − b‖₂ / ‖b‖₂ (b is the reference). `floor` only guards a zero reference (0/0); it is far
 * below any norm a test compares, so it never loosens a check.
 */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  expect(a.length, 'lengths of the compared vectors').toBe(b.length);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), floor);
}

/** max |aᵢ − bᵢ|. */
export function maxAbsError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length, 'lengths of the compared vectors').toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * Prints a measured error as `ERR backend | what | value` when the tests run with
 * VITE_REPORT_ERRORS=1 (both projects), to re-measure the tolerance comments on another machine:
 * `VITE_REPORT_ERRORS=1 npx vitest run --project browser | grep ^ERR`.
 */
export function reportError(backend: string, what: string, error: number): void {
  if (import.meta.env.VITE_REPORT_ERRORS) {
    console.log(`ERR ${backend} | ${what} | ${error.toExponential(2)}`);
  }
}
