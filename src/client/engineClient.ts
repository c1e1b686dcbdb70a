/**
 * The main-thread side of the engine worker: it owns the Worker, holds the one message listener,
 * routes every event into the store, and turns config changes into requests (data flows one way:
 * store → client → worker → client → store). Superseded requests are cancelled, so flipping
 * through datasets never queues stale work.
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
  dispose(): void;
}

export function connectEngine(store: AppStore, worker: Worker): EngineClient {
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (e: FinalEvent) => void; reject: (e: Error) => void }
  >();
  let datasetRequest: number | null = null;
  const listeners = new Set<(event: EngineEvent) => void>();

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

  worker.onmessage = (message: MessageEvent<unknown>) => {
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
  worker.onerror = (error) => {
    store.getState().engineFailed(`The engine worker crashed: ${error.message}`);
  };

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
    dispose: () => {
      unsubscribe();
      worker.terminate();
    },
  };
}
