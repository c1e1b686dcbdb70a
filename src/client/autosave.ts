/**
 * Autosave: while the lab trains it saves itself (a whole session file) at most every 30 s, and at
 * once when it is paused or the tab is hidden, into IndexedDB — one entry per lab build, the
 * latest few listed as "Recent sessions". Opening the app on a build that has an autosave continues
 * from it (the notice offers "Start from the checkpoints"), never silently from the checkpoints.
 * A full or refused storage is reported and the lab goes on.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { savedSteps } from '../core/session/savedSteps';
import { writeSessionFile } from '../core/session/sessionFile';
import type { NetworkId } from '../core/names';
import type { AppStore, RecentSession } from '../state/store';
import type { EngineClient } from './engineClient';
import { buildKey, type LabResumer } from './labResume';
import { currentSession, loadSession, prepareSession, sessionTitle } from './sessionClient';

/** At most one autosave per this while training. */
export const AUTOSAVE_MS = 30_000;
/** How many sessions "Recent sessions" keeps. */
export const RECENT_SESSIONS = 5;

const INDEX_KEY = 'index';
const bytesKey = (key: string) => `session:${key}`;

/** The storage autosave writes to: IndexedDB through idb-keyval, or a Map in tests. */
export interface SessionStorage {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export function indexedDbStorage(): SessionStorage {
  let store: UseStore | null = null;
  // Opened on first use: a browser without IndexedDB fails there, reported like a full disk.
  const db = () => (store ??= createStore('curvature-lab', 'sessions'));
  return {
    get: (key) => get(key, db()),
    set: (key, value) => set(key, value, db()),
    del: (key) => del(key, db()),
  };
}

export class Autosave {
  /** The cadence counts from the start: the first save comes 30 s into training. */
  private lastSavedAt = Date.now();
  private saving: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly client: EngineClient,
    private readonly resumer: LabResumer,
    private readonly storage: SessionStorage = indexedDbStorage(),
  ) {}

