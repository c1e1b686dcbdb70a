/**
 * Bad session files made from a good one (src/core/session/sessionFile.ts's layout): truncated,
 * empty, random, foreign, newer, tampered, and well-formed files whose header or arrays are wrong
 * (their checksum recomputed, so the reader must find the fault itself). Each comes with a pattern
 * its refusal must match. Used by the unit tests and, in the browser, by e2e/session.spec.ts.
 */
import { sha256Hex } from '../../src/core/sha256';

/** A header as the edits see it: free-form JSON, made wrong on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break headers freely
type Json = any;

export interface BadFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** What the refusal must say. */
  readonly fault: RegExp;
}

const MAGIC_BYTES = 8;
const DIGEST = 32;
const pad8 = (n: number) => (n + 7) & ~7;

interface Parts {
  header: Json;
  payload: Uint8Array;
}

function split(file: Uint8Array): Parts {
  const length = new DataView(file.buffer, file.byteOffset).getUint32(MAGIC_BYTES, true);
  const start = MAGIC_BYTES + 4;
  const header = JSON.parse(new TextDecoder().decode(file.subarray(start, start + length)));
  const payload = file.slice(pad8(start + length), file.length - DIGEST);
  return { header, payload };
}

async function join(magic: Uint8Array, parts: Parts): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(parts.header));
  const headerEnd = pad8(MAGIC_BYTES + 4 + json.length);
  const file = new Uint8Array(headerEnd + parts.payload.length + DIGEST);
  file.set(magic, 0);
  new DataView(file.buffer).setUint32(MAGIC_BYTES, json.length, true);
  file.set(json, MAGIC_BYTES + 4);
  file.set(parts.payload, headerEnd);
  const hex = await sha256Hex(file.subarray(0, file.length - DIGEST));
  file.set(
    Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16)),
    file.length - DIGEST,
  );
  return file;
}

/** The file with its header edited (a deep copy is passed) and its checksum recomputed. */
export async function rewriteHeader(
  file: Uint8Array,
  edit: (header: Json) => Json,
): Promise<Uint8Array> {
  const parts = split(file);
  return join(file.subarray(0, MAGIC_BYTES), {
    header: edit(structuredClone(parts.header)),
    payload: parts.payload,
  });
}

/** The file with float32 value `index` of array `array` set to `value`, checksum recomputed. */
async function rewriteValue(
  file: Uint8Array,
  array: number,
  index: number,
  value: number,
): Promise<Uint8Array> {
  const parts = split(file);
  const list = parts.header['arrays'] as { dtype: string; length: number }[];
  const bytesOf = (a: { dtype: string; length: number }) =>
    a.length * (a.dtype === 'float64' ? 8 : a.dtype === 'uint8' ? 1 : 4);
  const offset = list.slice(0, array).reduce((sum, a) => sum + pad8(bytesOf(a)), 0);
  new DataView(parts.payload.buffer).setFloat32(offset + index * 4, value, true);
  return join(file.subarray(0, MAGIC_BYTES), parts);
}

function flipped(file: Uint8Array, at: number): Uint8Array {
  const copy = file.slice();
  copy[at] = copy[at]! ^ 0x40;
  return copy;
}

function randomBytes(n: number, seed: number): Uint8Array {
  let state = seed >>> 0;
  return Uint8Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  });
}

const text = (s: string) => new TextEncoder().encode(s);

