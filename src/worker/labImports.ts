/**
 * Models the user imports into the live lab (issue 17, item 4): the files as given, how each slot
 * takes part (frozen or fine-tuned) and what the checks found. The files are kept so that the
 * same lab reopened — on another backend, or after a lost device — imports them again, and so
 * that a saved session can carry them; another lab (dataset, build or seed) drops them.
 */
import {
  readImportedModel,
  type ImportedModelInfo,
  type ImportResult,
} from '../core/importedModel';
import type { Dataset } from '../core/datasets/types';
import type { LabSession } from '../core/lab/session';
import { snapshotWeights } from '../core/models';
import type { ImportedOrigin, ImportMode, NetworkOrigin } from './trainingProtocol';
import type { NetworkId } from '../core/names';

/** One slot's import. */
export interface ImportedSlot {
  /** Every file given, by name (model.json and its weight files), as they were read. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly mode: ImportMode;
  readonly info: ImportedModelInfo;
}

/** What `LabController.importModel` answers: the slot's new origin, or why nothing changed. */
export type ImportOutcome = { ok: true; origin: NetworkOrigin } | { ok: false; message: string };

/** Checks `files` as a model for `dataset` (its input shape and classes); never throws. */
export function readModelFor(
  files: ReadonlyMap<string, Uint8Array>,
  dataset: Dataset,
): Promise<ImportResult> {
  const { inputShape, classNames } = dataset.info;
  return readImportedModel(files, { inputShape, classNames });
}

/** Puts a checked model in slot `id` of `session`, its weights as the slot's reset point. */
export function installImported(
  session: LabSession,
  id: NetworkId,
  model: Extract<ImportResult, { ok: true }>['model'],
  mode: ImportMode,
): void {
  session.replaceNetwork(id, model, snapshotWeights(model), mode === 'frozen');
}

/** What the protocol says about an import. */
export function importedSummary(slot: ImportedSlot): ImportedOrigin {
  const { info, mode } = slot;
  return {
    name: info.topologyName ?? info.file,
    file: info.file,
    sha256: info.sha256,
    inputRange: info.inputRange,
    inputRangeSource: info.inputRangeSource,
    mode,
    layerClasses: info.layerClasses,
    parameterCount: info.parameterCount,
    modelInputShape: info.modelInputShape,
    strippedSoftmax: info.strippedSoftmax,
  };
}

/** The origin of a slot holding an import: no checkpoint, no manifest numbers. */
export function importedOrigin(id: NetworkId, slot: ImportedSlot): NetworkOrigin {
  return {
    id,
    source: 'imported',
    sha256: slot.info.sha256,
    cleanAccuracy: null,
    pgdAccuracy: null,
    topEigenvalue: null,
    measuredAt: null,
    parameters: slot.info.parameterCount,
    continuedAtStep: null,
    imported: importedSummary(slot),
  };
}

/** The imports of one lab (`labIdentity`), by slot. */
export class LabImports {
  private lab: string | null = null;
  private readonly slots = new Map<NetworkId, ImportedSlot>();

  get(id: NetworkId): ImportedSlot | null {
    return this.slots.get(id) ?? null;
  }

  has(id: NetworkId): boolean {
    return this.slots.has(id);
  }

  /** Slot `id` of lab `lab` now holds `slot` (imports of another lab are dropped first). */
  set(lab: string, id: NetworkId, slot: ImportedSlot): void {
    this.keepFor(lab);
    this.slots.set(id, slot);
  }

  drop(id: NetworkId): void {
    this.slots.delete(id);
  }

  /**
   * For opening lab `lab`: forgets every import unless they belong to it.
   * @returns the imports to install again, in slot order.
   */
  keepFor(lab: string): [NetworkId, ImportedSlot][] {
    if (this.lab !== lab) this.slots.clear();
    this.lab = lab;
    return [...this.slots.entries()];
  }

  /** The origins as opened, with each imported slot's origin in place of its checkpoint's. */
  showIn(origins: NetworkOrigin[]): NetworkOrigin[] {
    return origins.map((origin) => {
      const slot = this.slots.get(origin.id);
      return slot
        ? { ...importedOrigin(origin.id, slot), continuedAtStep: origin.continuedAtStep }
        : origin;
    });
  }
}
