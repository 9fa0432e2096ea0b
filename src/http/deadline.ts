import { MAX_TIMER_MS } from './timers.js';

/**
 * One attempt's deadline: a signal that aborts when `timeoutMs` has passed since the attempt began (connect,
 * headers and body together, unlike a socket idle timeout that a server trickling bytes can hold open forever)
 * or when the caller's signal aborts, whichever comes first. `expired` tells the two apart afterwards.
 *
 * Cost per attempt: one timer and, when there is a caller signal, one listener on it (this object itself, via
 * `handleEvent`, so no closure is allocated); both are removed by `dispose()`.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #caller: AbortSignal | undefined;
  #expired = false;

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.#caller = caller;
    this.#timer = setTimeout(Deadline.#expire, Math.min(timeoutMs, MAX_TIMER_MS), this);
    if (caller) {
      if (caller.aborted) this.#controller.abort(caller.reason);
      else caller.addEventListener('abort', this, { once: true });
    }
  }

  /** Aborts at the deadline or with the caller; pass it to everything the attempt waits on. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the deadline (not the caller) ended the attempt. */
  get expired(): boolean {
    return this.#expired;
  }

  /** The caller's signal aborted: abort the attempt with the caller's reason. */
  handleEvent(): void {
    this.#controller.abort(this.#caller?.reason);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener('abort', this);
  }

  static #expire(this: void, deadline: Deadline): void {
    if (deadline.#controller.signal.aborted) return;
    deadline.#expired = true;
    deadline.#controller.abort();
  }
}
