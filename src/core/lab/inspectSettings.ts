/**
 * What the analysis panels compute around the selected input, and how they show it: one flat
 * table mirrored in the URL (a link reproduces the figure), validated by one zod schema with
 * defaults per kind of dataset, like the training settings (settings.ts).
 */
import { z } from 'zod';
import type { DatasetKind } from '../datasets/types';
import { numberIn, type NumericRange } from './ranges';

/** 'true' / 'false' from a URL, or a boolean from the protocol. */
const flag = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean(),
);

/** Grid resolutions offered (cells per side); the schema accepts these and no others. */
export const RESOLUTIONS = [16, 24, 32, 48, 64, 96, 128] as const;

/** The range of every numeric analysis setting (the slider and the schema read these). */
export const INSPECT_SETTING_RANGES = {
  radius: { min: 0.01, max: 50, scale: 'log' },
  topK: { min: 1, max: 20, integer: true },
  fdH: { min: 1e-4, max: 100, scale: 'log' },
  boundsPoints: { min: 1, max: 64, integer: true },
  boundsC: { min: 0.05, max: 10 },
  curvePoints: { min: 10, max: 2000, integer: true },
} as const satisfies Record<string, NumericRange>;

const R = INSPECT_SETTING_RANGES;
export const inspectSettingsShape = {
  /** The plane's second axis v: a seeded random direction or the top Hessian eigenvector, both
   * orthogonalized against u (the normal direction) and normalized. */
  plane: z.enum(['random', 'eigenvector']),
  /** Whose plane: each network's own (its normal, its eigenvector), or the standard network's
   * for all three (the same slice of input space in every column). */
  planeBasis: z.enum(['own', 'shared']),
  /** Cells per side of the landscape and boundary grids; the grid has resolution + 1 points per
   * axis, so its centre point is x itself. */
  resolution: z.coerce.number().refine((n) => (RESOLUTIONS as readonly number[]).includes(n), {
    message: `expected one of ${RESOLUTIONS.join(', ')}`,
  }),
  /** Half-width of the plane (input units): the grid spans [−radius, radius] along u and v. */
  radius: numberIn(R.radius),
  /** One height (and colour) scale for the three landscapes, or one each. */
  heightScale: z.enum(['shared', 'independent']),
  spectrumScale: z.enum(['linear', 'log']),
  /** Which spectrum the spectrum panel draws: the exact input Hessian's, or the finite-difference
   * one at step fdH (both are computed; switching only redraws). */
  spectrumView: z.enum(['exact', 'fd']),
  /** Also compute all d eigenvalues (d Hessian-vector products and a dense eigensolver). */
  fullSpectrum: flag,
  /** Top eigenvalues by Lanczos. */
  topK: numberIn(R.topK),
  /** The h marked on the finite-difference curvature profile (input units). */
  fdH: numberIn(R.fdH),
  /** "Vice versa": test points whose measured robustness is set against the bounds, and the
   * loss increase c (nats) that defines robustness there. */
  boundsPoints: numberIn(R.boundsPoints),
  boundsC: numberIn(R.boundsC),
  /** Test points of the robust-accuracy-against-ε curve. */
  curvePoints: numberIn(R.curvePoints),
  /** Which training curve is shown (a series of src/client/trainingSeries.ts). */
  curveMetric: z.enum([
    'loss',
    'accuracy',
    'cleanAccuracy',
    'pgdAccuracy',
    'topEigenvalue',
    'cureDiffNorm',
    'gradDiffNorm',
    'regularizer',
    'ms',
    'h',
  ]),
} as const;

export const inspectSettingsSchema = z.object(inspectSettingsShape);
export type InspectSettings = z.infer<typeof inspectSettingsSchema>;
export type InspectSettingKey = keyof InspectSettings;

const IMAGE_DEFAULTS: InspectSettings = {
  plane: 'random',
  planeBasis: 'own',
  resolution: 64,
  radius: 2,
  heightScale: 'shared',
  spectrumScale: 'linear',
  spectrumView: 'exact',
  fullSpectrum: false,
  topK: 10,
  fdH: 1.5,
  boundsPoints: 16,
  boundsC: 1,
  curvePoints: 200,
  curveMetric: 'loss',
};

const POINTS_DEFAULTS: InspectSettings = {
  ...IMAGE_DEFAULTS,
  radius: 0.6,
  topK: 2,
  fdH: 0.15,
};

/** Defaults per kind of data (images: pixels in [0, 1]; toy points span ~[−1.5, 1.5]). */
export function defaultInspectSettings(kind: DatasetKind): InspectSettings {
  return { ...(kind === 'image' ? IMAGE_DEFAULTS : POINTS_DEFAULTS) };
}

/** The settings that change what the sample analysis computes (not only how it is drawn). */
export const SAMPLE_ANALYSIS_KEYS = [
  'plane',
  'planeBasis',
  'resolution',
  'radius',
  'fullSpectrum',
  'topK',
  'fdH',
] as const satisfies readonly InspectSettingKey[];

/** The settings that change what the batch analysis (curvature means, bounds, robust curve)
 * computes. */
export const BATCH_ANALYSIS_KEYS = [
  'fdH',
  'boundsPoints',
  'boundsC',
  'curvePoints',
] as const satisfies readonly InspectSettingKey[];
