/**
 * The typed messages between the main thread (src/client) and the engine worker. One zod schema
 * per message is the single source of truth: the TypeScript types are inferred from it, and both
 * ends validate what they receive, so a stale worker bundle or a malformed message is reported
 * instead of half-handled. Bulk data travels as typed arrays in the transfer list.
 *
 * Requests carry an `id` chosen by the client; every reply names the request it answers. A request
 * can be cancelled with `{ type: 'cancel', target: id }`; the worker then answers `cancelled`.
 */
import { z } from 'zod';
import { DATASET_IDS } from '../core/datasets/types';
import {
  inspectEventSchemas,
  inspectRequestSchemas,
  inspectTransferables,
} from './inspectProtocol';
import {
  savedLabTransferables,
  sessionEventSchemas,
  sessionRequestSchemas,
} from './sessionProtocol';
import {
  deltaTransferables,
  trainingEventSchemas,
  trainingRequestSchemas,
} from './trainingProtocol';
import { architectureSchema, networkIdSchema } from '../core/names';

export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export const backendNameSchema = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof backendNameSchema>;
export const backendRequestSchema = z.enum([...BACKEND_NAMES, 'auto']);
export type BackendRequest = z.infer<typeof backendRequestSchema>;

const datasetIdSchema = z.enum(DATASET_IDS);

/** What a WebGPU adapter says about itself (null fields where the browser withholds them). */
export const adapterInfoSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  description: z.string(),
  isFallbackAdapter: z.boolean(),
});
export type AdapterInfo = z.infer<typeof adapterInfoSchema>;

/** One candidate backend as the selection saw it. */
export const candidateReportSchema = z.object({
  name: backendNameSchema,
  outcome: z.enum(['chosen', 'slower', 'unsupported', 'failed', 'not-tried']),
  /** Median ms per probe step, when it was timed. */
  msPerStep: z.number().nullable(),
  detail: z.string(),
});
export type CandidateReport = z.infer<typeof candidateReportSchema>;

export const backendStatusSchema = z.object({
  name: backendNameSchema,
  requested: backendRequestSchema,
  adapter: adapterInfoSchema.nullable(),
  /** One sentence: why this backend runs (forced, real GPU, fastest probe, fallback…). */
  reason: z.string(),
  candidates: z.array(candidateReportSchema),
});
export type BackendStatus = z.infer<typeof backendStatusSchema>;

const float32Array = z.instanceof(Float32Array);
const uint8Array = z.instanceof(Uint8Array);

export const datasetInfoSchema = z.object({
  id: datasetIdSchema,
  name: z.string(),
  kind: z.enum(['image', 'points']),
  inputShape: z.array(z.number().int().positive()),
  classNames: z.array(z.string()),
  inputRange: z.tuple([z.number(), z.number()]),
  provenance: z.string(),
});

const requestId = z.number().int().nonnegative();

const splitSchema = z.object({
  count: z.number().int().nonnegative(),
  x: float32Array,
  y: uint8Array,
});

export const engineRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    id: requestId,
    backend: backendRequestSchema,
    architecture: architectureSchema,
  }),
  z.object({
    type: z.literal('loadDataset'),
    id: requestId,
    dataset: datasetIdSchema,
    seed: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('tinyOp'), id: requestId }),
  /** tf.memory() of the engine: to check that tensor counts stay flat. */
  z.object({ type: z.literal('memory'), id: requestId }),
  z.object({ type: z.literal('cancel'), id: requestId, target: requestId }),
  /** Destroys the WebGPU device, to exercise recovery from a lost device (tests and demos). */
  z.object({ type: z.literal('simulateDeviceLoss'), id: requestId }),
  /** Answered at once with `done`: the client's heartbeat (a worker that stops answering is
   * restarted, engineClient.ts). */
  z.object({ type: z.literal('ping'), id: requestId }),
  /** Takes a Web Lock by this name and holds it for the worker's life, answering `done` once it
   * is held: the browser releases it when the worker dies, however it dies, and the client,
   * queued on the same lock, learns of the death at once (engineClient.ts). */
  z.object({ type: z.literal('holdLifeLock'), id: requestId, name: z.string().min(1).max(200) }),
  /** Makes the worker die, to exercise the restart (tests and demos): 'error' throws an uncaught
   * error, 'exit' closes the worker without a word (as a killed process would). */
  z.object({ type: z.literal('crash'), id: requestId, how: z.enum(['error', 'exit']) }),
  /** Times a probe step on every backend that could run `architecture`, as the automatic choice
   * does. It switches the active backend, so only a worker of its own answers it (one started
   * for this and then terminated), never the engine. */
  z.object({
    type: z.literal('probeBackends'),
    id: requestId,
    architecture: architectureSchema,
    /** The backend forced in the engine: always timed (software WebGPU is skipped otherwise). */
    forced: backendNameSchema,
  }),
  ...trainingRequestSchemas,
  ...sessionRequestSchemas,
  ...inspectRequestSchemas,
]);
export type EngineRequest = z.infer<typeof engineRequestSchema>;

