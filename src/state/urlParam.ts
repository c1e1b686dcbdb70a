/**
 * Reading one URL parameter: its raw values (a key may be repeated), its schema, the value used
 * when it is unusable, and, for a numeric setting, its range. Every problem becomes one line that
 * names the parameter as written and the value used instead, so the link's notice can list them.
 *
 * A number outside its range is clamped to the nearest end of it (a link asking for a resolution,
 * a point count or a batch larger than the lab allows gets the largest it allows, not the
 * default); a value that is no number, is not finite, is empty or is of the wrong kind falls back
 * to the default.
 */
import type { z } from 'zod';
import type { NumericRange } from '../core/lab/ranges';

export interface ParamReading<T> {
  value: T;
  /** What was wrong, in words, or null. */
  problem: string | null;
}

/** How a numeric parameter may be brought within its allowed values. */
export type NumericLimits =
  | { kind: 'range'; range: NumericRange }
  /** Only these values (grid resolutions): the nearest one is used. */
  | { kind: 'options'; options: readonly number[] };

/** A value as the notice says it: null is an absent limit (`until`), undefined the app's own
 * choice (a theme left to the system's preference). */
const shown = (value: unknown): string =>
  value === null ? 'no limit' : value === undefined ? 'the default' : String(value);

/** `key=raw`, trimmed to a readable length (a pasted link can carry anything). */
export function written(key: string, raw: string): string {
  const text = `${key}=${raw}`;
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function readParam<T>(
  key: string,
  raws: readonly string[],
  schema: z.ZodType<T>,
  fallback: T,
  limits?: NumericLimits,
): ParamReading<T> {
  const [raw, ...repeats] = raws;
  if (raw === undefined) return { value: fallback, problem: null };
  const reading = readOne(key, raw, schema, fallback, limits);
  if (repeats.length === 0) return reading;
  const all = raws.map((r) => written(key, r)).join(', ');
  const duplicate = `URL parameter ${key} is given ${raws.length} times (${all}); the first counts`;
  return {
    value: reading.value,
    problem: reading.problem
      ? `${duplicate}, and ${lowerFirst(reading.problem)}`
      : `${duplicate}: using ${shown(reading.value)}.`,
  };
}

function readOne<T>(
  key: string,
  raw: string,
  schema: z.ZodType<T>,
  fallback: T,
  limits: NumericLimits | undefined,
): ParamReading<T> {
  const refuse = (why: string, value: T = fallback): ParamReading<T> => ({
    value,
    problem: `URL parameter ${written(key, raw)} ${why}; using ${shown(value)}.`,
  });
  // z.coerce.number() reads '' (and blanks) as 0: an empty value is a missing one.
  if (raw.trim() === '') return refuse('is empty');
  if (limits) {
    const number = Number(raw);
    if (Number.isNaN(number)) return refuse('is not a number');
    if (!Number.isFinite(number)) return refuse('is not finite');
    const limited = withinLimits(number, limits);
    if (limited.value !== number) {
      const parsed = schema.safeParse(limited.value);
      if (parsed.success) return refuse(limited.why, parsed.data);
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, problem: null };
  return refuse(`is not valid (${parsed.error.issues[0]?.message ?? 'invalid value'})`);
}

function withinLimits(value: number, limits: NumericLimits): { value: number; why: string } {
  if (limits.kind === 'options') {
    const { options } = limits;
    if (options.includes(value)) return { value, why: '' };
    const nearest = options.reduce((best, o) =>
      Math.abs(o - value) < Math.abs(best - value) ? o : best,
    );
    return { value: nearest, why: `is not one of ${options.join(', ')}` };
  }
  const { min, max } = limits.range;
  if (value > max) return { value: max, why: `is above the largest allowed, ${max}` };
  if (value < min) return { value: min, why: `is below the smallest allowed, ${min}` };
  return { value, why: '' };
}

function lowerFirst(problem: string): string {
  // "URL parameter k=v is …" after "the first counts, and": drop the repeated prefix.
  return problem.replace(/^URL parameter /, '');
}
