/**
 * Float64 references for convolutions (regular and depthwise, NHWC, 'valid' or 'same', any
 * stride) as the sparse bilinear maps they are: out[o] = Σ x[i]·w[k] over the (o, i, k) triples
 * of the convolution. Forward and both adjoints are then three loops over the same triples, so
 * the exact Hessian-vector products of tanh∘conv need no finite differences.
 */

/** Every (output, input, filter) index triple of a convolution, flat NHWC / HWIO indices. */
export interface ConvTriples {
  out: number[];
  input: number[];
  filter: number[];
  outSize: number;
}

/**
 * The triples of conv2d (filter [kh, kw, C, Co]) or, with `depthwise`, of depthwiseConv2d
 * (filter [kh, kw, C, M], output channel c·M + m), as TensorFlow defines them: 'same' gives
 * ⌈size/stride⌉ outputs and pads ⌊total/2⌋ before, the rest after.
 */
export function convTriples(
  xShape: readonly number[],
  fShape: readonly number[],
  strides: readonly [number, number],
  pad: 'valid' | 'same',
  depthwise = false,
): ConvTriples {
  const [b, h, w, c] = xShape as [number, number, number, number];
  const [kh, kw, , m] = fShape as [number, number, number, number];
  const [sh, sw] = strides;
  const ho = pad === 'same' ? Math.ceil(h / sh) : Math.floor((h - kh) / sh) + 1;
  const wo = pad === 'same' ? Math.ceil(w / sw) : Math.floor((w - kw) / sw) + 1;
  const top = pad === 'same' ? Math.floor(Math.max((ho - 1) * sh + kh - h, 0) / 2) : 0;
  const left = pad === 'same' ? Math.floor(Math.max((wo - 1) * sw + kw - w, 0) / 2) : 0;
  const co = depthwise ? c * m : m;
  const t: ConvTriples = { out: [], input: [], filter: [], outSize: b * ho * wo * co };
  for (let n = 0; n < b; n++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let di = 0; di < kh; di++)
          for (let dj = 0; dj < kw; dj++) {
            const r = i * sh + di - top;
            const col = j * sw + dj - left;
            if (r < 0 || r >= h || col < 0 || col >= w) continue;
            for (let ch = 0; ch < c; ch++)
              for (let q = 0; q < m; q++) {
                const o = depthwise ? ch * m + q : q;
                t.out.push(((n * ho + i) * wo + j) * co + o);
                t.input.push(((n * h + r) * w + col) * c + ch);
                t.filter.push(((di * kw + dj) * c + ch) * m + q);
              }
          }
  return t;
}

/** The convolution of x with filter f. */
export function conv64(t: ConvTriples, x: readonly number[], f: readonly number[]): number[] {
  const out = new Array<number>(t.outSize).fill(0);
  t.out.forEach((o, p) => (out[o]! += x[t.input[p]!]! * f[t.filter[p]!]!));
  return out;
}

/** Adjoint in the input: Σ_o g[o]·∂out[o]/∂x. */
export function conv64InputAdjoint(
  t: ConvTriples,
  g: readonly number[],
  f: readonly number[],
  inputSize: number,
): number[] {
  const dx = new Array<number>(inputSize).fill(0);
  t.out.forEach((o, p) => (dx[t.input[p]!]! += g[o]! * f[t.filter[p]!]!));
  return dx;
}

/** Adjoint in the filter: Σ_o g[o]·∂out[o]/∂f. */
export function conv64FilterAdjoint(
  t: ConvTriples,
  g: readonly number[],
  x: readonly number[],
  filterSize: number,
): number[] {
  const df = new Array<number>(filterSize).fill(0);
  t.out.forEach((o, p) => (df[t.filter[p]!]! += g[o]! * x[t.input[p]!]!));
  return df;
}

/** tanh″(z) = −2·tanh(z)·(1 − tanh²(z)). */
export const tanhSecond = (z: number) => -2 * Math.tanh(z) * (1 - Math.tanh(z) ** 2);
