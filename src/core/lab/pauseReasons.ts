/**
 * Why a network is paused, in the words its stats line shows, and which reasons leave it healthy.
 * A plain table (no tfjs), so the main thread reads it too.
 */

/** The pause reason of a network paused by the user. */
export const USER_PAUSE = 'Paused.';

/** The pause reason of a network that reached the step a pinned link (`until=N`) asks for. */
export function untilPause(until: number): string {
  return `Paused at step ${until} (until=${until}).`;
}

/** The pause reason of an imported network kept frozen: it is analyzed and evaluated, never
 * trained (play and step leave it as it is). */
export const FROZEN_PAUSE = 'Frozen: an imported model, analyzed as it is and never trained.';

/**
 * Whether a pause leaves the network healthy (the user's, `until`'s, or a frozen import's): it is
 * still evaluated and may be stepped (a frozen one excepted). Any other reason is a failure
 * (divergence, a backend error).
 */
export function isHealthyPause(reason: string | null): boolean {
  return (
    reason === null || reason === USER_PAUSE || reason === FROZEN_PAUSE || isUntilPause(reason)
  );
}

/** Whether a network is paused because it reached `until`. */
export function isUntilPause(reason: string | null): boolean {
  return reason !== null && /^Paused at step \d+ \(until=\d+\)\.$/.test(reason);
}
