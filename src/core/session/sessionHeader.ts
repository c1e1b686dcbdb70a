/**
 * The JSON header of a session file (sessionFile.ts), as a zod schema: every field is checked,
 * with its path in the message, before anything in the file is used. Arrays live after the header
 * and are referred to by index; their dtype and length are checked against the list.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();
const dim = z.number().int().positive().max(1_000_000);
const shape = z.array(dim).max(8);

export const arrayRefSchema = z.object({
  index: count,
  dtype: z.enum(['float32', 'float64', 'int32', 'uint8']),
  length: count,
});
export type ArrayRef = z.infer<typeof arrayRefSchema>;

const rngSchema = z.object({
  counter: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  spareNormal: z.number().finite().nullable(),
});

const networkSchema = z.object({
  progress: z.object({
    step: count,
    stream: z.object({ epoch: count, cursor: count }),
  }),
  rng: rngSchema.nullable(),
  weights: z
    .array(z.object({ shape, values: arrayRefSchema }))
    .min(1)
    .max(1000),
  adam: z
    .object({
      iterations: count,
      accBeta1: z.number().min(0).max(1),
      accBeta2: z.number().min(0).max(1),
      moments: z
        .array(z.object({ shape, first: arrayRefSchema, second: arrayRefSchema }))
        .max(1000),
    })
    .nullable(),
});

const seriesSchema = z.object({
  steps: arrayRefSchema,
  values: arrayRefSchema,
  stride: z.number().int().positive(),
  sinceKept: count,
  latest: z.object({ step: z.number().finite(), value: z.number().nullable() }).nullable(),
});

const importedSchema = z.object({
  mode: z.enum(['frozen', 'finetune']),
  files: z
    .array(z.object({ name: z.string().min(1).max(255), bytes: arrayRefSchema }))
    .min(1)
    .max(64),
});

const perNetwork = <T extends z.ZodType>(schema: T) =>
  z.object({ standard: schema, adversarial: schema, cure: schema });

export const sessionHeaderSchema = z.object({
  format: z.literal('curvature-lab/session'),
  version: z.literal(1),
  savedAt: z.string().datetime(),
  app: z.object({ name: z.string(), version: z.string() }),
  link: z.string().startsWith('?').max(10_000),
  backend: z.string().max(32),
  until: z.number().int().positive().nullable(),
  identity: z.string().max(1000),
  running: z.boolean(),
  networks: perNetwork(networkSchema),
  histories: perNetwork(z.record(z.string().max(64), seriesSchema)),
  imported: perNetwork(importedSchema.nullable()),
  arrays: z.array(z.object({ dtype: arrayRefSchema.shape.dtype, length: count })).max(100_000),
});
export type SessionHeader = z.infer<typeof sessionHeaderSchema>;
