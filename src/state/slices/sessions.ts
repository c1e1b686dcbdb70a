/**
 * The sessions slice: what the lab knows of saved sessions — the autosaves listed as "Recent
 * sessions", the session the open lab continues (its notice offers to start from the checkpoints
 * instead), and how the last autosave went.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { NetworkId } from '../../core/names';
import type { AppState } from '../store';

/** One stored session, as the list shows it. */
export interface RecentSession {
  /** Its key in storage (one per lab build: the latest autosave of that lab). */
  key: string;
  savedAt: string;
  /** The dataset's name and the build, in words ("MNIST · MLP · ReLU · seed 0"). */
  title: string;
  steps: Record<NetworkId, number>;
  /** The file's size in bytes. */
  bytes: number;
}

/** The session the open lab continues, and where it came from. */
export interface ResumedSession {
  source: 'file' | 'autosave' | 'recent';
  /** The file name, or the recent session's title. */
  name: string;
  savedAt: string;
  steps: Record<NetworkId, number>;
}

export interface SessionsState {
  recent: RecentSession[];
  resumed: ResumedSession | null;
  /** When the lab last saved itself, or why it could not (storage full, refused). */
  lastAutosaveAt: string | null;
  autosaveError: string | null;
}

export interface SessionsSlice {
  sessions: SessionsState;
  setRecentSessions: (recent: RecentSession[]) => void;
  sessionResumed: (resumed: ResumedSession | null) => void;
  autosaved: (at: string) => void;
  autosaveFailed: (error: string) => void;
}

export const createSessionsSlice: StateCreator<AppState, [], [], SessionsSlice> = (set) => {
  const patch = (change: Partial<SessionsState>) =>
    set((state) => ({ sessions: { ...state.sessions, ...change } }));
  return {
    sessions: { recent: [], resumed: null, lastAutosaveAt: null, autosaveError: null },
    setRecentSessions: (recent) => patch({ recent }),
    sessionResumed: (resumed) => patch({ resumed }),
    autosaved: (at) => patch({ lastAutosaveAt: at, autosaveError: null }),
    autosaveFailed: (error) => patch({ autosaveError: error }),
  };
};