/** At least 50 bad files derived from `good` (a valid session file with an imported slot). */
export async function badSessionFiles(good: Uint8Array): Promise<BadFile[]> {
  const cases: BadFile[] = [];
  const add = (name: string, bytes: Uint8Array, fault: RegExp) =>
    cases.push({ name, bytes, fault });
  const header = split(good).header as Json;
  const firstWeight = header['networks'].standard.weights[0].values.index as number;
  const firstMoment = header['networks'].cure.adam.moments[0].first.index as number;
  const headerLength = new DataView(good.buffer, good.byteOffset).getUint32(MAGIC_BYTES, true);

  add('empty', new Uint8Array(0), /empty/);
  for (const cut of [3, 8, 11]) {
    add(`cut to ${cut} bytes`, good.slice(0, cut), /not a Curvature Lab session/);
  }
  for (const cut of [12, 40, Math.floor(headerLength / 2), headerLength + 11]) {
    add(`cut in the header at ${cut}`, good.slice(0, cut), /truncated/);
  }
  for (const fraction of [0.6, 0.8, 0.95]) {
    const cut = Math.floor(good.length * fraction);
    add(`cut at ${fraction * 100}%`, good.slice(0, cut), /truncated/);
  }
  add('last byte missing', good.slice(0, good.length - 1), /truncated/);
  add('checksum missing', good.slice(0, good.length - DIGEST), /truncated/);
  add('bytes appended', Uint8Array.from([...good, 0, 0, 0, 0]), /unexpected bytes at the end/);
  for (const seed of [1, 2, 3, 4, 5]) {
    add(`random bytes ${seed}`, randomBytes(64 + seed * 997, seed), /not a Curvature Lab session/);
  }
  add('a model.json', text('{"modelTopology":{},"weightsManifest":[]}'), /it is JSON/);
  add('a scenes file', text('{"format":"curvature-lab/scenes@1"}'), /it is JSON/);
  add('plain text', text('hello, this is not a session'), /not a Curvature Lab session/);
  add(
    'a PNG',
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    /not a Curvature Lab session/,
  );
  const huge = good.slice();
  new DataView(huge.buffer).setUint32(MAGIC_BYTES, 0xffffffff, true);
  add('header length too large', huge, /truncated/);
  const zero = good.slice();
  new DataView(zero.buffer).setUint32(MAGIC_BYTES, 0, true);
  add('header length zero', zero, /not valid JSON/);
  add('header byte damaged', flipped(good, MAGIC_BYTES + 4), /not valid JSON/);

  // Tampered: the bytes changed, the checksum did not.
  const payloadStart = pad8(MAGIC_BYTES + 4 + headerLength);
  for (const at of [0, 17, 123, 401]) {
    const offset = payloadStart + (at % (good.length - payloadStart - DIGEST));
    add(`payload byte ${at} changed`, flipped(good, offset), /changed or damaged/);
  }
  add('checksum changed', flipped(good, good.length - 5), /changed or damaged/);
  // A network's step edited in the header, the checksum left as it was (any file has one).
  const key = '"progress":{"step":';
  const digitAt = findText(good, key) + key.length;
  const edited = good.slice();
  edited[digitAt] = '0'.charCodeAt(0) + ((edited[digitAt]! - '0'.charCodeAt(0) + 1) % 10);
  add('a step edited in place', edited, /changed or damaged/);

  // Well-formed files (checksum recomputed) whose content is wrong.
  const aFile = { name: 'model.json', bytes: { index: 0, dtype: 'uint8', length: 1 } };
  const edits: [string, (h: Json) => Json, RegExp][] = [
    ['another format', (h) => ({ ...h, format: 'curvature-lab/scenes' }), /not of format/],
    ['no format', ({ format: _f, ...h }) => h, /not of format/],
    ['newer version', (h) => ({ ...h, version: 2 }), /newer Curvature Lab \(session format 2/],
    ['version 0', (h) => ({ ...h, version: 0 }), /version 0 is not 1/],
    ['version as text', (h) => ({ ...h, version: '1' }), /version "1" is not 1/],
    ['header is a list', () => [], /not of format/],
    ['savedAt not a time', (h) => ({ ...h, savedAt: 'yesterday' }), /savedAt/],
    ['link without ?', (h) => ({ ...h, link: 'dataset=mnist' }), /header field link/],
    ['until zero', (h) => ({ ...h, until: 0 }), /header field until/],
    ['running as text', (h) => ({ ...h, running: 'yes' }), /header field running/],
    ['no networks', ({ networks: _n, ...h }) => h, /header field networks/],
    ['no cure network', (h) => del(h, ['networks', 'cure']), /networks\.cure/],
    [
      'negative step',
      (h) => set(h, ['networks', 'standard', 'progress', 'step'], -1),
      /progress\.step/,
    ],
    [
      'fractional cursor',
      (h) => set(h, ['networks', 'adversarial', 'progress', 'stream', 'cursor'], 1.5),
      /stream\.cursor/,
    ],
    [
      'rng counter too large',
      (h) => set(h, ['networks', 'cure', 'rng', 'counter'], 2 ** 33),
      /rng\.counter/,
    ],
    ['β power above 1', (h) => set(h, ['networks', 'cure', 'adam', 'accBeta1'], 2), /accBeta1/],
    [
      'no weights',
      (h) => set(h, ['networks', 'standard', 'weights'], []),
      /networks\.standard\.weights/,
    ],
    [
      'zero in a shape',
      (h) => set(h, ['networks', 'standard', 'weights', 0, 'shape'], [0, 3]),
      /weights\.0\.shape/,
    ],
    [
      'shape does not fit its array',
      (h) => set(h, ['networks', 'standard', 'weights', 0, 'shape'], [3, 3]),
      /standard weight 0 holds \d+ values; its shape needs 9/,
    ],
    [
      'array index out of range',
      (h) => set(h, ['networks', 'standard', 'weights', 1, 'values', 'index'], 9999),
      /standard weight 1 does not refer/,
    ],
    [
      'array dtype mismatch',
      (h) => set(h, ['networks', 'standard', 'weights', 1, 'values', 'dtype'], 'float64'),
      /standard weight 1 does not refer/,
    ],
    [
      'array length mismatch',
      (h) => set(h, ['networks', 'adversarial', 'weights', 1, 'values', 'length'], 4),
      /adversarial weight 1 does not refer/,
    ],
    ['unknown dtype', (h) => set(h, ['arrays', 0, 'dtype'], 'float16'), /arrays\.0\.dtype/],
    [
      'array list longer',
      (h) => ({ ...h, arrays: [...h['arrays'], { dtype: 'float32', length: 4 }] }),
      /truncated/,
    ],
    [
      'array list shorter',
      (h) => ({ ...h, arrays: h['arrays'].slice(0, -1) }),
      /unexpected bytes|does not refer/,
    ],
    [
      'imported mode unknown',
      (h) => set(h, ['imported', 'adversarial'], { mode: 'bogus', files: [aFile] }),
      /imported\.adversarial\.mode/,
    ],
    [
      'imported without files',
      (h) => set(h, ['imported', 'adversarial'], { mode: 'frozen', files: [] }),
      /imported\.adversarial\.files/,
    ],
    [
      'curve without values',
      (h) => del(h, ['histories', 'standard', 'loss', 'values']),
      /histories\.standard\.loss\.values/,
    ],
    [
      'curve stride zero',
      (h) => set(h, ['histories', 'standard', 'loss', 'stride'], 0),
      /loss\.stride/,
    ],
  ];
  for (const [name, edit, fault] of edits) add(name, await rewriteHeader(good, edit), fault);
  add('NaN weight', await rewriteValue(good, firstWeight, 2, NaN), /standard weight 0 holds NaN/);
  add(
    'infinite weight',
    await rewriteValue(good, firstWeight, 0, Infinity),
    /standard weight 0 holds NaN or infinite/,
  );
  add(
    'NaN Adam moment',
    await rewriteValue(good, firstMoment, 1, NaN),
    /cure Adam first moment 0 holds NaN/,
  );
  return cases;
}

function findText(bytes: Uint8Array, needle: string): number {
  const n = text(needle);
  outer: for (let i = 0; i + n.length <= bytes.length; i++) {
    for (let j = 0; j < n.length; j++) if (bytes[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

type Path = (string | number)[];

function set(h: Json, path: Path, value: unknown): Json {
  let node: Json = h;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = value;
  return h;
}

function del(h: Json, path: Path): Json {
  let node: Json = h;
  for (const key of path.slice(0, -1)) node = node[key];
  delete node[path.at(-1)!];
  return h;
}
