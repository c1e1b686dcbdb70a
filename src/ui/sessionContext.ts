import { createContext, useContext } from 'react';

/** What the session controls ask for; made in main.tsx from the engine client, the resumer and
 * the autosave (src/client/sessionClient.ts, autosave.ts). */
export interface SessionActions {
  /** Saves the lab to a file (a download); resolves to the file's name and size. */
  save(): Promise<{ fileName: string; bytes: number }>;
  /** Loads a session file; a refusal is a notice. Resolves to whether it loaded. */
  load(file: File): Promise<boolean>;
  /** Restores a recent session by its key. */
  restore(key: string): Promise<boolean>;
  /** Forgets this build's autosave and starts the lab from the checkpoints. */
  startFromCheckpoints(): Promise<void>;
}

export const SessionContext = createContext<SessionActions | null>(null);

export function useSessions(): SessionActions {
  const actions = useContext(SessionContext);
  if (!actions) throw new Error('useSessions outside SessionContext');
  return actions;
}