export const engineEventSchema = z.discriminatedUnion('type', [
  /** The backend is up (answer to `init`, or unsolicited with id null after recovering from a lost device). */
  z.object({ type: z.literal('ready'), id: requestId.nullable(), status: backendStatusSchema }),
  z.object({ type: z.literal('progress'), id: requestId, message: z.string() }),
  z.object({
    type: z.literal('datasetLoaded'),
    id: requestId,
    info: datasetInfoSchema,
    seed: z.number().int().nonnegative(),
    trainCount: z.number().int().nonnegative(),
    test: splitSchema,
    /** The training split too for 2-D toy sets (a few KB), drawn under their decision maps. */
    train: splitSchema.nullable(),
  }),
  /** A fixed small computation run on the active backend, with the values it produced. */
  z.object({
    type: z.literal('tinyOpResult'),
    id: requestId,
    backend: backendNameSchema,
    values: z.array(z.number()),
  }),
  z.object({
    type: z.literal('memoryInfo'),
    id: requestId,
    numTensors: z.number().int().nonnegative(),
    numBytes: z.number().nonnegative(),
    /** Analysis jobs running (each holds frozen copies of the three networks meanwhile). */
    analysisJobs: z.number().int().nonnegative(),
  }),
  /** The answer to probeBackends: each backend as the automatic choice would see it, and the
   * wall-clock ms the probing took. */
  z.object({
    type: z.literal('probeResult'),
    id: requestId,
    candidates: z.array(candidateReportSchema),
    ms: z.number().nonnegative(),
  }),
  z.object({ type: z.literal('cancelled'), id: requestId }),
  /** A request that returns nothing has finished. */
  z.object({ type: z.literal('done'), id: requestId }),
  z.object({ type: z.literal('failed'), id: requestId.nullable(), message: z.string() }),
  /** The GPU device went away; the worker is choosing another backend and will send `ready`. */
  z.object({
    type: z.literal('backendLost'),
    backend: backendNameSchema,
    message: z.string(),
    /** The steps of the copy the networks will continue from (null: none was saved). */
    savedSteps: z.record(networkIdSchema, z.number().int().nonnegative()).nullable(),
  }),
  ...trainingEventSchemas,
  ...sessionEventSchemas,
  ...inspectEventSchemas,
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;

/** The tiny op's expected values: [[1, 2], [3, 4]]·[5, 6]ᵀ = [17, 39], and Σ exp([0, ln 2]) = 3. */
export const TINY_OP_EXPECTED = [17, 39, 3] as const;

/** The buffers of an event that can be transferred rather than copied. */
export function transferablesOf(event: EngineEvent): Transferable[] {
  if (event.type === 'datasetLoaded') {
    const splits = event.train ? [event.test, event.train] : [event.test];
    return splits.flatMap((split) => [split.x.buffer, split.y.buffer]);
  }
  if (event.type === 'trainingDelta') return deltaTransferables(event.networks);
  if (event.type === 'inspectResult') return inspectTransferables(event);
  if (event.type === 'labSaved') return savedLabTransferables(event.lab);
  return [];
}
