/**
 * Checks a saved lab (a loaded session file, an autosave) against the networks it would continue
 * in, before the client replaces anything with it: each network's build (or, for a slot holding
 * an imported model, that model, checked as on import) is made, compared and thrown away.
 */
import type * as tf from '@tensorflow/tfjs';
import type { DatasetInfo } from '../core/datasets/types';
import { readImportedModel } from '../core/importedModel';
import { buildModelFor } from '../core/lab/models';
import { savedNetworkMismatch, type SavedLab } from '../core/lab/savedLab';
import { NETWORK_IDS, type Architecture, type HiddenActivation } from '../core/names';
import type { SessionImports } from './sessionProtocol';

/** Why `saved` cannot continue in networks of this build, or null when every network fits. */
export async function checkSavedLab(
  saved: SavedLab,
  imports: SessionImports,
  info: DatasetInfo,
  architecture: Architecture,
  activation: HiddenActivation,
): Promise<string | null> {
  for (const id of NETWORK_IDS) {
    const slot = imports[id];
    let model: tf.LayersModel;
    if (slot) {
      const files = new Map(slot.files.map((f) => [f.name, f.bytes]));
      const target = { inputShape: info.inputShape, classNames: info.classNames };
      const result = await readImportedModel(files, target);
      if (!result.ok) return `the model imported into ${id}: ${result.message}`;
      model = result.model;
    } else {
      model = buildModelFor(info, architecture, activation, 0);
    }
    try {
      const problem = savedNetworkMismatch(saved, id, model);
      if (problem) return problem;
    } finally {
      model.dispose();
    }
  }
  return null;
}
