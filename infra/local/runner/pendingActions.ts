import type { TappedEvent } from "./eventTap.ts";

/**
 * The due events (`Postcheck Due`, `Cancel Due`, `Resume Due`) that no action function has
 * answered yet, followed from what crosses the event tap: every outcome carries the
 * `dueEventId` it answers. The demo holds its scenario clock until they are answered, so an
 * action function that is slow on a busy machine does not meet a scenario that has moved on
 * (and the poller's next runs do not raise the same due event again meanwhile).
 */
export class PendingActions {
  readonly #ids = new Set<string>();

  observe(event: TappedEvent): void {
    const { id, dueEventId } = event.detail as { id?: unknown; dueEventId?: unknown };
    if (event.detailType.endsWith(" Due") && typeof id === "string") this.#ids.add(id);
    if (typeof dueEventId === "string") this.#ids.delete(dueEventId);
  }

  get size(): number {
    return this.#ids.size;
  }

  /**
   * Resolves true once every due event is answered, or false after `timeoutMs` of wall time (a
   * function that failed outright answers nothing), forgetting what is still open.
   */
  async settled(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.#ids.size > 0 && Date.now() < until && !signal?.aborted) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const answered = this.#ids.size === 0;
    this.#ids.clear();
    return answered;
  }
}
