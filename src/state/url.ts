/**
 * The config slice mirrored in the URL query. Parsing never throws: each bad parameter is replaced
 * by its default and reported in words, so a mistyped link still opens the app and says what it
 * ignored. Unknown parameters are reported too (a typo should not pass silently).
 */
import { CONFIG_KEYS, DEFAULT_CONFIG, configSchema, type Config } from './config';

export interface UrlParse {
  config: Config;
  /** One human-readable line per ignored parameter. */
  problems: string[];
}

export function parseConfigFromSearch(search: string): UrlParse {
  const params = new URLSearchParams(search);
  const config: Config = { ...DEFAULT_CONFIG };
  const problems: string[] = [];
  for (const [key, raw] of params) {
    if (!(CONFIG_KEYS as string[]).includes(key)) {
      problems.push(`Unknown URL parameter "${key}" was ignored.`);
      continue;
    }
    const field = configSchema.shape[key as keyof Config];
    const parsed = field.safeParse(raw);
    if (parsed.success) {
      (config as Record<string, unknown>)[key] = parsed.data;
    } else {
      const issue = parsed.error.issues[0]?.message ?? 'invalid value';
      const fallback = String(DEFAULT_CONFIG[key as keyof Config]);
      problems.push(`URL parameter ${key}=${raw} is not valid (${issue}); using ${fallback}.`);
    }
  }
  return { config, problems };
}

/** The query string for a config: every field, in schema order, so links are explicit and stable. */
export function searchFromConfig(config: Config): string {
  const params = new URLSearchParams();
  for (const key of CONFIG_KEYS) params.set(key, String(config[key]));
  return `?${params.toString()}`;
}
