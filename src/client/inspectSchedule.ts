/**
 * When to ask the worker for an analysis: at once when what it is about changes (the sample, a
 * setting, the networks themselves), and again while training advances — but throttled so that
 * analysis takes a bounded share of the worker (the next refresh waits at least `minGapMs`, and
 * at least `loadFactor` × the compute time the last job reported). Pure: the client feeds it the
 * time.
 *
 * Compute time, not wall time: inside a job the worker already gives training its share after
 * every part (inspector.ts, TRAINING_SHARE) and waits out sample jobs, so a batch job's wall time
 * on wasm was ~4× its compute; multiplying that again by 4 spaced batch refreshes ~6 minutes
 * apart (issue 13: the robust curve sat at "steps 1 / 0 / 0" for minutes).
 */
export interface JobPolicy {
  /** Shortest time between the end of a refresh and the next one, ms. */
  readonly minGapMs: number;
  /** The gap is also at least this many times the last job's compute time. */
  readonly loadFactor: number;
}

/** The sample job (landscapes, slices, spectra) and the batch job (bounds, robust curve). With
 * the worker's training share (1 ms per ms of each part), a job that computes c ms takes at most
 * c / (c + c + loadFactor·c) of the worker while training runs: 1/4 (sample), 1/3 (batch). */
export const POLICIES = {
  sample: { minGapMs: 2000, loadFactor: 2 },
  batch: { minGapMs: 8000, loadFactor: 1 },
} as const satisfies Record<string, JobPolicy>;

/** What the client knows about one kind of job. */
export interface JobTrack {
  /** The key and the networks' steps the latest request was made for. */
  key: string | null;
  steps: string | null;
  /** The request in flight, or null. */
  inFlight: number | null;
  /** When the latest request ended (performance.now(), ms). */
  endedAt: number;
  /** Compute time its parts reported (the sum of their `ms`). */
  busyMs: number;
}

export const idleTrack = (): JobTrack => ({
  key: null,
  steps: null,
  inFlight: null,
  endedAt: 0,
  busyMs: 0,
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
  const gap = Math.max(policy.minGapMs, policy.loadFactor * Math.max(0, track.busyMs));
  return now - track.endedAt >= gap ? 'request' : 'wait';
}
