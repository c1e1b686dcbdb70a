/**
 * Model import: a TensorFlow.js LayersModel (model.json and its weight files, e.g. from Keras's
 * tensorflowjs_converter or scripts/pytorch_to_tfjs.py) checked in full before anything uses it,
 * then loaded in the lab's form — the dataset's input shape, logits out. `npm run analyze` and the
 * app's "Import model" both call readImportedModel. It never throws: a refusal is a message naming
 * the file, layer or weight at fault.
 */
import * as tf from '@tensorflow/tfjs';
import { importTopology, ImportRefusal } from './importedTopology';
import { logitsOf, planOf } from './models';
import { sha256Hex } from './sha256';

export { IMPORTABLE_LAYERS, ImportRefusal } from './importedTopology';

/** What the import needs to know about the dataset the model will see. */
export interface ImportTarget {
  /** Per-sample input shape, e.g. [28, 28, 1]. */
  inputShape: readonly number[];
  /** The model must output one logit per class. */
  classNames: readonly string[];
}

/** What the lab says about an imported model. */
export interface ImportedModelInfo {
  /** model.json's file name, as given. */
  file: string;
  /** The topology's own name, if any (Keras: "sequential"). */
  topologyName: string | null;
  /** SHA-256 of model.json's bytes followed by every weight file in manifest order (as for
   * shipped checkpoints). */
  sha256: string;
  /** The model's own per-sample input shape, e.g. [784]; the loaded model takes the dataset's. */
  modelInputShape: number[];
  /** True when the dataset's inputs are reshaped to the model's shape. */
  reshapedInput: boolean;
  /** True when a final softmax was removed (the lab analyzes logits). */
  strippedSoftmax: boolean;
  /** The input range the model expects: model.json's `userDefinedMetadata.inputRange`, else [0, 1]. */
  inputRange: [number, number];
  inputRangeSource: 'model.json' | 'default';
  /** Layer classes in order (InputLayer excluded), e.g. ["Dense", "Dropout", "Dense"]. */
  layerClasses: string[];
  /** Number of weight values (parameters). */
  parameterCount: number;
  /** Who wrote model.json (its generatedBy / convertedBy fields). */
  generatedBy: string | null;
  convertedBy: string | null;
}

export type ImportResult =
  { ok: true; model: tf.LayersModel; info: ImportedModelInfo } | { ok: false; message: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why a weight path may not be read, or null when it is a plain relative path inside the model's
 * folder. The CLI reads only paths this accepts; the app only has the files the user gave.
 */
export function weightPathProblem(path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return 'is not a file name';
  if (/^[a-z][a-z0-9+.-]*:/i.test(path))
    return 'is a URL or drive path, not a file beside model.json';
  if (path.startsWith('/') || path.includes('\\')) return 'is an absolute or Windows path';
  if (path.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    return 'points outside the folder of model.json';
  }
  return null;
}

interface ManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: string }[];
}

