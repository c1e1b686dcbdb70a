/**
 * What a talk-mode scene changes in the config: its settings read through the URL parser — so they
 * mean exactly what the same keys in a link would, and a bad one is named the same way (and left
 * out) — split into the store's three patches, keeping only values that differ from the current
 * config. Training changes go through setTraining, so a new CURE start point brings its recipe.
 */
import type { InspectSettings } from '../core/lab/inspectSettings';
import type { LabSettings } from '../core/lab/settings';
import type { Scene } from '../core/talk/scenes';
import { BASE_CONFIG_KEYS, type BaseConfig, type Config } from './config';
import { parseConfigFromSearch } from './url';

export interface ScenePatches {
  base: Partial<BaseConfig>;
  training: Partial<LabSettings>;
  inspect: Partial<InspectSettings>;
  problems: string[];
}

export function scenePatches(config: Config, scene: Scene): ScenePatches {
  const entries = Object.entries(scene.settings).map(([k, v]) => [k, String(v)]);
  const search = new URLSearchParams([['dataset', config.dataset], ...entries]);
  const parsed = parseConfigFromSearch(`?${search.toString()}`);
  const named = new Set(
    entries
      .map(([key]) => key!)
      .filter((key) => !parsed.problems.some((p) => p.includes(`${key}=`))),
  );
  const pick = <T extends object>(from: T, current: T): Partial<T> =>
    Object.fromEntries(
      Object.entries(from).filter(
        ([key, value]) => named.has(key) && current[key as keyof T] !== value,
      ),
    ) as Partial<T>;
  const base = Object.fromEntries(
    BASE_CONFIG_KEYS.filter((k) => named.has(k) && parsed.config[k] !== config[k]).map((k) => [
      k,
      parsed.config[k],
    ]),
  ) as Partial<BaseConfig>;
  return {
    base,
    training: pick(parsed.config.training, config.training),
    inspect: pick(parsed.config.inspect, config.inspect),
    problems: parsed.problems.map((p) => `Scene "${scene.title}": ${p}`),
  };
}
