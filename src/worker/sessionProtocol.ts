/**
 * The sessions part of the worker protocol: reading the lab out whole (to save a session file or
 * autosave it), checking a saved lab against the networks it would continue, and (in openLab's
 * `resume`) continuing it. A `SavedLab` travels as typed arrays, transferred not copied.
 */
import { z } from 'zod';
import type { SavedLab } from '../core/lab/savedLab';
import { architectureSchema, hiddenActivationSchema, type NetworkId } from '../core/names';
import type { ImportedSlot } from '../core/session/sessionFile';
import { DATASET_IDS } from '../core/datasets/types';

const requestId = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
const shape = z.array(z.number().int().positive());

const savedNetworkSchema = z.object({
  weights: z.object({
    tensors: z.array(
      z.object({
        shape,
        dtype: z.enum(['float32', 'int32']),
        values: z.instanceof(Float32Array).or(z.instanceof(Int32Array)),
      }),
    ),
  }),
  trainer: z.object({
    adam: z
      .object({
        iterations: count,
        accBeta1: z.number(),
        accBeta2: z.number(),
        moments: z.array(
          z.object({
            shape,
            first: z.instanceof(Float32Array),
            second: z.instanceof(Float32Array),
          }),
        ),
      })
      .nullable(),
    rng: z.object({ counter: count, spareNormal: z.number().nullable() }).nullable(),
  }),
  progress: z.object({ step: count, stream: z.object({ epoch: count, cursor: count }) }),
});

export const savedLabSchema = z.object({
  version: z.literal(2),
  identity: z.string(),
  running: z.boolean(),
  networks: z.object({
    standard: savedNetworkSchema,
    adversarial: savedNetworkSchema,
    cure: savedNetworkSchema,
  }),
});
export type SavedLabMessage = z.infer<typeof savedLabSchema>;
// The schema and the core's type must describe the same thing: a message is a SavedLab…
const _sameShape: (lab: SavedLabMessage) => SavedLab = (lab) => lab;
void _sameShape;

/** …and a SavedLab is a message: the core's type only adds `readonly`, and its typed arrays are
 * ones the worker made (ArrayBuffer-backed). */
export const asSavedLabMessage = (lab: SavedLab) => lab as unknown as SavedLabMessage;

/** A slot's imported model as a session holds it: its files and how the slot uses it. */
const importedSlotSchema = z
  .object({
    mode: z.enum(['frozen', 'finetune']),
    files: z.array(z.object({ name: z.string(), bytes: z.instanceof(Uint8Array) })),
  })
  .nullable();
export const sessionImportsSchema = z.object({
  standard: importedSlotSchema,
  adversarial: importedSlotSchema,
  cure: importedSlotSchema,
});
export type SessionImports = z.infer<typeof sessionImportsSchema>;

/** A session file's imports as a message (the same data; the file's type is readonly). */
export const asSessionImports = (imported: Record<NetworkId, ImportedSlot | null>) =>
  imported as unknown as SessionImports;

export const sessionRequestSchemas = [
  /** Every network's weights, optimizer, generator and progress, copied at one moment. */
  z.object({ type: z.literal('saveLab'), id: requestId }),
  /** Whether `lab` fits the networks of this build (weights' and moments' shapes), before the
   * client replaces anything with it. */
  z.object({
    type: z.literal('checkSavedLab'),
    id: requestId,
    dataset: z.enum(DATASET_IDS),
    architecture: architectureSchema,
    activation: hiddenActivationSchema,
    lab: savedLabSchema,
    /** Models imported into slots: those slots are checked against their model. */
    imported: sessionImportsSchema,
  }),
] as const;

export const sessionEventSchemas = [
  z.object({
    type: z.literal('labSaved'),
    id: requestId,
    lab: savedLabSchema,
    /** The step the networks pause at, as the lab holds it. */
    until: z.number().int().positive().nullable(),
    /** The models imported into slots, with their files. */
    imported: sessionImportsSchema,
  }),
  z.object({ type: z.literal('savedLabChecked'), id: requestId, problem: z.string().nullable() }),
] as const;

/** The buffers of a saved lab, to transfer. */
export function savedLabTransferables(lab: SavedLab): Transferable[] {
  return Object.values(lab.networks).flatMap((network) => [
    ...network.weights.tensors.map((t) => t.values.buffer as ArrayBuffer),
    ...(network.trainer.adam?.moments ?? []).flatMap((m) => [
      m.first.buffer as ArrayBuffer,
      m.second.buffer as ArrayBuffer,
    ]),
  ]);
}
