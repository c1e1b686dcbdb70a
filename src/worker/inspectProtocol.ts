/**
 * The analysis part of the worker protocol: what the panels ask about the selected input (the
 * sample job) and about a fixed batch of test points (the batch job), and the results, each
 * stamped with the network, the training step of the weights it was computed from and the sample.
 * Bulk data are typed arrays, transferred. Composed into the unions of protocol.ts.
 */
import { z } from 'zod';
import { inspectSettingsSchema } from '../core/lab/inspectSettings';
import { attackNormSchema, NETWORK_IDS } from '../core/names';

const requestId = z.number().int().nonnegative();
const networkId = z.enum(NETWORK_IDS);
// Typed arrays of any buffer (the core's arrays are typed over ArrayBufferLike).
const typed = <T>(kind: abstract new (...args: never[]) => unknown) =>
  z.custom<T>((value) => value instanceof kind, { message: `expected a ${kind.name}` });
const f32 = typed<Float32Array>(Float32Array);
const f64 = typed<Float64Array>(Float64Array);
const u8 = typed<Uint8Array>(Uint8Array);
const i32 = typed<Int32Array>(Int32Array);

export const INSPECT_JOBS = ['sample', 'batch'] as const;
export type InspectJob = (typeof INSPECT_JOBS)[number];

export const inspectRequestSchemas = [
  /** Everything about test input `sample` for the three networks, at their current weights. */
  z.object({
    type: z.literal('inspectSample'),
    id: requestId,
    sample: z.number().int().nonnegative(),
    settings: inspectSettingsSchema,
  }),
  /** The "vice versa" bounds and the robust-accuracy curve on fixed test points. */
  z.object({ type: z.literal('inspectBatch'), id: requestId, settings: inspectSettingsSchema }),
] as const;

/** A grid of the model's answers on a plane: N×N cells, row-major (cell (i, j) at i·N + j). */
const gridSchema = z.object({
  size: z.number().int().min(2),
  /** Predicted class, top-two logit margin (≥ 0; 0 on the boundary), softmax confidence of the
   * predicted class. */
  pred: u8,
  margin: f32,
  confidence: f32,
  /** The decision boundary (where the top two logits tie), traced in the worker: segments
   * [i0, j0, i1, j1, …] in fractional cell indices, i along the first axis, j along the second. */
  boundary: f32,
});

/** Where the PGD example of x lies, and what the network says there. */
const adversarialSchema = z.object({
  /** x′ = x + δ, flat, input units; δ = x′ − x. */
  x: f32,
  delta: f32,
  linf: z.number(),
  l2: z.number(),
  /** δ projected on the plane: (δ·u, δ·v). */
  a: z.number(),
  b: z.number(),
  loss: z.number(),
  pred: z.number().int(),
  confidence: z.number(),
  /** The attack: the live evaluation's (PGD-20, step ε/4, random start) at the current ε. */
  epsilon: z.number(),
  norm: attackNormSchema,
});

const stamp = {
  type: z.literal('inspectResult'),
  id: requestId,
  job: z.enum(INSPECT_JOBS),
  network: networkId,
  /** Training step of the weights the result was computed from. */
  step: z.number().int().nonnegative(),
  /** The selected sample (sample job), or null (batch job). */
  sample: z.number().int().nonnegative().nullable(),
  /** Wall-clock ms the part took. */
  ms: z.number().nonnegative(),
};

