/**
 * Keeping work: "Save session" (a file with everything needed to continue exactly), "Load
 * session" (a file input, or a session file dropped anywhere on the page), the autosave's state,
 * and "Recent sessions" (the last autosaves, each restorable).
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import type { RecentSession } from '../state/store';
import { useSessions } from './sessionContext';
import { useApp } from './storeContext';
import { NETWORK_IDS } from '../core/names';
import { SESSION_EXTENSION } from '../core/session/sessionFile';

const time = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;
const stepsLine = (steps: RecentSession['steps']) => NETWORK_IDS.map((id) => steps[id]).join(' / ');

export function SessionControls() {
  const actions = useSessions();
  const open = useApp((s) => s.lab.phase === 'open');
  const sessions = useApp((s) => s.sessions);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  useSessionDrop(actions.load);

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    try {
      setStatus(await work());
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      const saved = await actions.save();
      return `Saved ${saved.fileName} (${megabytes(saved.bytes)}).`;
    });
  const load = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same file can be chosen again
    if (file) void run(async () => ((await actions.load(file)) ? `Loaded ${file.name}.` : null));
  };

  return (
    <fieldset className="import-model sessions" data-testid="sessions">
      <legend>keep your work</legend>
      <div className="sessions__buttons">
        <button type="button" disabled={!open || busy} onClick={() => void save()}>
          Save session
        </button>
        <label className="import-model__button" data-disabled={busy || undefined}>
          Load session
          <input
            type="file"
            accept={`${SESSION_EXTENSION},application/octet-stream`}
            aria-label="Load session"
            className="visually-hidden"
            data-testid="load-session-input"
            disabled={busy}
            onChange={load}
          />
        </label>
      </div>
      {status && (
        <p className="run-buttons__message" role="status" data-testid="session-status">
          {status}
        </p>
      )}
      <p className="sessions__autosave" data-testid="autosave-status">
        {sessions.autosaveError
          ? `Autosave failed: ${sessions.autosaveError}`
          : sessions.lastAutosaveAt
            ? `Autosaved ${time(sessions.lastAutosaveAt)} (every 30 s while training, and on pause).`
            : 'Autosaves every 30 s while training, and on pause.'}
      </p>
      {sessions.recent.length > 0 && (
        <details className="sessions__recent">
          <summary>Recent sessions ({sessions.recent.length})</summary>
          <ul>
            {sessions.recent.map((entry) => (
              <li key={entry.key} data-testid="recent-session">
                <span>
                  {entry.title}
                  <br />
                  <small>
                    steps {stepsLine(entry.steps)} · {time(entry.savedAt)} ·{' '}
                    {megabytes(entry.bytes)}
                  </small>
                </span>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={`Restore ${entry.title}, saved ${time(entry.savedAt)}`}
                  onClick={() =>
                    void run(async () =>
                      (await actions.restore(entry.key)) ? `Restored ${entry.title}.` : null,
                    )
                  }
                >
                  Restore
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </fieldset>
  );
}

/** A session file dropped anywhere on the page loads (drops a column handles, e.g. model files
 * onto a network, are theirs). */
function useSessionDrop(load: (file: File) => Promise<boolean>) {
  useEffect(() => {
    const isFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (event: DragEvent) => {
      if (isFiles(event) && !event.defaultPrevented) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (event.defaultPrevented || !isFiles(event)) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void load(file);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [load]);
}

/** The lab continues a saved session: says which, and (for the autosave) offers a fresh start. */
export function ResumedNotice() {
  const resumed = useApp((s) => s.sessions.resumed);
  const actions = useSessions();
  const [hidden, setHidden] = useState<string | null>(null);
  if (!resumed || hidden === resumed.savedAt + resumed.name) return null;
  const from =
    resumed.source === 'autosave'
      ? `the autosave of ${time(resumed.savedAt)}`
      : `${resumed.name} (saved ${time(resumed.savedAt)})`;
  return (
    <div className="notice notice--info resumed" role="status" data-testid="resumed-notice">
      <span>
        Continued from {from}: steps {stepsLine(resumed.steps)} (standard / adversarial / CURE).
      </span>
      {resumed.source === 'autosave' && (
        <button type="button" onClick={() => void actions.startFromCheckpoints()}>
          Start from the checkpoints
        </button>
      )}
      <button
        type="button"
        aria-label="dismiss"
        onClick={() => setHidden(resumed.savedAt + resumed.name)}
      >
        ×
      </button>
    </div>
  );
}
