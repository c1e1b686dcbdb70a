/**
 * The config mirrored in the URL query. Parsing never throws: each bad parameter is replaced by
 * its default and reported in words, so a mistyped link still opens the app and says what it
 * ignored. Unknown parameters are reported too (a typo should not pass silently). Training
 * settings not in the link take the defaults of the link's dataset.
 */
import { labSettingsShape, type LabSettingKey } from '../core/lab/settings';
import {
  BASE_CONFIG_KEYS,
  DEFAULT_CONFIG,
  baseConfigSchema,
  trainingDefaultsFor,
  type BaseConfig,
  type Config,
} from './config';

export interface UrlParse {
  config: Config;
  /** One human-readable line per ignored parameter. */
  problems: string[];
}

const LAB_KEYS = Object.keys(labSettingsShape) as LabSettingKey[];

function problemLine(
  key: string,
  raw: string,
  issue: string | undefined,
  fallback: unknown,
): string {
  return `URL parameter ${key}=${raw} is not valid (${issue ?? 'invalid value'}); using ${String(fallback)}.`;
}

export function parseConfigFromSearch(search: string): UrlParse {
  const params = new URLSearchParams(search);
  const { training: _defaultTraining, ...defaults } = DEFAULT_CONFIG;
  const baseConfig: BaseConfig = { ...defaults };
  const problems: string[] = [];
  for (const [key, raw] of params) {
    if ((LAB_KEYS as string[]).includes(key)) continue;
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
  const training = trainingDefaultsFor(baseConfig.dataset);
  for (const key of LAB_KEYS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const parsed = labSettingsShape[key].safeParse(raw);
    if (parsed.success) (training as Record<string, unknown>)[key] = parsed.data;
    else problems.push(problemLine(key, raw, parsed.error.issues[0]?.message, training[key]));
  }
  return { config: { ...baseConfig, training }, problems };
}

/** The query string for a config: every field, in schema order, so links are explicit and stable. */
export function searchFromConfig(config: Config): string {
  const params = new URLSearchParams();
  for (const key of BASE_CONFIG_KEYS) params.set(key, String(config[key]));
  for (const key of LAB_KEYS) params.set(key, String(config.training[key]));
  return `?${params.toString()}`;
}
