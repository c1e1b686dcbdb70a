/**
 * "Import model" on the main thread (issue 17, item 4): reads the files the user gave (the file
 * input, or a drop on a network's column), asks the engine to import them into a slot, and shows
 * the outcome — the slot's new origin, its curves started anew as after a reset, or a notice that
 * names the file, layer or weight at fault (then nothing changed).
 */
import type { AppStore } from '../state/store';
import type { ImportMode } from '../worker/trainingProtocol';
import type { EngineClient } from './engineClient';
import { trainingSeries } from './trainingSeries';
import { NETWORK_WORDS, type NetworkId } from '../core/names';

/** One file as given, by its name (model.json's manifest names the weight files). */
export interface GivenFile {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/**
 * Whether dropped files are meant as a model: a weight file (.bin) or a `model.json` among them.
 * A drop of anything else (a saved session) is left to whoever handles drops on the page.
 */
export function looksLikeModelFiles(names: readonly string[]): boolean {
  return names.some((name) => /\.bin$/i.test(name) || name.toLowerCase() === 'model.json');
}

export function readGivenFiles(files: ArrayLike<File>): Promise<GivenFile[]> {
  return Promise.all(
    Array.from(files).map(async (file) => ({
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}

/**
 * Imports `files` into slot `slot`.
 * @returns whether the slot now holds the model.
 */
export async function importModelFiles(
  client: EngineClient,
  store: AppStore,
  slot: NetworkId,
  files: readonly GivenFile[],
  mode: ImportMode,
): Promise<boolean> {
  const refuse = (why: string) => {
    store
      .getState()
      .addNotice(
        'error',
        `Model import into the ${NETWORK_WORDS[slot].name} column refused: ${why}`,
      );
    return false;
  };
  if (files.length === 0) return refuse('no files were given (model.json and its .bin files)');
  const names = files.map((file) => file.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) return refuse(`two files named '${twice}' were given`);
  let reply;
  try {
    reply = await client.call({ type: 'importModel', slot, files: [...files], mode });
  } catch {
    return false; // a failed request: the engine client has already put its message in a notice
  }
  if (reply.type === 'importRefused') return refuse(reply.message);
  if (reply.type !== 'modelImported') return false;
  // Handled as the reply arrives, before the new network's first delta (the worker sends them
  // in this order): its curves and numbers start anew.
  trainingSeries.clearNetwork(slot);
  store.getState().networkImported(reply.origin);
  return true;
}
