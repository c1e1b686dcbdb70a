/**
 * The JSON files the app ships and the scripts open (dataset and checkpoint manifests, model.json),
 * read one way, with errors that name the file and say what is wrong with it: it could not be read,
 * it is not JSON, or it is JSON of another shape (each bad field, as zod reports it).
 */
import { z } from 'zod';
import type { AssetReader } from './datasets/types';

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Parses JSON text, or UTF-8 bytes of it.
 * @param name the file, for the message: throws "<name> is not JSON (<the parser's reason>)".
 */
export function parseJson(source: string | Uint8Array, name: string): unknown {
  const text = typeof source === 'string' ? source : new TextDecoder().decode(source);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not JSON (${reasonOf(error)})`, { cause: error });
  }
}

/**
 * Parses JSON text (or its UTF-8 bytes) and checks it against `schema`.
 * @param format what the file should be, e.g. "curvature-lab/checkpoint@1": a mismatch throws
 *   "<name> is not a <format> manifest:" followed by zod's account of every bad field.
 * @returns the validated value (zod's output: unknown keys stripped).
 */
export function parseJsonManifest<S extends z.ZodType>(
  source: string | Uint8Array,
  name: string,
  schema: S,
  format: string,
): z.output<S> {
  const parsed = schema.safeParse(parseJson(source, name));
  if (!parsed.success) {
    throw new Error(`${name} is not a ${format} manifest: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Reads `path` through `readAsset` (a fetch in the worker, a file read in node), parses it and
 * checks it against `schema`. Every failure names the file: "<path> could not be read (<the
 * reader's reason>)", "<path> is not JSON (…)" or "<path> is not a <format> manifest: …".
 */
export async function readJsonManifest<S extends z.ZodType>(
  path: string,
  schema: S,
  readAsset: AssetReader,
  format: string,
): Promise<z.output<S>> {
  let bytes: Uint8Array;
  try {
    bytes = await readAsset(path);
  } catch (error) {
    throw new Error(`${path} could not be read (${reasonOf(error)})`, { cause: error });
  }
  return parseJsonManifest(bytes, path, schema, format);
}
