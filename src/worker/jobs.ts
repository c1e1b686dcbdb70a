/**
 * Bookkeeping for cancellable requests. A handler checks `throwIfCancelled(id)` after each await;
 * the worker loop turns the resulting CancelledError into a `cancelled` reply.
 */
export class CancelledError extends Error {
  constructor(readonly id: number) {
    super(`request ${id} was cancelled`);
  }
}

export class JobRegistry {
  private readonly active = new Set<number>();
  private readonly cancelled = new Set<number>();

  start(id: number): void {
    this.active.add(id);
  }

  finish(id: number): void {
    this.active.delete(id);
    this.cancelled.delete(id);
  }

  /** Marks a running request cancelled; returns false if it is not running (already done). */
  cancel(id: number): boolean {
    if (!this.active.has(id)) return false;
    this.cancelled.add(id);
    return true;
  }

  throwIfCancelled(id: number): void {
    if (this.cancelled.has(id)) throw new CancelledError(id);
  }
}
