/**
 * The saved-session file (`.curvlab`): everything needed to continue a lab exactly — the three
 * networks' weights, Adam's state, the attacks' generators, steps and data positions — with the
 * link of its settings, its training curves and the models imported into its slots.
 *
 * Layout (little-endian): 8 magic bytes, the header's byte length (uint32), the header (UTF-8
 * JSON, validated with zod before anything is used), zero padding to a multiple of 8, the arrays
 * the header lists (each padded to 8 bytes), then the SHA-256 of everything before it. Reading
 * never throws: a refusal says what is wrong (truncated, not a session, a newer version, changed
 * after saving, which field or array). Pure: no TensorFlow.js, so the main thread reads files.
 */
import { z } from 'zod';
import type { SavedLab, SavedNetwork } from '../lab/savedLab';
import { sha256Hex } from '../sha256';
import type { NetworkId } from '../names';
import { sessionHeaderSchema, type ArrayRef, type SessionHeader } from './sessionHeader';

export const SESSION_FORMAT = 'curvature-lab/session';
export const SESSION_VERSION = 1;
export const SESSION_EXTENSION = '.curvlab';
/** "\x89CLSESS\n": a non-ASCII first byte and a newline catch text-mode mangling, as PNG's do. */
const MAGIC = new Uint8Array([0x89, 0x43, 0x4c, 0x53, 0x45, 0x53, 0x53, 0x0a]);
const DIGEST_BYTES = 32;
/** A header this large is not ours (real ones are a few hundred kB at most). */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** One training curve as kept by the app (SeriesBuffer's state). */
export interface SeriesSnapshot {
  readonly steps: Float64Array;
  readonly values: Float32Array;
  readonly stride: number;
  readonly sinceKept: number;
  readonly latest: { readonly step: number; readonly value: number } | null;
}

/** A model imported into a slot: the files it came from and how the slot uses it. */
export interface ImportedSlot {
  readonly mode: 'frozen' | 'finetune';
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

/** What a session file holds. */
export interface LabSessionData {
  readonly savedAt: string;
  readonly app: { readonly name: string; readonly version: string };
  /** The lab's settings as a link's query (`?dataset=…`), read back with the URL parser. */
  readonly link: string;
  /** The backend it was saved on (continuing elsewhere is allowed, not bit-identical). */
  readonly backend: string;
  readonly until: number | null;
  readonly lab: SavedLab;
  /** Per network, per series name: the curves drawn so far. */
  readonly histories: Record<NetworkId, Record<string, SeriesSnapshot>>;
  readonly imported: Record<NetworkId, ImportedSlot | null>;
}

export type SessionRead = { ok: true; session: LabSessionData } | { ok: false; message: string };

type Dtype = ArrayRef['dtype'];
type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
const BYTES: Record<Dtype, number> = { float32: 4, float64: 8, int32: 4, uint8: 1 };

/** SavedLab's layout this file holds (tsc fails here when savedLab.ts bumps it). */
const LAB_COPY_VERSION: SavedLab['version'] = 2;

const pad8 = (n: number) => (n + 7) & ~7;

function dtypeOf(array: TypedArray): Dtype {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'uint8';
}

/** Writes a session file. */
export async function writeSessionFile(data: LabSessionData): Promise<Uint8Array> {
  const arrays: TypedArray[] = [];
  const ref = (array: TypedArray): ArrayRef => {
    arrays.push(array);
    return { index: arrays.length - 1, dtype: dtypeOf(array), length: array.length };
  };
  const header: SessionHeader = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    savedAt: data.savedAt,
    app: data.app,
    link: data.link,
    backend: data.backend,
    until: data.until,
    identity: data.lab.identity,
    running: data.lab.running,
    networks: mapNetworks((id) => networkHeader(data.lab.networks[id], ref)),
    histories: mapNetworks((id) =>
      Object.fromEntries(
        Object.entries(data.histories[id]).map(([name, s]) => [
          name,
          {
            steps: ref(s.steps),
            values: ref(s.values),
            stride: s.stride,
            sinceKept: s.sinceKept,
            // JSON has no NaN: null stands for it.
            latest: s.latest && {
              step: s.latest.step,
              value: Number.isNaN(s.latest.value) ? null : s.latest.value,
            },
          },
        ]),
      ),
    ),
    imported: mapNetworks((id) => {
      const slot = data.imported[id];
      if (!slot) return null;
      return {
        mode: slot.mode,
        files: slot.files.map((f) => ({ name: f.name, bytes: ref(f.bytes) })),
      };
    }),
    arrays: [],
  };
  header.arrays = arrays.map((a) => ({ dtype: dtypeOf(a), length: a.length }));
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = pad8(MAGIC.length + 4 + headerBytes.length);
  const payloadBytes = arrays.reduce((sum, a) => sum + pad8(a.byteLength), 0);
  const file = new Uint8Array(headerEnd + payloadBytes + DIGEST_BYTES);
  file.set(MAGIC, 0);
  new DataView(file.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  file.set(headerBytes, MAGIC.length + 4);
  let offset = headerEnd;
  for (const array of arrays) {
    file.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += pad8(array.byteLength);
  }
  const digest = await digestOf(file.subarray(0, offset));
  file.set(digest, offset);
  return file;
}

function mapNetworks<T>(make: (id: NetworkId) => T): Record<NetworkId, T> {
  return { standard: make('standard'), adversarial: make('adversarial'), cure: make('cure') };
}

function networkHeader(network: SavedNetwork, ref: (a: TypedArray) => ArrayRef) {
  const adam = network.trainer.adam;
  return {
    progress: network.progress,
    rng: network.trainer.rng,
    weights: network.weights.tensors.map((t) => ({ shape: [...t.shape], values: ref(t.values) })),
    adam: adam && {
      iterations: adam.iterations,
      accBeta1: adam.accBeta1,
      accBeta2: adam.accBeta2,
      moments: adam.moments.map((m) => ({
        shape: [...m.shape],
        first: ref(m.first),
        second: ref(m.second),
      })),
    },
  };
}

async function digestOf(bytes: Uint8Array): Promise<Uint8Array> {
  const hex = await sha256Hex(bytes);
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

/** Why reading failed, as one sentence for the user. */
class SessionRefusal extends Error {}
const refuse = (message: string): never => {
  throw new SessionRefusal(message);
};

/** Reads and checks a session file completely; never throws. `name` is used in messages. */
export async function readSessionFile(bytes: Uint8Array, name = 'the file'): Promise<SessionRead> {
  try {
    return { ok: true, session: await parse(bytes) };
  } catch (error) {
    const reason =
      error instanceof SessionRefusal ? error.message : `unreadable (${String(error)})`;
    return { ok: false, message: `${name} was not loaded: ${reason}` };
  }
}

async function parse(bytes: Uint8Array): Promise<LabSessionData> {
  if (bytes.length === 0) refuse('the file is empty');
  if (bytes.length < MAGIC.length + 4 || MAGIC.some((b, i) => bytes[i] !== b)) {
    const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
    const hint = text.startsWith('{')
      ? ' (it is JSON: a model.json goes to "Import model", a scenes file to talk mode)'
      : '';
    refuse(`it is not a Curvature Lab session file${hint}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const headerStart = MAGIC.length + 4;
  if (headerLength > MAX_HEADER_BYTES || headerStart + headerLength > bytes.length) {
    refuse(
      `it is truncated (its header needs ${headerLength} bytes, ${bytes.length - headerStart} follow)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(headerStart, headerStart + headerLength),
      ),
    );
  } catch {
    refuse('its header is not valid JSON (the file is damaged)');
  }
  checkFormat(json);
  const parsed = sessionHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    refuse(`header field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const header = parsed.data!;
  const headerEnd = pad8(headerStart + headerLength);
  const payloadBytes = header.arrays.reduce((sum, a) => sum + pad8(a.length * BYTES[a.dtype]), 0);
  const expected = headerEnd + payloadBytes + DIGEST_BYTES;
  if (bytes.length < expected) refuse(`it is truncated (${bytes.length} of ${expected} bytes)`);
  if (bytes.length > expected)
    refuse(`it has ${bytes.length - expected} unexpected bytes at the end`);
  const digest = await digestOf(bytes.subarray(0, expected - DIGEST_BYTES));
  if (digest.some((b, i) => bytes[expected - DIGEST_BYTES + i] !== b)) {
    refuse('it was changed or damaged after it was saved (its SHA-256 does not match)');
  }
  const arrays = sliceArrays(bytes, headerEnd, header.arrays);
  return assemble(header, arrays);
}

function checkFormat(json: unknown): void {
  const top = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!top.success || top.data.format !== SESSION_FORMAT) {
    refuse(`its header is not of format ${SESSION_FORMAT}`);
  }
  const version = top.data!.version;
  if (typeof version === 'number' && version > SESSION_VERSION) {
    refuse(
      `it was saved by a newer Curvature Lab (session format ${version}; this one reads ${SESSION_VERSION})`,
    );
  }
  if (version !== SESSION_VERSION)
    refuse(`its session format version ${JSON.stringify(version)} is not ${SESSION_VERSION}`);
}

/** Copies each listed array out of the file (aligned copies: the file's offsets need not be). */
function sliceArrays(
  bytes: Uint8Array,
  start: number,
  list: SessionHeader['arrays'],
): TypedArray[] {
  let offset = start;
  return list.map(({ dtype, length }) => {
    const byteLength = length * BYTES[dtype];
    const copy = bytes.slice(offset, offset + byteLength).buffer;
    offset += pad8(byteLength);
    if (dtype === 'float32') return new Float32Array(copy);
    if (dtype === 'float64') return new Float64Array(copy);
    if (dtype === 'int32') return new Int32Array(copy);
    return new Uint8Array(copy);
  });
}

function assemble(header: SessionHeader, arrays: TypedArray[]): LabSessionData {
  /** The array `ref` names, checked: its dtype, its size (when given), and finite values (for
   * weights and moments; curves may hold NaN, e.g. CURE's regularizer for the other networks). */
  const take = <D extends Dtype>(
    ref: ArrayRef,
    dtype: D,
    what: string,
    size?: number,
    finite = size !== undefined,
  ) => {
    const array = arrays[ref.index];
    if (!array || dtypeOf(array) !== dtype || ref.dtype !== dtype || array.length !== ref.length) {
      refuse(`${what} does not refer to a ${dtype} array of the file`);
    }
    if (size !== undefined && array!.length !== size) {
      refuse(`${what} holds ${array!.length} values; its shape needs ${size}`);
    }
    if (finite && !(array as Float32Array).every(Number.isFinite)) {
      refuse(`${what} holds NaN or infinite values`);
    }
    return array as D extends 'float32'
      ? Float32Array
      : D extends 'float64'
        ? Float64Array
        : Uint8Array;
  };
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const networks = mapNetworks((id): SavedNetwork => {
    const n = header.networks[id];
    const adam = n.adam;
    return {
      progress: n.progress,
      weights: {
        tensors: n.weights.map((w, i) => ({
          shape: w.shape,
          dtype: 'float32' as const,
          values: take(w.values, 'float32', `${id} weight ${i}`, size(w.shape)),
        })),
      },
      trainer: {
        rng: n.rng,
        adam: adam && {
          iterations: adam.iterations,
          accBeta1: adam.accBeta1,
          accBeta2: adam.accBeta2,
          moments: adam.moments.map((m, i) => ({
            shape: m.shape,
            first: take(m.first, 'float32', `${id} Adam first moment ${i}`, size(m.shape)),
            second: take(m.second, 'float32', `${id} Adam second moment ${i}`, size(m.shape)),
          })),
        },
      },
    };
  });
  const histories = mapNetworks((id) =>
    Object.fromEntries(
      Object.entries(header.histories[id]).map(([name, s]): [string, SeriesSnapshot] => {
        const steps = take(s.steps, 'float64', `${id} curve ${name} (steps)`);
        const values = take(s.values, 'float32', `${id} curve ${name}`, steps.length, false);
        const latest = s.latest && { step: s.latest.step, value: s.latest.value ?? NaN };
        return [name, { steps, values, stride: s.stride, sinceKept: s.sinceKept, latest }];
      }),
    ),
  );
  const imported = mapNetworks((id): ImportedSlot | null => {
    const slot = header.imported[id];
    if (!slot) return null;
    return {
      mode: slot.mode,
      files: slot.files.map((f) => ({
        name: f.name,
        bytes: take(f.bytes, 'uint8', `${id} imported file ${f.name}`),
      })),
    };
  });
  return {
    savedAt: header.savedAt,
    app: header.app,
    link: header.link,
    backend: header.backend,
    until: header.until,
    lab: {
      version: LAB_COPY_VERSION,
      identity: header.identity,
      running: header.running,
      networks,
    },
    histories,
    imported,
  };
}
