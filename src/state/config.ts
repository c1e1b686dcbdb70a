/**
 * The experiment configuration: everything that defines what the app computes, and therefore
 * everything a shared link or an exported figure must carry. One zod schema per field gives the
 * defaults, the allowed values and the message for a bad URL parameter. Training and analysis
 * settings default per kind of dataset (src/core/lab/settings.ts, inspectSettings.ts).
 */
import { z } from 'zod';
import { DATASETS } from '../core/datasets/registry';
import { DATASET_IDS, type DatasetId } from '../core/datasets/types';
import { defaultInspectSettings, type InspectSettings } from '../core/lab/inspectSettings';
import { withCureStart } from '../core/lab/cureRecipe';
import {
  defaultLabSettingsFor,
  MAX_UNTIL,
  type CureStart,
  type LabSettings,
} from '../core/lab/settings';
import { backendRequestSchema } from '../worker/protocol';
import { architectureSchema, hiddenActivationSchema } from '../core/names';

export const baseConfigSchema = z.object({
  dataset: z.enum(DATASET_IDS).default('mnist'),
  architecture: architectureSchema.default('mlp'),
  activation: hiddenActivationSchema.default('relu'),
  backend: backendRequestSchema.default('auto'),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  /** Index of the selected test input. */
  sample: z.coerce.number().int().min(0).max(99_999).default(0),
  /**
   * A pinned link: each network trains to this step and pauses there (null, absent from the
   * link: no limit). Playing on from it clears it.
   */
  until: z.coerce.number().int().min(1).max(MAX_UNTIL).nullable().default(null),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
export type Config = BaseConfig & { training: LabSettings; inspect: InspectSettings };

/** The training defaults of `dataset`; with CURE's recipe for `cureStart` when one is given. */
export function trainingDefaultsFor(dataset: DatasetId, cureStart?: CureStart): LabSettings {
  const info = DATASETS[dataset].info;
  const defaults = defaultLabSettingsFor(info);
  return cureStart ? withCureStart(defaults, info.kind, cureStart) : defaults;
}

export function inspectDefaultsFor(dataset: DatasetId): InspectSettings {
  return defaultInspectSettings(DATASETS[dataset].info.kind);
}

const base = baseConfigSchema.parse({});
export const DEFAULT_CONFIG: Config = {
  ...base,
  training: trainingDefaultsFor(base.dataset),
  inspect: inspectDefaultsFor(base.dataset),
};

export const BASE_CONFIG_KEYS = Object.keys(baseConfigSchema.shape) as (keyof BaseConfig)[];
