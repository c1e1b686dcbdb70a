/**
 * An independent float64 reference for the app's model builders: forward pass, cross-entropy
 * and its input gradient by hand-written backprop, in plain JavaScript numbers. Finite
 * differences of these float64 gradients (step ~1e-5) are accurate to ~1e-9 and, at that step,
 * do not cross ReLU or max-pool kinks — the reference float32 finite differences cannot give.
 * Supports what the builders use: dense, conv2d (valid, stride 1), valid max pooling, flatten,
 * with relu / tanh / softplus / gelu / linear.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ForwardPlan } from '../../src/core/models';
import { erf64 } from './reference64';

export type Act = 'relu' | 'tanh' | 'softplus' | 'gelu' | 'linear';

/** Model weights as float64 arrays, one per plan weight, in plan order. */
export type Weights64 = number[][];

/** A per-sample activation: shape [h, w, c] for images, [n] for vectors; row-major data. */
interface Act64 {
  shape: number[];
  data: number[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const Phi = (z: number) => 0.5 * (1 + erf64(z / Math.SQRT2));
const phi = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);

function act(name: Act, z: number): number {
  if (name === 'relu') return Math.max(z, 0);
  if (name === 'tanh') return Math.tanh(z);
  if (name === 'softplus') return z > 30 ? z : Math.log1p(Math.exp(z));
  if (name === 'gelu') return z * Phi(z);
  return z;
}

function actDerivative(name: Act, z: number): number {
  if (name === 'relu') return z > 0 ? 1 : 0;
  if (name === 'tanh') return 1 - Math.tanh(z) ** 2;
  if (name === 'softplus') return sigmoid(z);
  if (name === 'gelu') return Phi(z) + z * phi(z);
  return 1;
}

/** What one step remembers for the backward pass. */
type Tape = { input: Act64; pre?: number[]; argmax?: number[] };

function conv(x: Act64, k: number[], kShape: number[], b: number[] | null): Act64 {
  const [h, w, cin] = x.shape as [number, number, number];
  const [kh, kw, , cout] = kShape as [number, number, number, number];
  const ho = h - kh + 1;
  const wo = w - kw + 1;
  const out = new Array<number>(ho * wo * cout).fill(0);
  for (let i = 0; i < ho; i++)
    for (let j = 0; j < wo; j++)
      for (let o = 0; o < cout; o++) {
        let s = b === null ? 0 : b[o]!;
        for (let di = 0; di < kh; di++)
          for (let dj = 0; dj < kw; dj++)
            for (let c = 0; c < cin; c++)
              s +=
                x.data[((i + di) * w + j + dj) * cin + c]! *
                k[((di * kw + dj) * cin + c) * cout + o]!;
        out[(i * wo + j) * cout + o] = s;
      }
  return { shape: [ho, wo, cout], data: out };
}

function convBackward(x: Act64, k: number[], kShape: number[], dOut: number[]): number[] {
  const [, w, cin] = x.shape as [number, number, number];
  const [kh, kw, , cout] = kShape as [number, number, number, number];
  const wo = w - kw + 1;
  const ho = dOut.length / (wo * cout);
  const dIn = new Array<number>(x.data.length).fill(0);
  for (let i = 0; i < ho; i++)
    for (let j = 0; j < wo; j++)
      for (let o = 0; o < cout; o++) {
        const g = dOut[(i * wo + j) * cout + o]!;
        for (let di = 0; di < kh; di++)
          for (let dj = 0; dj < kw; dj++)
            for (let c = 0; c < cin; c++)
              dIn[((i + di) * w + j + dj) * cin + c]! +=
                g * k[((di * kw + dj) * cin + c) * cout + o]!;
      }
  return dIn;
}

function maxPool(x: Act64, pool: readonly number[], strides: readonly number[]) {
  const [h, w, c] = x.shape as [number, number, number];
  const ho = Math.floor((h - pool[0]!) / strides[0]!) + 1;
  const wo = Math.floor((w - pool[1]!) / strides[1]!) + 1;
  const data: number[] = [];
  const argmax: number[] = [];
  for (let i = 0; i < ho; i++)
    for (let j = 0; j < wo; j++)
      for (let ch = 0; ch < c; ch++) {
        let best = -1;
        for (let di = 0; di < pool[0]!; di++)
          for (let dj = 0; dj < pool[1]!; dj++) {
            const k = ((i * strides[0]! + di) * w + j * strides[1]! + dj) * c + ch;
            if (best < 0 || x.data[k]! > x.data[best]!) best = k; // first maximum wins ties
          }
        data.push(x.data[best]!);
        argmax.push(best);
      }
  return { out: { shape: [ho, wo, c], data }, argmax };
}

function dense(x: Act64, wt: number[], b: number[] | null): Act64 {
  const n = x.data.length;
  const m = wt.length / n;
  const out = Array.from({ length: m }, (_, o) => {
    let s = b === null ? 0 : b[o]!;
    for (let i = 0; i < n; i++) s += x.data[i]! * wt[i * m + o]!;
    return s;
  });
  return { shape: [m], data: out };
}

/**
 * Per-sample cross-entropy and its input gradient, in float64.
 * @param x one sample, flat, in the model's input layout; @param label its class.
 */
export function lossAndGrad64(
  plan: ForwardPlan,
  weights: Weights64,
  x: readonly number[],
  label: number,
): { loss: number; grad: number[]; logits: number[] } {
  const tapes: Tape[] = [];
  let h: Act64 = { shape: [...plan.inputShape], data: [...x] };
  for (const step of plan.steps) {
    const tape: Tape = { input: h };
    if (step.kind === 'dense' || step.kind === 'conv2d') {
      const k = weights[step.kernel]!;
      const b = step.bias === null ? null : weights[step.bias]!;
      if (
        step.kind === 'conv2d' &&
        (step.padding !== 'valid' || step.strides.some((s) => s !== 1))
      ) {
        throw new Error('reference64: conv2d supports valid padding, stride 1');
      }
      const z =
        step.kind === 'dense' ? dense(h, k, b) : conv(h, k, plan.weights[step.kernel]!.shape, b);
      tape.pre = z.data;
      h = { shape: z.shape, data: z.data.map((zi) => act(step.activation as Act, zi)) };
    } else if (step.kind === 'maxPool') {
      const { out, argmax } = maxPool(h, step.poolSize, step.strides);
      tape.argmax = argmax;
      h = out;
    } else if (step.kind === 'flatten') {
      h = { shape: [h.data.length], data: h.data };
    } else {
      throw new Error(`reference64: step ${step.kind} not supported`);
    }
    tapes.push(tape);
  }
  const logits = h.data;
  const m = Math.max(...logits);
  const lse = m + Math.log(logits.reduce((s, z) => s + Math.exp(z - m), 0));
  let d = logits.map((z, k) => Math.exp(z - lse) - (k === label ? 1 : 0));
  for (let s = plan.steps.length - 1; s >= 0; s--) {
    const step = plan.steps[s]!;
    const tape = tapes[s]!;
    if (step.kind === 'dense' || step.kind === 'conv2d') {
      const dz = d.map((di, i) => di * actDerivative(step.activation as Act, tape.pre![i]!));
      const k = weights[step.kernel]!;
      if (step.kind === 'dense') {
        const n = tape.input.data.length;
        const mOut = dz.length;
        d = Array.from({ length: n }, (_, i) => {
          let acc = 0;
          for (let o = 0; o < mOut; o++) acc += k[i * mOut + o]! * dz[o]!;
          return acc;
        });
      } else {
        d = convBackward(tape.input, k, plan.weights[step.kernel]!.shape, dz);
      }
    } else if (step.kind === 'maxPool') {
      const dIn = new Array<number>(tape.input.data.length).fill(0);
      tape.argmax!.forEach((k, j) => (dIn[k]! += d[j]!));
      d = dIn;
    }
    // flatten: same data order, nothing to do.
  }
  return { loss: lse - logits[label]!, grad: d, logits };
}

/** The plan's current weights as float64 arrays (synchronous read-back: cpu only). */
export function weights64(plan: ForwardPlan): Weights64 {
  return plan.weights.map((w: tf.Variable) => Array.from(w.dataSync()));
}

/** The plan's current weights as float64 arrays, read back asynchronously (any backend). */
export async function readWeights64(plan: ForwardPlan): Promise<Weights64> {
  return Promise.all(plan.weights.map(async (w: tf.Variable) => Array.from(await w.data())));
}

/** Float64 input HVP of one sample's loss by central differences of lossAndGrad64. */
export function hvp64(
  plan: ForwardPlan,
  weights: Weights64,
  x: readonly number[],
  label: number,
  v: readonly number[],
  eps = 1e-5,
): number[] {
  const plus = lossAndGrad64(
    plan,
    weights,
    x.map((xi, i) => xi + eps * v[i]!),
    label,
  ).grad;
  const minus = lossAndGrad64(
    plan,
    weights,
    x.map((xi, i) => xi - eps * v[i]!),
    label,
  ).grad;
  return plus.map((p, i) => (p - minus[i]!) / (2 * eps));
}
