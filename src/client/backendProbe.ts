/**
 * Says when a forced backend (`?backend=` or the picker) is much slower than the best one here.
 * It needs the best candidate's probe time, which a forced start does not measure. So: timings of
 * an automatic start are kept (per architecture, for this page) and used at once; otherwise, once
 * the lab is open and its first analysis is on screen (or 5 s after it opened), a worker of its own (the engine's bundle,
 * already loaded) times a probe step on each backend and is terminated. The engine keeps training
 * meanwhile; the probe only competes with it for the CPU for the seconds it takes.
 */
import type { Architecture } from '../core/names';
import type { AppState, AppStore } from '../state/store';
import {
  engineEventSchema,
  type BackendName,
  type CandidateReport,
  type EngineRequest,
} from '../worker/protocol';
import { measureSlowdown, slowdownWarning } from '../worker/slowdown';

/** A probe that has not answered by then is given up (and its worker terminated). */
const PROBE_TIMEOUT_MS = 60_000;

/** What the last probe cost, for tests and measurements. */
export interface ProbeRecord {
  readonly forced: BackendName;
  readonly architecture: Architecture;
  /** Wall-clock ms inside the probe worker, and from starting the worker to its answer. */
  readonly probeMs: number;
  readonly totalMs: number;
  readonly candidates: readonly CandidateReport[];
}

/** After the lab opened, the probe waits for its first analysis result, or this long at most
 * (on cpu the first result can take half a minute: the warning should not). */
const PROBE_AFTER_OPEN_MS = 5000;

function runProbe(
  startWorker: () => Worker,
  architecture: Architecture,
  forced: BackendName,
): Promise<{ candidates: CandidateReport[]; ms: number }> {
  const worker = startWorker();
  return new Promise<{ candidates: CandidateReport[]; ms: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer in ${PROBE_TIMEOUT_MS / 1000} s`)),
      PROBE_TIMEOUT_MS,
    );
    worker.onmessage = (message: MessageEvent<unknown>) => {
      const parsed = engineEventSchema.safeParse(message.data);
      if (!parsed.success) return;
      const event = parsed.data;
      if (event.type === 'probeResult') {
        clearTimeout(timer);
        resolve({ candidates: event.candidates, ms: event.ms });
      } else if (event.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(event.message));
      }
    };
    worker.onerror = (error) => {
      clearTimeout(timer);
      reject(new Error(error.message));
    };
    const request: EngineRequest = { type: 'probeBackends', id: 1, architecture, forced };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

/**
 * Watches the engine; for each forced backend and architecture, once, warns if the forced backend
 * is at least SLOWDOWN_WARNING_FACTOR× slower than the best. `onProbe` hears what each probe cost.
 */
export function connectBackendProbe(
  store: AppStore,
  startWorker: () => Worker,
  onProbe: (record: ProbeRecord) => void = () => {},
): () => void {
  const timings = new Map<Architecture, CandidateReport[]>();
  const handled = new Set<string>();
  let openedAt: number | null = null;
  let wakeUp: ReturnType<typeof setTimeout> | null = null;

  /** The lab's first analysis is on screen (or failed), or it has been open long enough. */
  const mayProbe = (state: AppState): boolean => {
    if (state.lab.phase !== 'open') {
      openedAt = null;
      return false;
    }
    if (openedAt === null) {
      openedAt = performance.now();
      if (wakeUp !== null) clearTimeout(wakeUp);
      wakeUp = setTimeout(() => check(store.getState()), PROBE_AFTER_OPEN_MS + 10);
    }
    return (
      Object.keys(state.inspection.stamps).length > 0 ||
      state.inspection.error !== null ||
      performance.now() - openedAt >= PROBE_AFTER_OPEN_MS
    );
  };

  const warn = (forced: BackendName, candidates: readonly CandidateReport[]) => {
    const slowdown = measureSlowdown(forced, candidates);
    const text = slowdown && slowdownWarning(slowdown);
    if (!text) return;
    const { notices, addNotice } = store.getState();
    if (!notices.some((notice) => notice.text === text)) addNotice('warning', text);
  };

  const check = (state: AppState) => {
    const { status, phase } = state.engine;
    if (phase !== 'ready' || !status) return;
    const { architecture } = state.config;
    if (status.requested === 'auto') {
      const timed = status.candidates.filter((c) => c.msPerStep !== null);
      if (timed.length >= 2) timings.set(architecture, status.candidates);
      return;
    }
    // A forced backend that could not start fell back to the automatic choice, which says so.
    if (status.name !== status.requested) return;
    const forced = status.name;
    const key = `${architecture}:${forced}`;
    if (handled.has(key)) return;
    const known = timings.get(architecture);
    if (known && measureSlowdown(forced, known)) {
      handled.add(key);
      warn(forced, known);
      return;
    }
    if (!mayProbe(state)) return;
    handled.add(key);
    const started = performance.now();
    runProbe(startWorker, architecture, forced).then(
      ({ candidates, ms }) => {
        timings.set(architecture, candidates);
        onProbe({
          forced,
          architecture,
          probeMs: ms,
          totalMs: performance.now() - started,
          candidates,
        });
        // Still the backend the user forced? A warning about one already left says nothing.
        const now = store.getState().engine.status;
        if (now?.name === forced && now.requested === forced) warn(forced, candidates);
      },
      (error: unknown) => {
        // The warning is advice: a failed probe leaves the forced backend running, unexplained.
        console.warn(`backend probe failed: ${error instanceof Error ? error.message : error}`);
      },
    );
  };

  check(store.getState());
  const unsubscribe = store.subscribe(check);
  return () => {
    unsubscribe();
    if (wakeUp !== null) clearTimeout(wakeUp);
  };
}
