/**
 * The experiment configuration: everything that defines what the app computes, and therefore
 * everything a shared link or an exported figure must carry. One zod schema per field gives the
 * defaults, the allowed values and the message for a bad URL parameter.
 */
import { z } from 'zod';
import { DATASET_IDS } from '../core/datasets/types';
import { architectureSchema, backendRequestSchema } from '../worker/protocol';

export const configSchema = z.object({
  dataset: z.enum(DATASET_IDS).default('mnist'),
  architecture: architectureSchema.default('mlp'),
  backend: backendRequestSchema.default('auto'),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  /** Index of the selected test input. */
  sample: z.coerce.number().int().min(0).max(99_999).default(0),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigKey = keyof Config;

export const DEFAULT_CONFIG: Config = configSchema.parse({});

export const CONFIG_KEYS = Object.keys(configSchema.shape) as ConfigKey[];
