/**
 * The config mirrored in the URL query. Parsing never throws: each bad parameter (unusable,
 * out of range, repeated) is reported in words with the value used instead (urlParam.ts), so a
 * mistyped link still opens the app and says what it changed. Unknown parameters are reported too
 * (a typo should not pass silently). Training and analysis settings not in the link take the
 * defaults of the link's dataset.
 */
import type { z } from 'zod';
import {
  INSPECT_SETTING_RANGES,
  inspectSettingsShape,
  RESOLUTIONS,
} from '../core/lab/inspectSettings';
import { LAB_SETTING_RANGES, labSettingsShape } from '../core/lab/settings';
import { PRESENTATION_KEYS } from './presentation';
import {
  BASE_CONFIG_KEYS,
  DEFAULT_CONFIG,
  baseConfigSchema,
  inspectDefaultsFor,
  trainingDefaultsFor,
  type Config,
} from './config';
import { readParam, written, type NumericLimits } from './urlParam';

export interface UrlParse {
  config: Config;
  /** One human-readable line per ignored parameter. */
  problems: string[];
}

const LAB_KEYS = Object.keys(labSettingsShape);
const INSPECT_KEYS = Object.keys(inspectSettingsShape);
/** Every key a link may hold (the presentation's are read by presentation.ts). */
const KNOWN_KEYS = new Set<string>([
  ...BASE_CONFIG_KEYS,
  ...LAB_KEYS,
  ...INSPECT_KEYS,
  ...PRESENTATION_KEYS,
]);

/** The limits a numeric setting is brought within (clamped), by key. */
const LIMITS: Record<string, NumericLimits> = {
  ...Object.fromEntries(
    Object.entries({ ...LAB_SETTING_RANGES, ...INSPECT_SETTING_RANGES }).map(([key, range]) => [
      key,
      { kind: 'range', range } as const,
    ]),
  ),
  resolution: { kind: 'options', options: RESOLUTIONS },
};

export function parseConfigFromSearch(search: string): UrlParse {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const unknown = new Set<string>();
  for (const [key, raw] of params) {
    if (KNOWN_KEYS.has(key) || unknown.has(key)) continue;
    unknown.add(key);
    problems.push(`Unknown URL parameter ${written(key, raw)} was ignored.`);
  }
  const { training: _training, inspect: _inspect, ...defaults } = DEFAULT_CONFIG;
  const base = readTable(params, baseConfigSchema.shape, defaults);
  // CURE's start point decides the defaults of its recipe (cureRecipe.ts); a link that names
  // the recipe's fields keeps its own values.
  const cureStart = labSettingsShape.cureStart.safeParse(params.get('cureStart'));
  const trainingDefaults = trainingDefaultsFor(
    base.values.dataset,
    cureStart.success ? cureStart.data : undefined,
  );
  const training = readTable(params, labSettingsShape, trainingDefaults);
  const inspect = readTable(params, inspectSettingsShape, inspectDefaultsFor(base.values.dataset));
  problems.unshift(...base.problems);
  problems.push(...training.problems, ...inspect.problems);
  return {
    config: { ...base.values, training: training.values, inspect: inspect.values },
    problems,
  };
}

/** The values of one table found in the URL, over the given defaults, with a line per problem. */
function readTable<T extends Record<string, unknown>>(
  params: URLSearchParams,
  shape: Record<keyof T & string, z.ZodType>,
  defaults: T,
): { values: T; problems: string[] } {
  const values: Record<string, unknown> = { ...defaults };
  const problems: string[] = [];
  for (const key of Object.keys(shape) as (keyof T & string)[]) {
    const reading = readParam(key, params.getAll(key), shape[key], defaults[key], LIMITS[key]);
    values[key] = reading.value;
    if (reading.problem) problems.push(reading.problem);
  }
  return { values: values as T, problems };
}

/** The query string for a config: every field, in schema order, so links are explicit and stable
 * (an absent limit, `until`, is left out). */
export function searchFromConfig(config: Config): string {
  const params = new URLSearchParams();
  for (const key of BASE_CONFIG_KEYS) {
    if (config[key] !== null) params.set(key, String(config[key]));
  }
  const training: Record<string, unknown> = config.training;
  const inspect: Record<string, unknown> = config.inspect;
  for (const key of LAB_KEYS) params.set(key, String(training[key]));
  for (const key of INSPECT_KEYS) params.set(key, String(inspect[key]));
  return `?${params.toString()}`;
}
