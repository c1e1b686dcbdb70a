/**
 * A macrotask boundary, so that queued messages (a slider change, a cancel) and the other loops
 * of the worker (training, analysis) get their turn. setTimeout would clamp to 4 ms.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
