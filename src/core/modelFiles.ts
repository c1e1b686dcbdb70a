/**
 * The standard tfjs LayersModel file format (model.json + binary weight shards) without a platform
 * IO handler: the app reads files the user drops or fetches, the CLI reads them from disk, and both
 * go through these functions. Weight shards are read with an injected reader, as datasets are.
 */
import * as tf from '@tensorflow/tfjs';
import type { AssetReader } from './datasets/types';
import { parseJson } from './jsonManifest';
import { sha256Hex } from './sha256';

interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: WeightsGroup[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

function asModelJson(value: unknown, name: string): ModelJson {
  const json = value as Partial<ModelJson> | null;
  if (
    !json ||
    typeof json !== 'object' ||
    !json.modelTopology ||
    !Array.isArray(json.weightsManifest)
  ) {
    throw new Error(`${name} is not a tfjs LayersModel file (no modelTopology or weightsManifest)`);
  }
  return json as ModelJson;
}

export interface LoadedModelFiles {
  artifacts: tf.io.ModelArtifacts;
  /** SHA-256 of model.json's bytes followed by every weight shard in manifest order. */
  sha256: string;
}

/** Reads model.json and its shards (paths relative to model.json) into ModelArtifacts. */
export async function readModelFiles(
  modelJsonBytes: Uint8Array,
  name: string,
  readShard: AssetReader,
): Promise<LoadedModelFiles> {
  const json = asModelJson(parseJson(modelJsonBytes, name), name);
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths) shards.push(await readShard(path));
  }
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    joined.set(shard, offset);
    offset += shard.byteLength;
  }
  const hashed = new Uint8Array(modelJsonBytes.byteLength + total);
  hashed.set(modelJsonBytes, 0);
  hashed.set(joined, modelJsonBytes.byteLength);
  return {
    artifacts: {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: joined.buffer,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
    },
    sha256: await sha256Hex(hashed),
  };
}

/** Loads a LayersModel from already-read files. */
export async function loadModelFromFiles(
  modelJsonBytes: Uint8Array,
  name: string,
  readShard: AssetReader,
): Promise<{ model: tf.LayersModel; sha256: string }> {
  const { artifacts, sha256 } = await readModelFiles(modelJsonBytes, name, readShard);
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return { model, sha256 };
}

/** Serializes a model to model.json + one weights file, as `model.save('downloads://…')` would. */
export async function serializeModel(
  model: tf.LayersModel,
  weightsName = 'weights.bin',
): Promise<{ modelJson: Uint8Array; weights: Uint8Array }> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (!artifacts?.weightSpecs || !artifacts.weightData)
    throw new Error('model.save produced no weights');
  const weightData = artifacts.weightData;
  const weights = new Uint8Array(
    Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : weightData,
  );
  const json: ModelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology as object,
    weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs }],
  };
  return { modelJson: new TextEncoder().encode(JSON.stringify(json)), weights };
}
