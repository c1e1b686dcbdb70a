/**
 * Bringing a model into the lab (issue 17, item 4): the "Import model" control of the controls
 * column (a slot, frozen or fine-tuned, and the files), the drop of the files on a network's
 * column, and the line a column shows about the model it holds.
 */
import { useState, type DragEvent } from 'react';
import {
  importModelFiles,
  looksLikeModelFiles,
  readGivenFiles,
  type GivenFile,
} from '../client/importClient';
import type { ImportedOrigin, ImportMode } from '../worker/trainingProtocol';
import { useEngine } from './engineContext';
import { NETWORKS } from './networks';
import { useApp, useAppStore } from './storeContext';
import type { NetworkId } from '../core/names';

const MODE_WORDS: Record<ImportMode, string> = {
  frozen: 'keep it frozen',
  finetune: 'fine-tune it',
};

/** Imports into `slot`, marking the control busy meanwhile. */
function useImport() {
  const client = useEngine();
  const store = useAppStore();
  const [busy, setBusy] = useState(false);
  const run = async (slot: NetworkId, files: Promise<GivenFile[]>, mode: ImportMode) => {
    setBusy(true);
    try {
      await importModelFiles(client, store, slot, await files, mode);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/** The controls column's "Import model": where to, how, and the files. */
export function ImportModelControls() {
  const store = useAppStore();
  const open = useApp((s) => s.lab.phase === 'open');
  const { slot, mode } = useApp((s) => s.lab.importChoice);
  const { busy, run } = useImport();
  const choose = store.getState().setImportChoice;
  return (
    <fieldset className="import-model" data-testid="import-model">
      <legend>bring your own model</legend>
      <label className="field field--stacked">
        <span>into the column</span>
        <select
          data-testid="import-slot"
          value={slot}
          onChange={(e) => choose({ slot: e.target.value as NetworkId })}
        >
          {NETWORKS.map((network) => (
            <option key={network.id} value={network.id}>
              {network.name}
            </option>
          ))}
        </select>
      </label>
      <label
        className="field field--stacked"
        title="frozen: analyzed as it is, never trained; fine-tuned: trained with its column's method (cross-entropy, PGD or CURE)"
      >
        <span>then</span>
        <select
          data-testid="import-mode"
          value={mode}
          onChange={(e) => choose({ mode: e.target.value as ImportMode })}
        >
          {(['frozen', 'finetune'] as const).map((m) => (
            <option key={m} value={m}>
              {MODE_WORDS[m]}
            </option>
          ))}
        </select>
      </label>
      <label
        className="import-model__button"
        data-disabled={!open || busy || undefined}
        title="model.json and its .bin weight files (a TensorFlow.js LayersModel)"
      >
        {busy ? 'Checking…' : 'Import model'}
        <input
          type="file"
          multiple
          accept=".json,.bin"
          className="visually-hidden"
          aria-label="Import model"
          data-testid="import-model-input"
          disabled={!open || busy}
          onChange={(e) => {
            const input = e.currentTarget;
            const files = readGivenFiles(input.files ?? []);
            // The same files may be given again (after fixing them, or into another slot).
            input.value = '';
            void run(slot, files, mode);
          }}
        />
      </label>
      <p className="import-model__hint muted">
        model.json with its .bin files, or drop them on a network’s column
      </p>
    </fieldset>
  );
}

/**
 * A drop of model files on a network's column imports them into its slot (frozen or fine-tuned
 * as the import control says). Other drops are left to the page.
 * @returns the column being dragged over, and each column's handlers.
 */
export function useModelDrop() {
  const store = useAppStore();
  const { run } = useImport();
  const [over, setOver] = useState<NetworkId | null>(null);
  const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  const handlers = (id: NetworkId) => ({
    onDragOver: (e: DragEvent<HTMLElement>) => {
      if (!hasFiles(e) || store.getState().lab.phase !== 'open') return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      if (over !== id) setOver(id);
    },
    onDragLeave: (e: DragEvent<HTMLElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
    },
    onDrop: (e: DragEvent<HTMLElement>) => {
      setOver(null);
      const files = Array.from(e.dataTransfer.files);
      // Never let the browser open a dropped file in place of the app; a drop that is not a
      // model (a saved session) goes on to the page's own handler.
      e.preventDefault();
      if (!looksLikeModelFiles(files.map((file) => file.name))) return;
      e.stopPropagation();
      if (store.getState().lab.phase !== 'open') return;
      void run(id, readGivenFiles(files), store.getState().lab.importChoice.mode);
    },
  });
  return { over, handlers };
}

const range = ([low, high]: readonly [number, number]) => `[${low}, ${high}]`;

/** What a column says about the imported model it holds: its name, the input range it expects,
 * frozen or fine-tuned; the rest (file, hash, layers) in its tooltip. */
export function ImportedLine({ id, imported }: { id: NetworkId; imported: ImportedOrigin }) {
  const expects =
    `expects ${range(imported.inputRange)}` +
    (imported.inputRangeSource === 'default' ? ' (default)' : '');
  const how = imported.mode === 'frozen' ? 'frozen' : 'fine-tuned';
  const details = [
    `${imported.file} · sha256 ${imported.sha256.slice(0, 12)}…`,
    `layers: ${imported.layerClasses.join(', ')}`,
    `${imported.parameterCount.toLocaleString('en')} parameters · input [${imported.modelInputShape.join(', ')}]` +
      (imported.strippedSoftmax ? ' · final softmax removed (logits analyzed)' : ''),
    `input range ${range(imported.inputRange)} from ${imported.inputRangeSource === 'default' ? 'the default (model.json gives none)' : 'model.json'}`,
  ].join('\n');
  return (
    <p className="stats__imported" data-testid={`imported-${id}`} title={details}>
      <strong>imported: {imported.name}</strong> · {expects} · {how}
    </p>
  );
}
