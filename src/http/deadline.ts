import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { MAX_TIMER_MS } from './timers.js';

/**
 * One attempt's deadline: the attempt ends when `timeoutMs` has passed since it began (connect, headers and body
 * together, unlike a socket idle timeout that a server trickling bytes can hold open forever) or when the caller's
 * signal aborts, whichever comes first. `expired` tells the two apart afterwards.
 *
 * It ends the attempt by destroying the request (and, once it arrives, the response stream) itself: the Deadline
 * is handed to axios as its `transport`, so it sees the ClientRequest axios creates. That costs one timer per
 * attempt and no AbortController or event listener; the caller's signal is watched once per signal (per walk),
 * not once per request, and each attempt only joins and leaves a set.
 */
export class Deadline {
  readonly #timer: NodeJS.Timeout;
  readonly #caller: AbortSignal | undefined;
  #expired = false;
  #ended = false;
  #request: http.ClientRequest | undefined;
  #body: Readable | undefined;
  #controller: AbortController | undefined;
  #whenEnded: { promise: Promise<never>; reject: (reason: unknown) => void } | undefined;

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.#caller = caller;
    this.#timer = setTimeout(Deadline.#expire, Math.min(timeoutMs, MAX_TIMER_MS), this);
    if (caller) {
      if (caller.aborted) this.end();
      else watch(caller, this);
    }
  }

  /** True once the deadline (not the caller) ended the attempt. */
  get expired(): boolean {
    return this.#expired;
  }

  /**
   * A signal for the attempt's rare waits that are not I/O (a wait for the body budget); made on first use only,
   * and aborted with the attempt.
   */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#ended) this.#controller.abort(this.#reason());
    }
    return this.#controller.signal;
  }

  /**
   * Rejects when the attempt ends. Needed only where destroying the request is not enough to end it: a request
   * whose socket is still being made asynchronously (a CONNECT tunnel) emits nothing when destroyed until the
   * socket arrives, so the transport races the request against this. Made on demand.
   */
  get whenEnded(): Promise<never> {
    if (!this.#whenEnded) {
      let reject!: (reason: unknown) => void;
      const promise = new Promise<never>((_resolve, fail) => (reject = fail));
      promise.catch(() => undefined); // observed by the race; never an unhandled rejection
      this.#whenEnded = { promise, reject };
      if (this.#ended) reject(this.#reason());
    }
    return this.#whenEnded.promise;
  }

  /** axios's `transport` hook: makes the request as axios would, and keeps it so the deadline can end it. */
  request(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest {
    const request = options.protocol === 'https:' ? https.request(options, callback) : http.request(options, callback);
    this.#request = request;
    if (this.#ended) request.destroy();
    return request;
  }

  /** The response body being read: destroyed too if the attempt ends while it is read. */
  attachBody(body: Readable): void {
    this.#body = body;
    if (this.#ended) body.destroy();
  }

  /** Ends the attempt now (the caller aborted): the request, its body and any wait. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#request?.destroy();
    this.#body?.destroy();
    this.#controller?.abort(this.#reason());
    this.#whenEnded?.reject(this.#reason());
  }

  dispose(): void {
    clearTimeout(this.#timer);
    if (this.#caller) unwatch(this.#caller, this);
    this.#request = undefined;
    this.#body = undefined;
  }

  #reason(): unknown {
    return this.#expired ? new Error('deadline') : this.#caller?.reason;
  }

  static #expire(this: void, deadline: Deadline): void {
    if (deadline.#ended) return;
    deadline.#expired = true;
    deadline.end();
  }
}

/** Attempts in flight per caller signal, with one abort listener per signal for as long as the signal lives. */
const inFlight = new WeakMap<AbortSignal, Set<Deadline>>();

function watch(signal: AbortSignal, deadline: Deadline): void {
  let attempts = inFlight.get(signal);
  if (!attempts) {
    const set = new Set<Deadline>();
    attempts = set;
    inFlight.set(signal, set);
    signal.addEventListener('abort', () => {
      for (const attempt of set) attempt.end();
      set.clear();
    }, { once: true });
  }
  attempts.add(deadline);
}

function unwatch(signal: AbortSignal, deadline: Deadline): void {
  inFlight.get(signal)?.delete(deadline);
}
