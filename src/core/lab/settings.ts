/**
 * The live lab's training settings: one flat table (it is mirrored in the URL, so a link
 * reproduces a run), validated by one zod schema with defaults per kind of dataset. Every value
 * applies at the next training step; none needs a restart.
 */
import { z } from 'zod';
import type { DatasetKind } from '../datasets/types';

export const NETWORK_IDS = ['standard', 'adversarial', 'cure'] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];

const learningRate = z.coerce.number().positive().max(1);
const batchSize = z.coerce.number().int().min(1).max(512);

export const labSettingsShape = {
  /** Adam learning rate of each network. */
  lrStandard: learningRate,
  lrAdversarial: learningRate,
  lrCure: learningRate,
  /** Batch size of each network. */
  batchStandard: batchSize,
  batchAdversarial: batchSize,
  batchCure: batchSize,
  /** PGD threat model, for adversarial training and for the PGD-accuracy evaluation. */
  pgdNorm: z.enum(['linf', 'l2']),
  /** ε, in input units (pixels in [0, 1]). */
  eps: z.coerce.number().nonnegative().max(10),
  pgdSteps: z.coerce.number().int().min(1).max(100),
  /** PGD step size α, input units. */
  pgdStepSize: z.coerce.number().positive().max(10),
  /** CURE weight γ and finite-difference step h (input units; z is a unit vector). */
  gamma: z.coerce.number().nonnegative().max(1000),
  h: z.coerce.number().positive().max(100),
  /** 'constant' h, or the paper's per-epoch ramp up to h. */
  hSchedule: z.enum(['constant', 'ramp']),
  cureForm: z.enum(['paper', 'code']),
  /** What CURE restarts from on reset: its shipped checkpoint, the standard checkpoint
   * (fine-tuning, as the paper does), or fresh seeded weights. */
  cureStart: z.enum(['checkpoint', 'finetune', 'scratch']),
} as const;

export const labSettingsSchema = z.object(labSettingsShape);
export type LabSettings = z.infer<typeof labSettingsSchema>;
export type LabSettingKey = keyof LabSettings;

const IMAGE_DEFAULTS: LabSettings = {
  lrStandard: 1e-3,
  lrAdversarial: 1e-3,
  lrCure: 1e-4,
  batchStandard: 64,
  batchAdversarial: 64,
  batchCure: 64,
  pgdNorm: 'linf',
  eps: 0.1,
  pgdSteps: 7,
  pgdStepSize: 0.025,
  gamma: 4,
  h: 1.5,
  hSchedule: 'constant',
  cureForm: 'paper',
  cureStart: 'checkpoint',
};

const POINTS_DEFAULTS: LabSettings = {
  ...IMAGE_DEFAULTS,
  lrStandard: 1e-2,
  lrAdversarial: 1e-2,
  lrCure: 3e-3,
  batchStandard: 16,
  batchAdversarial: 16,
  batchCure: 16,
  eps: 0.15,
  pgdStepSize: 0.04,
  // γ = 4 made CURE diverge on the toy sets (pretraining on circles; live on moons at batch 8).
  gamma: 1,
  h: 0.15,
};

/** Defaults per kind of data: image inputs are pixels in [0, 1]; toy points span ~[−1.5, 1.5]. */
export function defaultLabSettings(kind: DatasetKind): LabSettings {
  return { ...(kind === 'image' ? IMAGE_DEFAULTS : POINTS_DEFAULTS) };
}

/** The live evaluation's fixed sets: the first N test points (at most the split's size). */
export const LIVE_EVALUATION = { testPoints: 500, probePoints: 32 } as const;