export const inspectResultSchema = z.discriminatedUnion('part', [
  /** The network at x: logits, softmax, per-sample loss and gradient norm. */
  z.object({
    ...stamp,
    part: z.literal('point'),
    label: z.number().int(),
    logits: f32,
    probabilities: f32,
    loss: z.number(),
    gradNorm: z.number(),
  }),
  /** The loss landscape and decision-boundary slice on the plane x + a·u + b·v. */
  z.object({
    ...stamp,
    part: z.literal('plane'),
    radius: z.number(),
    uKind: z.enum(['normal', 'normal-sign', 'random']),
    vKind: z.enum(['random', 'eigenvector']),
    /** Whose directions: this network's own, or the standard network's (shared by all three). */
    basis: z.enum(['own', 'shared']),
    /** Per-sample loss per cell (nats); the centre cell's is ℓ(x). */
    loss: f32,
    grid: gridSchema,
    /** The ε-ball's section with the plane, (a, b) vertices, counter-clockwise. */
    epsPolygon: f64,
    adversarial: adversarialSchema,
  }),
  /** 2-D toy sets: the whole input plane (native coordinates), like TensorFlow Playground. */
  z.object({
    ...stamp,
    part: z.literal('field'),
    xRange: z.tuple([z.number(), z.number()]),
    yRange: z.tuple([z.number(), z.number()]),
    grid: gridSchema,
    /** The ε-ball around any point, as (Δx₁, Δx₂) vertices (a square for ℓ∞, a circle for ℓ2). */
    epsPolygon: f64,
  }),
  /** Input-Hessian eigenvalues at x, descending (nats per input unit²). */
  z.object({
    ...stamp,
    part: z.literal('spectrum'),
    topk: f64,
    /** All d eigenvalues when requested; empty otherwise. */
    full: f64,
    /** The finite-difference spectrum's top k at step fdH (input units): Lanczos on
     * (∇ℓ(x + hv) − ∇ℓ(x − hv))/2h, which sees ReLU kinks within fdH of x. */
    fdTopk: f64,
    fdH: z.number(),
  }),
  /** Finite-difference curvature along the normal n against h, and the exact nᵀHn (NaN and
   * empty arrays when ∇ℓ(x) = 0: there is no normal). */
  z.object({
    ...stamp,
    part: z.literal('profile'),
    hs: f64,
    fd: f64,
    // z.number() refuses NaN: the whole result was dropped as malformed (seen on moons, where a
    // confident network's loss gradient underflows to 0 at many samples).
    exact: z.number().or(z.nan()),
    gradNorm: z.number(),
  }),
  /** λ_max of the exact and of the finite-difference spectrum (step fdH) at each of the first
   * `count` test points (the bounds panel's points), and their means. */
  z.object({
    ...stamp,
    part: z.literal('curvatureMean'),
    count: z.number().int(),
    fdH: z.number(),
    exact: f64,
    fd: f64,
    exactMean: z.number(),
    fdMean: z.number(),
  }),
  /** Predictions on the gallery's inputs (the first pred.length test inputs). */
  z.object({ ...stamp, part: z.literal('strip'), pred: u8, confidence: f32 }),
  /** Measured robustness against the quadratic bounds, on the first test points. */
  z.object({
    ...stamp,
    part: z.literal('bounds'),
    c: z.number(),
    indices: i32,
    rho: f64,
    lower: f64,
    upper: f64,
    loss: f64,
    nu: f64,
    gradNorm: f64,
  }),
  /** PGD accuracy against ε (the live evaluation's attack family). */
  z.object({
    ...stamp,
    part: z.literal('robustCurve'),
    eps: f64,
    accuracy: f64,
    count: z.number().int(),
    norm: attackNormSchema,
  }),
]);
export type InspectResult = z.infer<typeof inspectResultSchema>;
export type InspectPart = InspectResult['part'];

export const inspectEventSchemas = [
  inspectResultSchema,
  /** How far a job is: its current stage, network and fraction done (0–1) of that stage. */
  z.object({
    type: z.literal('inspectProgress'),
    id: requestId,
    job: z.enum(INSPECT_JOBS),
    part: z.string(),
    network: networkId.nullable(),
    fraction: z.number().min(0).max(1),
  }),
] as const;

/** The buffers of a result, to transfer. */
export function inspectTransferables(result: InspectResult): Transferable[] {
  const buffers: ArrayBufferLike[] = [];
  const visit = (value: unknown) => {
    if (ArrayBuffer.isView(value)) buffers.push(value.buffer);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(result);
  return [...new Set(buffers)] as ArrayBuffer[];
}
