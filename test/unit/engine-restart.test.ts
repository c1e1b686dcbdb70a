/**
 * The engine client's watch over its worker (engineClient.ts), against stand-in workers: an
 * uncaught error or a heartbeat left unanswered for SILENCE_MS gets a fresh worker, which is sent
 * the data and backend again; requests in flight fail with why; a worker that keeps dying is not
 * restarted in a loop. (The real worker dying in Chromium: e2e/crash.spec.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectEngine, HEARTBEAT_MS, SILENCE_MS } from '../../src/client/engineClient';
import { createAppStore } from '../../src/state/store';

/** A worker that records what it is sent and answers pings only while `answering`. */
class StandInWorker {
  sent: { type: string; id: number }[] = [];
  terminated = false;
  answering = true;
  onmessage: ((message: MessageEvent<unknown>) => void) | null = null;
  onerror: ((error: ErrorEvent) => void) | null = null;

  postMessage(request: { type: string; id: number }) {
    this.sent.push(request);
    if (request.type === 'ping' && this.answering) {
      queueMicrotask(() =>
        this.onmessage?.({ data: { type: 'done', id: request.id } } as MessageEvent<unknown>),
      );
    }
  }

  terminate() {
    this.terminated = true;
  }

  die(message: string) {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

function setUp() {
  const store = createAppStore();
  const workers: StandInWorker[] = [];
  const client = connectEngine(store, () => {
    const worker = new StandInWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  });
  const reasons: string[] = [];
  client.onRestart((reason) => reasons.push(reason));
  return { store, client, workers, reasons };
}

const types = (worker: StandInWorker) => worker.sent.map((r) => r.type);

describe('the engine worker is watched and restarted', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an uncaught error: a fresh worker gets the data and the backend; calls in flight fail with why', async () => {
    const { client, workers, reasons, store } = setUp();
    const first = workers[0]!;
    expect(types(first)).toEqual(expect.arrayContaining(['loadDataset', 'init']));
    const inFlight = client.call({ type: 'memory' });
    first.die('Uncaught RangeError: out of memory');
    await expect(inFlight).rejects.toThrow(
      'the engine stopped (an uncaught error in the engine: Uncaught RangeError: out of memory)',
    );
    expect(first.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(types(workers[1]!)).toEqual(expect.arrayContaining(['loadDataset', 'init']));
    expect(reasons).toEqual([
      'an uncaught error in the engine: Uncaught RangeError: out of memory',
    ]);
    expect(store.getState().engine.phase).toBe('starting');
    client.dispose();
  });

  it('a worker that answers its heartbeat is left alone however long it runs', async () => {
    const { client, workers, reasons } = setUp();
    await vi.advanceTimersByTimeAsync(5 * SILENCE_MS);
    expect(workers).toHaveLength(1);
    expect(reasons).toEqual([]);
    expect(types(workers[0]!).filter((t) => t === 'ping').length).toBeGreaterThan(
      (4 * SILENCE_MS) / HEARTBEAT_MS,
    );
    client.dispose();
  });

  it('a hung worker is restarted once it has been silent for SILENCE_MS, not before', async () => {
    const { client, workers, reasons } = setUp();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 3);
    workers[0]!.answering = false;
    await vi.advanceTimersByTimeAsync(SILENCE_MS - HEARTBEAT_MS);
    expect(workers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_MS);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^it did not answer for \d+ s$/);
    // The fresh one answers: no further restart.
    await vi.advanceTimersByTimeAsync(3 * SILENCE_MS);
    expect(workers).toHaveLength(2);
    client.dispose();
  });

  it('a worker that keeps dying is restarted three times, then the engine fails with a message', () => {
    const { client, workers, store } = setUp();
    for (let i = 0; i < 4; i++) workers.at(-1)!.die(`fault ${i}`);
    expect(workers).toHaveLength(4);
    expect(store.getState().engine.phase).toBe('failed');
    expect(store.getState().engine.error).toMatch(
      /died 4 times in a few minutes \(last: an uncaught error in the engine: fault 3\); reload the page/,
    );
    client.dispose();
  });
});
