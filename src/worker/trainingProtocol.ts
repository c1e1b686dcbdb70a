/**
 * The training part of the worker protocol: opening a lab session on shipped checkpoints,
 * settings and controls, and the streamed deltas (columnar typed arrays, only what is new since
 * the last delta, transferred not copied). Composed into the unions of protocol.ts.
 */
import { z } from 'zod';
import { labSettingsSchema, labSettingsShape } from '../core/lab/settings';
import { savedLabSchema, sessionImportsSchema } from './sessionProtocol';
import {
  architectureSchema,
  attackNormSchema,
  hiddenActivationSchema,
  networkIdSchema,
} from '../core/names';

const requestId = z.number().int().nonnegative();

/** How an imported network takes part: analyzed as it is, or trained on with its column's
 * method (standard, PGD or CURE) like the others. */
export const IMPORT_MODES = ['frozen', 'finetune'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** What a network's column says about an imported model. */
export const importedOriginSchema = z.object({
  /** The topology's own name, else model.json's file name. */
  name: z.string(),
  file: z.string(),
  /** Of model.json's bytes and the weight files in manifest order. */
  sha256: z.string(),
  /** The input range the model expects (model.json's userDefinedMetadata, else [0, 1]). */
  inputRange: z.tuple([z.number(), z.number()]),
  inputRangeSource: z.enum(['model.json', 'default']),
  mode: z.enum(IMPORT_MODES),
  layerClasses: z.array(z.string()),
  parameterCount: z.number().int().nonnegative(),
  /** The model's own per-sample input shape (the lab reshapes its inputs to it). */
  modelInputShape: z.array(z.number().int().positive()),
  /** True when a final softmax was removed: the lab analyzes logits. */
  strippedSoftmax: z.boolean(),
});
export type ImportedOrigin = z.infer<typeof importedOriginSchema>;
const float32Array = z.instanceof(Float32Array);
const float64Array = z.instanceof(Float64Array);

export const trainingRequestSchemas = [
  /** Loads the three checkpoints of the current dataset and architecture into a new session. */
  z.object({
    type: z.literal('openLab'),
    id: requestId,
    architecture: architectureSchema,
    activation: hiddenActivationSchema,
    seed: z.number().int().nonnegative(),
    settings: labSettingsSchema,
    /** Each network pauses after this many steps (a pinned link's `until`); null: no limit. */
    until: z.number().int().positive().nullable(),
    /** A saved lab of this build to continue (a loaded session or the autosave), checked first
     * with `checkSavedLab`. */
    resume: savedLabSchema.optional(),
    /** With `resume`: the models its slots hold (they are imported again first). */
    resumeImports: sessionImportsSchema.optional(),
  }),
  z.object({ type: z.literal('setSettings'), id: requestId, settings: labSettingsSchema }),
  z.object({
    type: z.literal('control'),
    id: requestId,
    action: z.enum(['play', 'pause', 'step', 'reset']),
    /** One network, or all three. */
    network: networkIdSchema.or(z.literal('all')),
  }),
  /** What a network predicts now at the given inputs (flat, count × input size). */
  z.object({
    type: z.literal('predict'),
    id: requestId,
    network: networkIdSchema,
    inputs: float32Array,
  }),
  /** Writes NaN into one weight of a network (tests and demos of divergence handling). */
  z.object({ type: z.literal('injectNaN'), id: requestId, network: networkIdSchema }),
  /** Puts a TensorFlow.js LayersModel (model.json and its weight files, by name) in a network's
   * place once it passes every check (src/core/importedModel.ts); answered by `modelImported`
   * or `importRefused` (then nothing changed). */
  z.object({
    type: z.literal('importModel'),
    id: requestId,
    slot: networkIdSchema,
    files: z.array(z.object({ name: z.string().min(1), bytes: z.instanceof(Uint8Array) })).min(1),
    mode: z.enum(IMPORT_MODES),
  }),
  /** Each network's weightsSha256 now and, with a sample, its analysis report of that test
   * input (src/worker/exporter.ts): what exports record. */
  z.object({
    type: z.literal('exportNetworks'),
    id: requestId,
    sample: z.number().int().nonnegative().nullable(),
    analysis: z.object({
      h: z.number().positive(),
      form: z.enum(['paper', 'code']),
      topk: z.number().int().positive(),
      full: z.boolean(),
      gridSize: z.number().int().min(2),
      radius: z.number().positive(),
      vKind: z.enum(['random', 'eigenvector']),
      seed: z.number().int().nonnegative(),
    }),
  }),
] as const;

/** What a network starts from, as opened. */
export const networkOriginSchema = z.object({
  id: networkIdSchema,
  /** 'checkpoint' with its manifest's numbers, 'fresh' (no checkpoint for this setup), or
   * 'imported' by the user (see `imported`). */
  source: z.enum(['checkpoint', 'fresh', 'imported']),
  sha256: z.string().nullable(),
  /** The manifest's evaluation, when opened from a checkpoint. */
  cleanAccuracy: z.number().nullable(),
  pgdAccuracy: z.number().nullable(),
  topEigenvalue: z.number().nullable(),
  /** What the manifest's numbers were measured at (null when fresh). */
  measuredAt: z
    .object({
      eps: z.number().nonnegative(),
      norm: attackNormSchema,
      pgdSteps: z.number().int().nonnegative(),
      h: z.number().positive(),
      testPoints: z.number().int().positive(),
      probePoints: z.number().int().positive(),
    })
    .nullable(),
  parameters: z.number().int().nonnegative(),
  /** Set when the network continues from a copy saved before its backend was lost: its step. */
  continuedAtStep: z.number().int().nonnegative().nullable(),
  /** Set when the network is a model the user imported into this slot. */
  imported: importedOriginSchema.nullable(),
});
export type NetworkOrigin = z.infer<typeof networkOriginSchema>;

/** New training steps of one network, one array entry per step. */
export const stepColumnsSchema = z.object({
  step: float64Array,
  loss: float32Array,
  accuracy: float32Array,
  ms: float32Array,
  /** CURE only (NaN elsewhere): the regularizer R, (1/B)Σ‖d‖, γ and h used. */
  regularizer: float32Array,
  gradDiffNorm: float32Array,
  gamma: float32Array,
  h: float32Array,
});
export type StepColumns = z.infer<typeof stepColumnsSchema>;

/** One network's figures from one evaluation round, with everything they were measured at. */
export const evaluationRecordSchema = z.object({
  /** The network's step when evaluated (training does not run during a round). */
  step: z.number().int().nonnegative(),
  /** The round (1, 2, …): the three networks' records of a round share ε, norm, h and points. */
  round: z.number().int().positive(),
  /** The PGD threat model of pgdAccuracy: radius (input units), norm and steps (step ε/4). */
  eps: z.number().nonnegative(),
  norm: attackNormSchema,
  pgdSteps: z.number().int().positive(),
  /** CURE step h of cureDiffNorm (input units). */
  h: z.number().positive(),
  /** Test points of the clean and PGD accuracies; probe points of λmax and ‖Δ∇ℓ‖. */
  testPoints: z.number().int().positive(),
  probePoints: z.number().int().positive(),
  cleanAccuracy: z.number(),
  pgdAccuracy: z.number(),
  cureDiffNorm: z.number(),
  topEigenvalue: z.number(),
  ms: z.number(),
});
export type EvaluationRecord = z.infer<typeof evaluationRecordSchema>;

export const networkDeltaSchema = z.object({
  steps: stepColumnsSchema,
  evaluations: z.array(evaluationRecordSchema),
  /** Steps taken since the last reset, and epochs of data seen. */
  step: z.number().int().nonnegative(),
  epoch: z.number().nonnegative(),
  /** Steps per second over the recent window (training only). */
  stepsPerSecond: z.number().nonnegative(),
  pausedBecause: z.string().nullable(),
  /**
   * Where the network's current run started: null while it runs on from how it was opened (its
   * origin says), else the start point of its last reset — for CURE, the `cureStart` then in
   * force (a reset with 'finetune' puts the standard network's opening weights in CURE's column).
   */
  startedFrom: labSettingsShape.cureStart.nullable(),
});
export type NetworkDelta = z.infer<typeof networkDeltaSchema>;

export const trainingEventSchemas = [
  /** Answer to `exportNetworks`, the three networks in column order from one frozen copy. The
   * report is `curvature-lab/analysis@1` (validated by the worker), null without a sample. */
  z.object({
    type: z.literal('exportedNetworks'),
    id: requestId,
    networks: z.array(
      z.object({
        id: networkIdSchema,
        step: z.number().int().nonnegative(),
        weightsSha256: z.string().regex(/^[0-9a-f]{64}$/),
        report: z.unknown(),
      }),
    ),
  }),
  /** Answer to `predict`: the class of each input, with the step of the weights used. */
  z.object({
    type: z.literal('predictions'),
    id: requestId,
    step: z.number().int().nonnegative(),
    pred: z.instanceof(Int32Array),
  }),
  /** Answer to `importModel`: the slot now holds the model, at step 0; its new origin. */
  z.object({ type: z.literal('modelImported'), id: requestId, origin: networkOriginSchema }),
  /** Answer to `importModel` when a check refused the files: the message names the file, layer
   * or weight at fault; the slot and training are untouched. */
  z.object({
    type: z.literal('importRefused'),
    id: requestId,
    slot: networkIdSchema,
    message: z.string(),
  }),
  z.object({
    type: z.literal('labOpened'),
    id: requestId,
    networks: z.array(networkOriginSchema),
    /** Whether the client should start training (false when continuing a paused lab). */
    play: z.boolean(),
  }),
  z.object({
    type: z.literal('trainingDelta'),
    running: z.boolean(),
    networks: z.object({
      standard: networkDeltaSchema,
      adversarial: networkDeltaSchema,
      cure: networkDeltaSchema,
    }),
    /** The step the networks pause at (`until`), null once there is none: playing on from it
     * clears it, and the client then drops it from the link. */
    until: z.number().int().positive().nullable(),
  }),
] as const;

/** The buffers of a delta, to transfer. */
export function deltaTransferables(networks: Record<string, NetworkDelta>): Transferable[] {
  return Object.values(networks).flatMap((delta) =>
    Object.values(delta.steps).map((array) => array.buffer as ArrayBuffer),
  );
}
