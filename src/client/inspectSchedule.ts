/**
 * When to ask the worker for an analysis: at once when what it is about changes (the sample, a
 * setting, the networks themselves), and again while training advances — but throttled so that
 * analysis takes a bounded share of the worker (the next refresh waits at least `minGapMs`, and
 * at least `loadFactor` × the last job's duration). Pure: the client feeds it the time.
 */
export interface JobPolicy {
  /** Shortest time between the end of a refresh and the next one, ms. */
  readonly minGapMs: number;
  /** The gap is also at least this many times the last job's duration. */
  readonly loadFactor: number;
}

/** The sample job (landscapes, slices, spectra) and the batch job (bounds, robust curve). */
export const POLICIES = {
  sample: { minGapMs: 2000, loadFactor: 2 },
  batch: { minGapMs: 8000, loadFactor: 4 },
} as const satisfies Record<string, JobPolicy>;

/** What the client knows about one kind of job. */
export interface JobTrack {
  /** The key and the networks' steps the latest request was made for. */
  key: string | null;
  steps: string | null;
  /** The request in flight, or null. */
  inFlight: number | null;
  /** When the latest request was sent and when it ended (performance.now(), ms). */
  sentAt: number;
  endedAt: number;
}

export const idleTrack = (): JobTrack => ({
  key: null,
  steps: null,
  inFlight: null,
  sentAt: 0,
  endedAt: 0,
});

/** A new key must hold this long before it is requested (a dragged slider sends many). */
export const SETTLE_MS = 120;

/** What to do now: nothing, cancel what runs (it answers an old question), or send a request
 * (superseding whatever runs). */
export type Decision = 'wait' | 'cancel' | 'request';

/**
 * @param wanted what the panels should show now and since when (null: nothing, e.g. the lab is
 *   closed).
 * @param steps the networks' current steps, as one string (a change means new weights).
 */
export function decide(
  track: JobTrack,
  wanted: { key: string; since: number } | null,
  steps: string,
  now: number,
  policy: JobPolicy,
): Decision {
  const running = track.inFlight !== null;
  if (wanted === null) return running ? 'cancel' : 'wait';
  if (wanted.key !== track.key) {
    if (now - wanted.since >= SETTLE_MS) return 'request';
    return running ? 'cancel' : 'wait';
  }
  if (running || steps === track.steps) return 'wait';
  const lastDuration = Math.max(0, track.endedAt - track.sentAt);
  const gap = Math.max(policy.minGapMs, policy.loadFactor * lastDuration);
  return now - track.endedAt >= gap ? 'request' : 'wait';
}
