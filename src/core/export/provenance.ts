/**
 * Provenance: how an exported figure or table was made, the same object in every export (a PNG's
 * text chunk, an SVG's <metadata>, a CSV's `#` header, a JSON's `provenance` field) — enough for a
 * reader or reviewer to reproduce it: the app and its version, when, the share link that reopens
 * the view, the dataset, sample and label, the seed, the backend, every setting (the URL's keys),
 * and per network its step, the checkpoint it started from and `weightsSha256`, the SHA-256 of
 * its weights as exported (float32 bytes in model order): two files with equal digests come from
 * identical networks.
 */
import { z } from 'zod';
import { NETWORK_IDS } from '../names';

export const PROVENANCE_FORMAT = 'curvature-lab/provenance@1';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const provenanceSchema = z.object({
  format: z.literal(PROVENANCE_FORMAT),
  app: z.object({ name: z.string(), version: z.string() }),
  /** ISO 8601, when the export was made. */
  time: z.string(),
  /** The share link that reopens this view (the URL with every setting). */
  link: z.string(),
  dataset: z.string(),
  split: z.literal('test'),
  /** The selected test input and its label (what sample panels show). */
  sample: z.number().int().nonnegative(),
  label: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative(),
  backend: z.string(),
  /** Every setting, by its URL key. */
  settings: z.record(z.string(), z.string()),
  /** What the exported figure shows: its panel and, per network drawn, the training step its
   * data was computed at (a network that kept training since has a later `networks[].step`). */
  figure: z
    .object({
      panel: z.string(),
      steps: z.partialRecord(z.enum(NETWORK_IDS), z.number().int().nonnegative()),
    })
    .optional(),
  /** Each network as it was when the export was made (weightsSha256 is of these weights). */
  networks: z.array(
    z.object({
      id: z.enum(NETWORK_IDS),
      step: z.number().int().nonnegative(),
      /** The shipped checkpoint the network was opened from (null: trained from scratch here). */
      checkpoint: z.object({ path: z.string(), sha256: sha256 }).nullable(),
      weightsSha256: sha256,
    }),
  ),
});

export type Provenance = z.infer<typeof provenanceSchema>;

/** The provenance as JSON with every non-ASCII character escaped (\uXXXX): still the same JSON,
 * and safe in a PNG tEXt chunk (Latin-1) and in any CSV reader's encoding guess. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
