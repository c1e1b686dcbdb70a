/**
 * The allowed values of a numeric setting, declared once per setting: the settings schema (and so
 * the URL and the worker protocol) and the slider that edits it both read the same range, so a
 * link can never hold a value its own slider refuses.
 */
import { z } from 'zod';

export interface NumericRange {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only (batch sizes, step counts, point counts). */
  readonly integer?: boolean;
  /** 'log' for quantities that span decades (learning rates): the slider moves in decades.
   * 'log1p' for those that span decades from zero (γ: 0 turns the regularizer off): the slider
   * moves in decades of 1 + value. */
  readonly scale?: 'linear' | 'log' | 'log1p';
}

/** The schema of a numeric setting: a number (or a URL string of one) within its range. */
export function numberIn(range: NumericRange): z.ZodCoercedNumber {
  const inRange = z.coerce.number().min(range.min).max(range.max);
  return range.integer ? inRange.int() : inRange;
}