/** The weightsManifest's shape, checked field by field. */
function manifestOf(json: Json, file: string): ManifestGroup[] {
  const manifest = json['weightsManifest'];
  if (manifest === undefined) throw new ImportRefusal(`${file}: has no weightsManifest`);
  if (!Array.isArray(manifest) || manifest.length === 0) {
    throw new ImportRefusal(`${file}: weightsManifest must be a non-empty list of groups`);
  }
  manifest.forEach((group, g) => {
    const where = `${file}: weightsManifest[${g}]`;
    if (!isObject(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights'])) {
      throw new ImportRefusal(`${where} must have paths and weights lists`);
    }
    for (const path of group['paths']) {
      const problem = weightPathProblem(path);
      if (problem !== null)
        throw new ImportRefusal(`weight file ${JSON.stringify(path)} ${problem}`);
    }
    group['weights'].forEach((w: unknown, i) => {
      const ok =
        isObject(w) &&
        typeof w['name'] === 'string' &&
        Array.isArray(w['shape']) &&
        w['shape'].every((d) => Number.isInteger(d) && d >= 0);
      if (!ok) throw new ImportRefusal(`${where}.weights[${i}] must be {name, shape, dtype}`);
      const name = w['name'] as string;
      if (w['dtype'] !== 'float32') {
        throw new ImportRefusal(
          `weight '${name}': dtype ${JSON.stringify(w['dtype'])} is not supported (float32 only)`,
        );
      }
      if (w['quantization'] !== undefined) {
        throw new ImportRefusal(
          `weight '${name}': quantized weights are not supported (convert without quantization)`,
        );
      }
    });
  });
  return manifest as ManifestGroup[];
}

/** The model's expected weights against the manifest: the same names, shapes, and nothing else. */
function checkManifestAgainstModel(model: tf.LayersModel, groups: ManifestGroup[]): void {
  const given = new Map<string, number[]>();
  for (const w of groups.flatMap((g) => g.weights)) {
    if (given.has(w.name))
      throw new ImportRefusal(`weight '${w.name}' is listed twice in the manifest`);
    given.set(w.name, w.shape);
  }
  const expected = new Set<string>();
  for (const w of model.weights) {
    expected.add(w.originalName);
    const shape = given.get(w.originalName);
    if (shape === undefined) {
      throw new ImportRefusal(`weight '${w.originalName}' is missing from the weights manifest`);
    }
    if (!tf.util.arraysEqual(shape, w.shape as number[])) {
      throw new ImportRefusal(
        `weight '${w.originalName}' has shape [${shape.join(', ')}] in the manifest, but the topology needs [${w.shape.join(', ')}]`,
      );
    }
  }
  for (const name of given.keys()) {
    if (!expected.has(name))
      throw new ImportRefusal(`weight '${name}' belongs to no layer of the model`);
  }
}

/** Each group's files, joined, with the byte count the manifest implies, and every value finite. */
function weightValues(
  groups: ManifestGroup[],
  files: ReadonlyMap<string, Uint8Array>,
): Uint8Array[] {
  const seen = new Set<string>();
  return groups.map((group) => {
    const shards = group.paths.map((path) => {
      if (seen.has(path)) throw new ImportRefusal(`weight file '${path}' is listed twice`);
      seen.add(path);
      const bytes = files.get(path);
      if (bytes === undefined) {
        throw new ImportRefusal(
          `weight file '${path}' is not among the given files (give it with model.json)`,
        );
      }
      return bytes;
    });
    const joined = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
    shards.reduce((offset, s) => (joined.set(s, offset), offset + s.byteLength), 0);
    const need = group.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    if (joined.byteLength !== need) {
      throw new ImportRefusal(
        `weight file${group.paths.length > 1 ? 's' : ''} '${group.paths.join("', '")}' hold${group.paths.length > 1 ? '' : 's'} ${joined.byteLength} bytes, but the manifest's weights (${group.weights.map((w) => w.name).join(', ')}) need ${need}`,
      );
    }
    const values = new Float32Array(joined.slice().buffer);
    let offset = 0;
    for (const w of group.weights) {
      const size = w.shape.reduce((a, b) => a * b, 1);
      for (let i = offset; i < offset + size; i += 1) {
        if (!Number.isFinite(values[i]!)) {
          throw new ImportRefusal(
            `weight '${w.name}' holds a non-finite value (${values[i]}) at element ${i - offset}`,
          );
        }
      }
      offset += size;
    }
    return joined;
  });
}

function inputRangeOf(
  json: Json,
  file: string,
): Pick<ImportedModelInfo, 'inputRange' | 'inputRangeSource'> {
  const meta = json['userDefinedMetadata'];
  const range = isObject(meta) ? meta['inputRange'] : undefined;
  if (range === undefined) return { inputRange: [0, 1], inputRangeSource: 'default' };
  const ok =
    Array.isArray(range) &&
    range.length === 2 &&
    range.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    range[0] < range[1];
  if (!ok)
    throw new ImportRefusal(
      `${file}: userDefinedMetadata.inputRange must be [low, high], got ${JSON.stringify(range)}`,
    );
  return { inputRange: [range[0], range[1]], inputRangeSource: 'model.json' };
}

/** The name of model.json among the files: the one given, or the only .json file. */
function modelJsonName(files: ReadonlyMap<string, Uint8Array>, name?: string): string {
  if (name !== undefined) {
    if (!files.has(name)) throw new ImportRefusal(`${name} is not among the given files`);
    return name;
  }
  const jsons = [...files.keys()].filter((f) => f.toLowerCase().endsWith('.json'));
  if (jsons.length !== 1) {
    throw new ImportRefusal(
      jsons.length === 0
        ? 'no model.json among the given files'
        : `more than one .json file given (${jsons.join(', ')}): which is the model?`,
    );
  }
  return jsons[0]!;
}

function parseModelJson(bytes: Uint8Array, file: string): Json {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportRefusal(`${file}: not valid JSON (${why})`);
  }
  if (!isObject(json)) throw new ImportRefusal(`${file}: must be a JSON object`);
  if (json['modelTopology'] === undefined) {
    throw new ImportRefusal(`${file}: has no modelTopology (not a tfjs LayersModel file)`);
  }
  if (json['format'] !== undefined && json['format'] !== 'layers-model') {
    throw new ImportRefusal(
      `${file}: format ${JSON.stringify(json['format'])} is not a LayersModel (graph models cannot be analyzed)`,
    );
  }
  return json;
}

