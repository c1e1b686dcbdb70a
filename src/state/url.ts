/**
 * The config mirrored in the URL query. Parsing never throws: each bad parameter is replaced by
 * its default and reported in words, so a mistyped link still opens the app and says what it
 * ignored. Unknown parameters are reported too (a typo should not pass silently). Training and
 * analysis settings not in the link take the defaults of the link's dataset.
 */
import type { z } from 'zod';
import { inspectSettingsShape } from '../core/lab/inspectSettings';
import { labSettingsShape } from '../core/lab/settings';
import { PRESENTATION_KEYS } from './presentation';
import {
  BASE_CONFIG_KEYS,
  DEFAULT_CONFIG,
  baseConfigSchema,
  inspectDefaultsFor,
  trainingDefaultsFor,
  type BaseConfig,
  type Config,
} from './config';

export interface UrlParse {
  config: Config;
  /** One human-readable line per ignored parameter. */
  problems: string[];
}

const LAB_KEYS = Object.keys(labSettingsShape);
const INSPECT_KEYS = Object.keys(inspectSettingsShape);

function problemLine(
  key: string,
  raw: string,
  issue: string | undefined,
  fallback: unknown,
): string {
  const using = fallback === null ? 'no limit' : String(fallback);
  return `URL parameter ${key}=${raw} is not valid (${issue ?? 'invalid value'}); using ${using}.`;
}

export function parseConfigFromSearch(search: string): UrlParse {
  const params = new URLSearchParams(search);
  const { training: _training, inspect: _inspect, ...defaults } = DEFAULT_CONFIG;
  const baseConfig: BaseConfig = { ...defaults };
  const problems: string[] = [];
  for (const [key, raw] of params) {
    if (LAB_KEYS.includes(key) || INSPECT_KEYS.includes(key)) continue;
    if ((PRESENTATION_KEYS as string[]).includes(key)) continue; // presentation.ts reads them
    if (!(BASE_CONFIG_KEYS as string[]).includes(key)) {
      problems.push(`Unknown URL parameter "${key}" was ignored.`);
      continue;
    }
    const name = key as keyof BaseConfig;
    const parsed = baseConfigSchema.shape[name].safeParse(raw);
    if (parsed.success) (baseConfig as Record<string, unknown>)[name] = parsed.data;
    else
      problems.push(problemLine(key, raw, parsed.error.issues[0]?.message, DEFAULT_CONFIG[name]));
  }
  // CURE's start point decides the defaults of its recipe (cureRecipe.ts); a link that names
  // the recipe's fields keeps its own values.
  const cureStart = labSettingsShape.cureStart.safeParse(params.get('cureStart'));
  const trainingDefaults = trainingDefaultsFor(
    baseConfig.dataset,
    cureStart.success ? cureStart.data : undefined,
  );
  const training = readTable(params, labSettingsShape, trainingDefaults);
  const inspect = readTable(params, inspectSettingsShape, inspectDefaultsFor(baseConfig.dataset));
  problems.push(...training.problems, ...inspect.problems);
  return {
    config: { ...baseConfig, training: training.values, inspect: inspect.values },
    problems,
  };
}

/** The values of one settings table found in the URL, over the given defaults. */
function readTable<T extends Record<string, unknown>>(
  params: URLSearchParams,
  shape: Record<keyof T & string, z.ZodType>,
  defaults: T,
): { values: T; problems: string[] } {
  const values: Record<string, unknown> = { ...defaults };
  const problems: string[] = [];
  for (const key of Object.keys(shape) as (keyof T & string)[]) {
    const raw = params.get(key);
    if (raw === null) continue;
    const parsed = shape[key].safeParse(raw);
    if (parsed.success) values[key] = parsed.data;
    else problems.push(problemLine(key, raw, parsed.error.issues[0]?.message, defaults[key]));
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
