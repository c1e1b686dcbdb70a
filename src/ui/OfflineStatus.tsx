/**
 * The top bar's offline readout: whether this browser holds the app, its data and its checkpoints
 * for use with the network off (src/client/offline.ts fills the store's offline slice).
 */
import type { OfflinePhase } from '../state/store';
import { useApp } from './storeContext';

const LABELS: Record<OfflinePhase, string> = {
  ready: 'Ready offline',
  storing: 'Saving for offline…',
  failed: 'Not ready offline',
  unavailable: 'Online only',
};

function explanation(phase: OfflinePhase, detail: string): string {
  if (phase === 'ready') {
    return 'The app, its data and its checkpoints are stored in this browser: with the network off, it opens and trains.';
  }
  if (phase === 'storing') {
    return 'Storing the app, its data and its checkpoints (about 37 MB) in this browser, so that it runs with the network off.';
  }
  return `Not stored for use with the network off: ${detail}.`;
}

export function OfflineStatus() {
  const { phase, detail } = useApp((s) => s.offline);
  const why = explanation(phase, detail);
  const tone = phase === 'ready' ? ' chip--ok' : phase === 'failed' ? ' chip--bad' : '';
  return (
    <span className={`chip${tone}`} role="status" title={why} data-testid="offline-status">
      {LABELS[phase]}
      <span className="visually-hidden">: {why}</span>
    </span>
  );
}
