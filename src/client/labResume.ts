/**
 * A saved lab waiting to be continued: a loaded session file, a restored recent session or the
 * autosave. Whoever offers one (sessionClient.ts, autosave.ts) gets a promise; the lab connection
 * (labClient.ts) takes it when it opens a lab of the same build, and settles the promise once the
 * worker has opened it (or failed to).
 */
import type { Config } from '../state/config';
import type { LabSessionData } from '../core/session/sessionFile';

/** Where a continued lab came from, as the notice says it. */
export type ResumeSource = 'file' | 'autosave' | 'recent';

export interface PendingResume {
  readonly session: LabSessionData;
  readonly source: ResumeSource;
  /** The build it continues (`buildKey`): only a lab of that build takes it. */
  readonly build: string;
}

/** What a lab's networks are built from: two labs with the same key can continue each other. */
export function buildKey(config: Pick<Config, 'dataset' | 'seed' | 'architecture' | 'activation'>) {
  return [config.dataset, config.seed, config.architecture, config.activation].join('|');
}

export class LabResumer {
  private pending: (PendingResume & { settle: (error: string | null) => void }) | null = null;
  private listeners = new Set<() => void>();
  private blockers: Promise<unknown>[] = [];

  /**
   * Offers a saved lab. Resolves once a lab opened on it, rejects with the reason if opening
   * failed or another offer replaced it.
   */
  offer(resume: PendingResume): Promise<void> {
    this.pending?.settle('another session was loaded first');
    return new Promise<void>((resolve, reject) => {
      this.pending = {
        ...resume,
        settle: (error) => (error === null ? resolve() : reject(new Error(error))),
      };
      for (const listener of this.listeners) listener();
    });
  }

  /** Asks for the lab to be opened again, on its checkpoints (no offer is taken). */
  reopenFresh(): void {
    this.pending?.settle('the lab was started from the checkpoints');
    this.pending = null;
    for (const listener of this.listeners) listener();
  }

  /** Called when a lab is offered or a fresh reopening is asked for: the lab connection then
   * opens the lab even if its build is already open. */
  onOffer(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether any offer waits. */
  hasAny(): boolean {
    return this.pending !== null;
  }

  /** Whether a lab of `build` would continue an offer. */
  has(build: string): boolean {
    return this.pending?.build === build;
  }

  /** The offer for `build`, handed over (with its settle), or null. */
  take(build: string): { resume: PendingResume; settle: (error: string | null) => void } | null {
    const pending = this.pending;
    if (!pending || pending.build !== build) return null;
    this.pending = null;
    return { resume: pending, settle: pending.settle };
  }

  /** The first lab waits for `lookup` (the autosave's) before opening on the checkpoints. */
  waitFor(lookup: Promise<unknown>): void {
    this.blockers.push(lookup.catch(() => undefined));
  }

  /** Resolves once every lookup registered so far has finished. */
  async ready(): Promise<void> {
    await Promise.all(this.blockers);
  }
}
