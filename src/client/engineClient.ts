/**
 * The main-thread side of the engine worker: it owns the Worker, holds the one message listener,
 * routes every event into the store, and turns config changes into requests (data flows one way:
 * store → client → worker → client → store). Superseded requests are cancelled, so flipping
 * through datasets never queues stale work.
 *
 * A worker that dies is replaced by a fresh one, which loads the data and chooses a backend again.
 * The death is noticed by its uncaught error, by the Web Lock it holds for its life being released
 * (an exit or a kill, at once), or, for a worker that hangs, by its silence to the heartbeat.
 * Requests in flight fail with the reason, and `onRestart` listeners reopen the lab
 * (engineRestart.ts says from which copy).
 */
import {
  engineEventSchema,
  TINY_OP_EXPECTED,
  type EngineEvent,
  type EngineRequest,
} from '../worker/protocol';
import type { AppStore } from '../state/store';
import { NETWORK_IDS } from '../core/names';

export type RequestBody = EngineRequest extends infer R
  ? R extends EngineRequest
    ? Omit<R, 'id'>
    : never
  : never;

/** Events that report on a request without ending it. */
const INTERIM = new Set<EngineEvent['type']>(['progress', 'inspectProgress', 'inspectResult']);

/** Replies that end a request (progress and streamed results do not). */
type FinalEvent = Exclude<
  EngineEvent,
  { type: 'progress' | 'backendLost' | 'inspectProgress' | 'inspectResult' }
>;

export interface EngineClient {
  /** Sends a request; resolves with its final reply (rejects if it failed). */
  call(body: RequestBody): Promise<FinalEvent>;
  /** As `call`, and also gives the request's id (to cancel it). */
  request(body: RequestBody): { id: number; reply: Promise<FinalEvent> };
  /** Also hands every event to `listener` (after the store has been updated); returns an unsubscribe. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
  cancel(id: number): void;
  /** Calls `listener` when the worker died and a fresh one was started, with why. */
  onRestart(listener: (reason: string) => void): () => void;
  dispose(): void;
}

/** The heartbeat: a ping this often; a worker silent this long with a ping unanswered is hung.
 * Long, because an evaluation round on tfjs-cpu holds the worker's thread for ~20 s between
 * yields, and a false alarm would throw away the lab's progress. (A worker that exits or is
 * killed is noticed at once by its life lock, where the browser has Web Locks.) */
