/**
 * How much slower a forced backend is than the best one here, from probe-step timings (the same
 * probe the automatic choice ranks backends by), and the warning the user gets when the factor is
 * large enough to feel. Pure: no tfjs, so the main thread can use it.
 */
import type { BackendName, CandidateReport } from './protocol';

/** From this factor on, forcing a backend is worth a warning (figures this many times staler). */
export const SLOWDOWN_WARNING_FACTOR = 3;

export interface Slowdown {
  readonly forced: BackendName;
  readonly best: BackendName;
  /** forcedMs / bestMs (> 1 when another backend is faster). */
  readonly factor: number;
  /** Median ms per probe step. */
  readonly forcedMs: number;
  readonly bestMs: number;
}

/**
 * The forced backend against the fastest other backend that was timed, or null when the forced
 * one was not timed or no other was.
 */
export function measureSlowdown(
  forced: BackendName,
  candidates: readonly CandidateReport[],
): Slowdown | null {
  const timed = (c: CandidateReport) => c.msPerStep !== null && c.msPerStep > 0;
  const own = candidates.find((c) => c.name === forced && timed(c));
  const others = candidates.filter((c) => c.name !== forced && timed(c));
  if (!own || others.length === 0) return null;
  const best = others.reduce((a, b) => (b.msPerStep! < a.msPerStep! ? b : a));
  return {
    forced,
    best: best.name,
    factor: own.msPerStep! / best.msPerStep!,
    forcedMs: own.msPerStep!,
    bestMs: best.msPerStep!,
  };
}

/** "15", "4.2": two significant digits, as a factor is said aloud. */
function formatFactor(factor: number): string {
  return factor >= 10 ? String(Math.round(factor)) : factor.toFixed(1);
}

function formatMs(ms: number): string {
  return ms >= 10 ? String(Math.round(ms)) : ms.toPrecision(2);
}

/**
 * The warning for a forced backend at least `threshold`× slower than the best, e.g. "cpu is ~15×
 * slower than wasm here (probe: 410 ms vs 27 ms per step) …", or null below it.
 */
export function slowdownWarning(
  slowdown: Slowdown,
  threshold = SLOWDOWN_WARNING_FACTOR,
): string | null {
  if (!(slowdown.factor >= threshold)) return null;
  const { forced, best, factor, forcedMs, bestMs } = slowdown;
  return (
    `${forced} is ~${formatFactor(factor)}× slower than ${best} here ` +
    `(probe: ${formatMs(forcedMs)} ms vs ${formatMs(bestMs)} ms per step): training and figures ` +
    `update that much less often. Choose "auto" in the backend picker (or drop ?backend=) for the fastest.`
  );
}