  /**
   * Lists the recent sessions and, when the link's build has an autosave, offers it to the first
   * lab (which waits for this lookup); then saves on the cadence, on pause and when hidden.
   */
  start(): void {
    this.resumer.waitFor(this.resumeOnOpen());
    this.unsubscribe = this.store.subscribe((state, previous) => {
      const paused = previous.lab.running && !state.lab.running && state.lab.phase === 'open';
      if (paused) void this.saveNow();
    });
    this.timer = setInterval(() => {
      const { lab } = this.store.getState();
      if (lab.phase === 'open' && lab.running && Date.now() - this.lastSavedAt >= AUTOSAVE_MS) {
        void this.saveNow();
      }
    }, 1000);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private onVisibility = () => {
    if (document.visibilityState === 'hidden') void this.saveNow();
  };

  /** Saves the open lab now (one save at a time; a failure becomes a notice, once). */
  async saveNow(): Promise<void> {
    // A save asked for during another (a pause while the cadence's save runs) follows it: the
    // file must hold the lab as it is after the pause.
    if (this.saving) {
      this.again ??= this.saving.then(() => {
        this.again = null;
        return this.saveNow();
      });
      return this.again;
    }
    this.saving = this.save().finally(() => (this.saving = null));
    return this.saving;
  }

  private async save(): Promise<void> {
    const state = this.store.getState();
    if (state.lab.phase !== 'open') return;
    this.lastSavedAt = Date.now();
    let bytes: Uint8Array;
    let entry: RecentSession;
    try {
      const data = await currentSession(this.store, this.client);
      bytes = await writeSessionFile(data);
      const { config } = state;
      entry = {
        key: buildKey(config),
        savedAt: data.savedAt,
        title: sessionTitle(config),
        steps: savedSteps(data.lab),
        bytes: bytes.length,
      };
    } catch {
      return; // the lab closed or changed while it was read: the next save takes the new one
    }
    try {
      await this.storage.set(bytesKey(entry.key), bytes);
      const index = (await this.storage.get<RecentSession[]>(INDEX_KEY)) ?? [];
      const kept = [entry, ...index.filter((e) => e.key !== entry.key)];
      for (const old of kept.slice(RECENT_SESSIONS)) await this.storage.del(bytesKey(old.key));
      const recent = kept.slice(0, RECENT_SESSIONS);
      await this.storage.set(INDEX_KEY, recent);
      this.store.getState().setRecentSessions(recent);
      this.store.getState().autosaved(entry.savedAt);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const first = this.store.getState().sessions.autosaveError === null;
      this.store.getState().autosaveFailed(reason);
      if (first) {
        this.store
          .getState()
          .addNotice(
            'warning',
            `Autosave failed (${reason}); the lab keeps training. Use "Save session" to keep it in a file.`,
          );
      }
    }
  }

  /** Restores a recent session (the list's button). */
  async restore(key: string): Promise<boolean> {
    const entry = this.store.getState().sessions.recent.find((e) => e.key === key);
    const bytes = await this.readBytes(key);
    if (!entry || !bytes) {
      this.store.getState().addNotice('error', 'That recent session is no longer stored.');
      return false;
    }
    return loadSession(this.store, this.client, this.resumer, bytes, entry.title, 'recent');
  }

  /**
   * "Start from the checkpoints": forgets this build's autosave and opens the lab afresh. The
   * notice's button; nothing else deletes an autosave.
   */
  async discardAndRestart(): Promise<void> {
    const key = buildKey(this.store.getState().config);
    try {
      await this.storage.del(bytesKey(key));
      const index = (await this.storage.get<RecentSession[]>(INDEX_KEY)) ?? [];
      const recent = index.filter((e) => e.key !== key);
      await this.storage.set(INDEX_KEY, recent);
      this.store.getState().setRecentSessions(recent);
    } catch (error) {
      this.store.getState().addNotice('warning', `The autosave could not be removed: ${error}`);
    }
    this.store.getState().sessionResumed(null);
    this.resumer.reopenFresh();
  }

  /**
   * After the engine restarted: offers this build's autosave to the lab that reopens. Resolves
   * once it is offered (the reopening lab waits for that), with the steps it holds and `opened`,
   * which settles when the lab opened on it; or to why not (no autosave yet, or it does not fit:
   * the lab then opens on its checkpoints).
   */
  async offerAfterRestart(): Promise<
    | { ok: true; steps: Record<NetworkId, number>; savedAt: string; opened: Promise<void> }
    | { ok: false; why: string }
  > {
    const { config } = this.store.getState();
    const bytes = await this.readBytes(buildKey(config));
    if (!bytes) return { ok: false, why: 'no autosave had been made yet' };
    const prepared = await prepareSession(
      this.store,
      this.client,
      this.resumer,
      bytes,
      `The autosave of ${sessionTitle(config)}`,
      'autosave',
    );
    if (typeof prepared === 'string') return { ok: false, why: prepared };
    return {
      ok: true,
      steps: savedSteps(prepared.session.lab),
      savedAt: prepared.session.savedAt,
      opened: prepared.continueHere(),
    };
  }

  private async readBytes(key: string): Promise<Uint8Array | null> {
    try {
      return (await this.storage.get<Uint8Array>(bytesKey(key))) ?? null;
    } catch {
      return null;
    }
  }

  /** The lookup the first lab waits for: lists recent sessions and offers this build's. */
  private async resumeOnOpen(): Promise<void> {
    let index: RecentSession[] = [];
    try {
      index = (await this.storage.get<RecentSession[]>(INDEX_KEY)) ?? [];
    } catch (error) {
      this.store.getState().autosaveFailed(String(error));
      return;
    }
    this.store.getState().setRecentSessions(index);
    const key = buildKey(this.store.getState().config);
    const entry = index.find((e) => e.key === key);
    const bytes = entry ? await this.readBytes(key) : null;
    if (!entry || !bytes) return;
    const name = `The autosave of ${entry.title}`;
    const prepared = await prepareSession(
      this.store,
      this.client,
      this.resumer,
      bytes,
      name,
      'autosave',
    );
    if (typeof prepared === 'string') {
      this.store.getState().addNotice('warning', `${prepared}; starting from the checkpoints.`);
      return;
    }
    // Offered now, opened once this lookup is over: the first lab waits for it, then takes it.
    prepared.apply().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      this.store.getState().addNotice('warning', `${name} was not continued: ${reason}.`);
    });
  }
}
