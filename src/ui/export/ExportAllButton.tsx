/** The top bar's "Export all" button: builds the zip (exportAll.ts) with a progress bar while
 * the networks keep training, then downloads it; a failure becomes a notice. */
import { useContext, useState } from 'react';
import { useEngine } from '../engineContext';
import { StoreContext, useApp } from '../storeContext';
import { exportAll } from './exportAll';
import { download } from './raster';
import './export.css';

export function ExportAllButton() {
  const client = useEngine();
  const store = useContext(StoreContext)!;
  const open = useApp((s) => s.lab.phase === 'open');
  const [progress, setProgress] = useState<number | null>(null);
  const run = async () => {
    setProgress(0);
    try {
      const result = await exportAll(client, store.getState, setProgress);
      download(result.zip, result.name, 'application/zip');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store.getState().addNotice('error', `Export all: ${message}`);
    } finally {
      setProgress(null);
    }
  };
  return (
    <span className="export-all">
      <button
        type="button"
        className="export-all__button"
        disabled={!open || progress !== null}
        onClick={() => void run()}
        title="Every panel as PNG 2× with its data (CSV, JSON), provenance.json and a README, in one zip"
      >
        Export all
      </button>
      {progress !== null && (
        <progress value={progress} max={1} aria-label="Export all: building the zip" />
      )}
    </span>
  );
}