export const HEARTBEAT_MS = 2_000;
export const SILENCE_MS = 60_000;
/** More deaths than this within RESTART_WINDOW_MS: a worker that dies at once (a broken build, a
 * backend that kills it on start) is not restarted in a loop. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 5 * 60_000;

/** @param startWorker makes a new engine worker (called again after a worker died). */
export function connectEngine(store: AppStore, startWorker: () => Worker): EngineClient {
  let worker = startWorker();
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (e: FinalEvent) => void; reject: (e: Error) => void }
  >();
  let datasetRequest: number | null = null;
  const listeners = new Set<(event: EngineEvent) => void>();
  const restartListeners = new Set<(reason: string) => void>();
  const restarts: number[] = [];
  let lastHeardAt = Date.now();
  let pingSentAt: number | null = null;
  let disposed = false;
  let workerCount = 0;

  const send = (body: RequestBody): number => {
    const id = nextId++;
    worker.postMessage({ ...body, id } as EngineRequest);
    return id;
  };

  const request = (body: RequestBody) => {
    const id = send(body);
    const reply = new Promise<FinalEvent>((resolve, reject) =>
      pending.set(id, { resolve, reject }),
    );
    return { id, reply };
  };
  const call = (body: RequestBody) => request(body).reply;

  const startEngine = () => {
    const { backend, architecture } = store.getState().config;
    store.getState().engineStarting();
    void call({ type: 'init', backend, architecture }).then(runSelfTest, () => undefined);
  };

  const runSelfTest = async () => {
    const reply = await call({ type: 'tinyOp' });
    if (reply.type !== 'tinyOpResult') return;
    const ok = reply.values.every((v, i) => Math.abs(v - (TINY_OP_EXPECTED[i] ?? NaN)) < 1e-4);
    store.getState().setSelfTest({ backend: reply.backend, values: reply.values, ok });
  };

  const loadDataset = () => {
    const { dataset, seed } = store.getState().config;
    if (datasetRequest !== null)
      worker.postMessage({ type: 'cancel', id: nextId++, target: datasetRequest });
    store.getState().datasetLoading();
    datasetRequest = send({ type: 'loadDataset', dataset, seed });
  };

  const route = (event: EngineEvent) => {
    switch (event.type) {
      case 'progress':
        store.getState().engineProgress(event.message);
        return;
      case 'ready':
        store.getState().engineReady(event.status);
        if (event.id === null) void runSelfTest();
        return;
      case 'backendLost':
        store
          .getState()
          .addNotice(
            'warning',
            `The ${event.backend} device was lost (${event.message}); switching to another backend. ` +
              (event.savedSteps
                ? `The networks continue from their last copy off the device (steps ${NETWORK_IDS.map((id) => event.savedSteps![id]).join(' / ')}); the optimizer's moments start afresh.`
                : 'The networks restart from their checkpoints: nothing had been copied off the device.'),
          );
        store.getState().engineLost();
        return;
      case 'datasetLoaded': {
        if (event.id !== datasetRequest) return;
        datasetRequest = null;
        const { config, setConfig, datasetLoaded, addNotice } = store.getState();
        const { sample } = config;
        const missing = sample >= event.test.count;
        // A sample past the new test split's end becomes 0 before the panels see the new data.
        if (missing) setConfig({ sample: 0 });
        datasetLoaded(event);
        if (missing) {
          addNotice(
            'warning',
            `Sample ${sample} does not exist in ${event.info.name} (${event.test.count} test inputs); showing sample 0.`,
          );
        }
        return;
      }
      case 'failed':
        if (event.id !== null && event.id === datasetRequest) {
          datasetRequest = null;
          store.getState().datasetFailed(event.message);
        } else if (store.getState().engine.phase !== 'ready') {
          store.getState().engineFailed(event.message);
        } else {
          store.getState().addNotice('error', event.message);
        }
        return;
      case 'cancelled':
      case 'probeResult':
      case 'done':
      case 'tinyOpResult':
      case 'labOpened':
      case 'memoryInfo':
      case 'trainingDelta':
      case 'inspectResult':
      case 'inspectProgress':
      case 'predictions':
      case 'exportedNetworks':
      case 'modelImported':
      case 'importRefused':
        return;
    }
  };

  const onMessage = (message: MessageEvent<unknown>) => {
    lastHeardAt = Date.now();
    const parsed = engineEventSchema.safeParse(message.data);
    if (!parsed.success) {
      store
        .getState()
        .addNotice('error', `The engine sent a malformed message: ${parsed.error.message}`);
      return;
    }
    const event = parsed.data;
    route(event);
    for (const listener of listeners) listener(event);
    if (!('id' in event) || INTERIM.has(event.type) || event.id === null) return;
    const waiter = pending.get(event.id);
    if (!waiter) return;
    pending.delete(event.id);
    if (event.type === 'failed') waiter.reject(new Error(event.message));
    else waiter.resolve(event as FinalEvent); // INTERIM events returned above
  };
  const attach = (w: Worker) => {
    w.onmessage = onMessage;
    w.onerror = (error) => {
      // Handled here: the page's console need not repeat it.
      error.preventDefault();
      restart(`an uncaught error in the engine: ${error.message || 'no message'}`);
    };
    watchLife(w);
  };

  /** Queues on a lock the worker holds for its life: granted when the worker is gone. */
  const watchLife = (w: Worker) => {
    if (typeof navigator === 'undefined' || !navigator.locks) return; // not a secure context
    const name = `curvature-lab-engine-${Date.now()}-${++workerCount}`;
    call({ type: 'holdLifeLock', name }).then(
      () =>
        navigator.locks.request(name, () => {
          // A worker replaced or disposed on purpose is gone too: only the current one counts.
          if (w === worker && !disposed) restart('the engine worker exited');
        }),
      () => undefined,
    );
  };

  /** Replaces a dead worker with a fresh one, which starts over: data, backend, then the lab. */
  const restart = (reason: string) => {
    worker.onmessage = null;
    worker.onerror = null;
    worker.terminate();
    const now = Date.now();
    while (restarts.length > 0 && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
    const stopped = new Error(`the engine stopped (${reason})`);
    for (const waiter of pending.values()) waiter.reject(stopped);
    pending.clear();
    datasetRequest = null;
    pingSentAt = null;
    if (restarts.length >= MAX_RESTARTS) {
      clearInterval(heartbeat);
      store
        .getState()
        .engineFailed(
          `The engine worker died ${restarts.length + 1} times in a few minutes (last: ${reason}); reload the page to try again.`,
        );
      return;
    }
    restarts.push(now);
    worker = startWorker();
    lastHeardAt = now;
    attach(worker);
    // The store says "starting" before the listeners run, so nothing reopens on the dead worker.
    loadDataset();
    startEngine();
    for (const listener of restartListeners) listener(reason);
  };

  attach(worker);
  // The heartbeat: an uncaught error announces itself, a worker that exits or hangs does not.
  const heartbeat = setInterval(() => {
    const now = Date.now();
    if (pingSentAt !== null) {
      if (now - pingSentAt > SILENCE_MS && now - lastHeardAt > SILENCE_MS) {
        restart(`it did not answer for ${Math.round((now - lastHeardAt) / 1000)} s`);
      }
      return;
    }
    pingSentAt = now;
    call({ type: 'ping' }).then(
      () => (pingSentAt = null),
      () => undefined,
    );
  }, HEARTBEAT_MS);

  const unsubscribe = store.subscribe((state, previous) => {
    const now = state.config;
    const before = previous.config;
    if (now.backend !== before.backend || now.architecture !== before.architecture) startEngine();
    if (now.dataset !== before.dataset || now.seed !== before.seed) loadDataset();
  });

  loadDataset();
  startEngine();

  return {
    call,
    request,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cancel: (id) => worker.postMessage({ type: 'cancel', id: nextId++, target: id }),
    onRestart: (listener) => {
      restartListeners.add(listener);
      return () => restartListeners.delete(listener);
    },
    dispose: () => {
      disposed = true;
      unsubscribe();
      clearInterval(heartbeat);
      worker.terminate();
    },
  };
}
