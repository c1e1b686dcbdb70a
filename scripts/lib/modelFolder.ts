/**
 * Reads a model.json and the weight files its manifest names, from its folder only: a path that
 * weightPathProblem rejects (absolute, `..`, a URL) or a file that is not there is left out, and the
 * import then refuses it by name. Nothing outside the model's folder is opened.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { weightPathProblem } from '../../src/core/importedModel';

/** model.json (under its base name) and the readable weight files it lists, by manifest path. */
export async function readModelFolder(modelJsonPath: string): Promise<Map<string, Uint8Array>> {
  const bytes = new Uint8Array(await readFile(modelJsonPath));
  const files = new Map([[basename(modelJsonPath), bytes]]);
  let manifest: unknown;
  try {
    manifest = (JSON.parse(new TextDecoder().decode(bytes)) as { weightsManifest?: unknown })
      .weightsManifest;
  } catch {
    return files; // the import names the JSON error
  }
  const paths = Array.isArray(manifest)
    ? manifest.flatMap((group: { paths?: unknown }) =>
        Array.isArray(group?.paths) ? group.paths : [],
      )
    : [];
  for (const path of paths) {
    if (weightPathProblem(path) !== null || files.has(path as string)) continue;
    try {
      files.set(
        path as string,
        new Uint8Array(await readFile(join(dirname(modelJsonPath), path as string))),
      );
    } catch {
      // Missing or unreadable: the import says which file is not among the given ones.
    }
  }
  return files;
}
