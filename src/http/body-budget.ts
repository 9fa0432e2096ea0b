/** One response body's claim on a BodyBudget: grown while the body is read, released once it has been parsed. */
export interface BodyLease {
  /** Bytes this body holds now. */
  readonly heldBytes: number;
  /**
   * Claims `bytes` more. Returns undefined when granted at once (the common case: no promise, no tick), else a
   * promise that settles when granted, or rejects with the abort reason if `abortable.signal` aborts first. The
   * signal is read only when a wait begins (an attempt's deadline makes one on demand, so most reads make none).
   */
  grow(bytes: number, abortable?: Abortable): Promise<void> | undefined;
  /** Returns everything held; idempotent. A pending grow is abandoned. */
  release(): void;
}

/** Anything with a signal: an AbortController, or an attempt's deadline. */
export interface Abortable {
  readonly signal: AbortSignal;
}

export interface BodyBudgetOptions {
  /** Called each time a reader has to wait (for metrics, and so tests can observe backpressure without polling). */
  onWait?: (bytes: number) => void;
}

interface Holder {
  held: number;
  released: boolean;
}

interface Waiter {
  holder: Holder;
  bytes: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** 256 MiB: the default bound on response bodies held at once across every transport in the process. */
export const DEFAULT_BODY_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * Bytes of response bodies held at once, shared by every transport that uses it, so that concurrency × body size
 * cannot exhaust memory (16 unpaged 50 MB answers at once would otherwise be 800 MB). Readers claim bytes as they
 * arrive and wait (the socket is paused: TCP backpressure) while the budget is used up.
 *
 * Never a deadlock: the oldest body still being read (the first lease taken among those not yet released) is
 * always granted, even beyond the capacity, so some reader always makes progress; that is also how a single body
 * larger than the whole budget gets through, ahead of the others, which wait for it. Memory held is therefore at
 * most the capacity plus one body (itself capped per response).
 */
export class BodyBudget {
  readonly capacityBytes: number;
  #used = 0;
  #peak = 0;
  /** Unreleased leases in the order they were taken: the first is the oldest. */
  readonly #holders = new Set<Holder>();
  readonly #waiting: Waiter[] = [];
  readonly #onWait: ((bytes: number) => void) | undefined;

  constructor(capacityBytes: number = DEFAULT_BODY_BUDGET_BYTES, options: BodyBudgetOptions = {}) {
    if (!(Number.isSafeInteger(capacityBytes) && capacityBytes >= 1)) {
      throw new RangeError(`A body budget must be a whole number of bytes >= 1; got ${String(capacityBytes)}`);
    }
    this.capacityBytes = capacityBytes;
    this.#onWait = options.onWait;
  }

  /** Bytes held now, by every lease. */
  get usedBytes(): number {
    return this.#used;
  }

  /** The most bytes held at once since this budget was created. */
  get peakBytes(): number {
    return this.#peak;
  }

  lease(): BodyLease {
    const holder: Holder = { held: 0, released: false };
    this.#holders.add(holder);
    return {
      get heldBytes() {
        return holder.held;
      },
      grow: (bytes, abortable) => this.#grow(holder, bytes, abortable),
      release: () => this.#release(holder),
    };
  }

  #grow(holder: Holder, bytes: number, abortable: Abortable | undefined): Promise<void> | undefined {
    if (holder.released) throw new Error('BodyLease used after release');
    // Queue behind earlier waiters (first come, first served), unless this is the oldest body.
    if (this.#isOldest(holder) || (this.#waiting.length === 0 && this.#fits(bytes))) {
      this.#grant(holder, bytes);
      return undefined;
    }
    const signal = abortable?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#onWait?.(bytes);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { holder, bytes, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          this.#remove(waiter);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#waiting.push(waiter);
    });
  }

  #release(holder: Holder): void {
    if (holder.released) return;
    holder.released = true;
    this.#used -= holder.held;
    holder.held = 0;
    this.#holders.delete(holder);
    for (const waiter of this.#waiting.filter((w) => w.holder === holder)) this.#remove(waiter);
    this.#drain();
  }

  /** After a release: the (possibly new) oldest body first, then the queue in order while it fits. */
  #drain(): void {
    const oldest = this.#waiting.find((w) => this.#isOldest(w.holder));
    if (oldest) this.#wake(oldest);
    while (this.#waiting.length > 0 && this.#fits(this.#waiting[0]!.bytes)) this.#wake(this.#waiting[0]!);
  }

  #wake(waiter: Waiter): void {
    this.#remove(waiter);
    this.#grant(waiter.holder, waiter.bytes);
    waiter.resolve();
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiting.indexOf(waiter);
    if (index >= 0) this.#waiting.splice(index, 1);
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  #grant(holder: Holder, bytes: number): void {
    holder.held += bytes;
    this.#used += bytes;
    if (this.#used > this.#peak) this.#peak = this.#used;
  }

  #fits(bytes: number): boolean {
    return this.#used + bytes <= this.capacityBytes;
  }

  #isOldest(holder: Holder): boolean {
    for (const first of this.#holders) return first === holder;
    return false;
  }
}

/** The process-wide budget transports share unless given their own. */
export const sharedBodyBudget = new BodyBudget();