/** Builds the model (tfjs), checks the manifest against it, fills it with the checked weights and runs the lab's forward pass once. */
async function buildModel(
  topology: Json,
  groups: ManifestGroup[],
  files: ReadonlyMap<string, Uint8Array>,
  target: ImportTarget,
): Promise<{ model: tf.LayersModel; data: Uint8Array[] }> {
  let model: tf.LayersModel;
  try {
    // tfjs types the topology as its PyJsonDict; ours is that same plain JSON.
    model = await tf.models.modelFromJSON({ modelTopology: topology as never });
  } catch (error) {
    throw new ImportRefusal(
      `model.json: tfjs cannot build the topology (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  try {
    checkManifestAgainstModel(model, groups);
    const data = weightValues(groups, files);
    const named = groups.flatMap((g, i) =>
      Object.entries(
        tf.io.decodeWeights(data[i]!.slice().buffer, g.weights as tf.io.WeightsManifestEntry[]),
      ),
    );
    model.loadWeights(Object.fromEntries(named));
    tf.dispose(named.map(([, t]) => t));
    const plan = planOf(model); // the lab's own validation of every layer (throws naming one)
    const logits = tf.tidy(() => logitsOf(plan, tf.zeros([1, ...target.inputShape])));
    const classes = logits.shape[1];
    logits.dispose();
    if (classes !== target.classNames.length) {
      throw new ImportRefusal(
        `the model outputs ${classes} values, but the dataset has ${target.classNames.length} classes`,
      );
    }
    return { model, data };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Checks and loads an imported LayersModel for a dataset.
 * @param files every file the user gave, by name as model.json's manifest lists it (e.g.
 *   "model.json", "group1-shard1of1.bin"); nothing else is read.
 * @param target the dataset's input shape and classes.
 * @param modelJson which file is model.json (default: the only .json file).
 * @returns the model (the caller owns it; it takes [B, ...target.inputShape] and outputs logits)
 *   and what the lab says about it, or a message naming the file, layer or weight at fault.
 */
export async function readImportedModel(
  files: ReadonlyMap<string, Uint8Array>,
  target: ImportTarget,
  modelJson?: string,
): Promise<ImportResult> {
  try {
    const file = modelJsonName(files, modelJson);
    const bytes = files.get(file)!;
    const json = parseModelJson(bytes, file);
    const range = inputRangeOf(json, file);
    const imported = importTopology(json['modelTopology'], target.inputShape);
    const groups = manifestOf(json, file);
    const { model, data } = await buildModel(imported.topology, groups, files, target);
    const hashed = new Uint8Array(bytes.byteLength + data.reduce((n, d) => n + d.byteLength, 0));
    hashed.set(bytes, 0);
    data.reduce((offset, d) => (hashed.set(d, offset), offset + d.byteLength), bytes.byteLength);
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      ok: true,
      model,
      info: {
        file,
        topologyName: imported.topologyName,
        sha256: await sha256Hex(hashed),
        modelInputShape: imported.modelInputShape,
        reshapedInput: imported.reshapedInput,
        strippedSoftmax: imported.strippedSoftmax,
        ...range,
        layerClasses: imported.layerClasses,
        parameterCount: model.countParams(),
        generatedBy: text(json['generatedBy']),
        convertedBy: text(json['convertedBy']),
      },
    };
  } catch (error) {
    if (error instanceof ImportRefusal) return { ok: false, message: error.message };
    // The lab's forward pass names the layer (plan.ts); anything else is still a refusal.
    return {
      ok: false,
      message: `model import: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
