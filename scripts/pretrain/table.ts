/** The README's table of shipped checkpoints, read back from their manifests. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CHECKPOINT_FORMAT,
  checkpointFolder,
  checkpointManifestSchema,
} from '../../src/core/checkpoints';
import type { CheckpointManifest } from '../../src/core/checkpoints';
import { DATASET_IDS } from '../../src/core/datasets/types';
import { parseJsonManifest } from '../../src/core/jsonManifest';
import { ARCHITECTURES, HIDDEN_ACTIVATIONS, NETWORK_IDS } from '../../src/core/names';

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

export function checkpointTable(manifests: readonly CheckpointManifest[]): string {
  const rows = manifests.map((m) => {
    const e = m.evaluation;
    return (
      `| ${m.dataset} | ${m.architecture}-${m.activation} | ${m.method} | ${percent(e.cleanAccuracy)} | ${percent(e.pgd.accuracy)}` +
      ` (ε ${e.pgd.eps}, ${e.pgd.steps} steps) | ${e.meanTopEigenvalue.toPrecision(3)}` +
      ` | ${e.meanCureValue.toPrecision(3)} (h ${e.cureH}) | ${m.steps} | ${m.wallTimeSeconds} s |`
    );
  });
  return [
    '| dataset | network | method | clean acc | PGD acc (ℓ∞) | mean λmax | mean CURE ‖∇ℓ(x+hz)−∇ℓ(x)‖ | steps | wall time |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Every manifest present under `outDir`, in dataset × architecture × activation × method order. */
export async function readManifests(outDir: string): Promise<CheckpointManifest[]> {
  const found: CheckpointManifest[] = [];
  for (const dataset of DATASET_IDS) {
    for (const architecture of ARCHITECTURES) {
      for (const activation of HIDDEN_ACTIVATIONS) {
        for (const method of NETWORK_IDS) {
          const key = { dataset, architecture, activation, method };
          const path = join(outDir, checkpointFolder(key), 'manifest.json');
          let text: string;
          try {
            text = await readFile(path, 'utf8');
          } catch {
            continue;
          }
          found.push(parseJsonManifest(text, path, checkpointManifestSchema, CHECKPOINT_FORMAT));
        }
      }
    }
  }
  return found;
}
