/**
 * The merge of many walks into one stream. Producers (instance walks) `push` their pages and wait for room, so a
 * slow consumer pauses the walks instead of buffering a whole listing; failures travel as pages on the same path,
 * so a failure can never be dropped while items get through. The stream ends only when every producer has
 * finished (`end`), which the caller does after awaiting all of them: a push can therefore never be pending at the
 * end. When the consumer leaves early (`cancel`), waiting producers are told so and stop.
 */
export class PageMerge<T> {
  private readonly buffer: T[] = [];
  private state: 'open' | 'ended' | 'cancelled' = 'open';
  private consumer: (() => void) | undefined;
  private readonly producers: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  /**
   * Adds a page once there is room. Resolves false when the consumer has left (the producer should stop);
   * pushing after `end` is a bug and throws.
   */
  async push(item: T): Promise<boolean> {
    while (this.buffer.length >= this.capacity && this.state === 'open') {
      await new Promise<void>((resolve) => this.producers.push(resolve));
    }
    if (this.state === 'cancelled') return false;
    if (this.state === 'ended') throw new Error('PageMerge: push after end (a producer outlived the listing)');
    this.buffer.push(item);
    this.wakeConsumer();
    return true;
  }

  /** Every producer has finished: the consumer drains what is buffered and ends. */
  end(): void {
    if (this.state === 'open') this.state = 'ended';
    this.wakeConsumer();
  }

  /** The consumer left: nothing more is taken, and waiting producers are released. */
  cancel(): void {
    this.state = 'cancelled';
    this.buffer.length = 0;
    this.wakeConsumer();
    for (const wake of this.producers.splice(0)) wake();
  }

  get cancelled(): boolean {
    return this.state === 'cancelled';
  }

  /**
   * The consumer's side: pages in the order they were pushed, until every producer has ended. Hand-written rather
   * than a generator, whose suspended frame would keep the page last handed out while it waits (see pull.ts).
   */
  drain(): AsyncIterator<T, void, undefined> {
    return { next: () => this.next() };
  }

  private async next(): Promise<IteratorResult<T, void>> {
    for (;;) {
      if (this.buffer.length > 0) {
        const item = this.buffer.shift()!;
        this.producers.shift()?.();
        return { done: false, value: item };
      }
      if (this.state !== 'open') return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.consumer = resolve));
    }
  }

  private wakeConsumer(): void {
    const wake = this.consumer;
    this.consumer = undefined;
    wake?.();
  }
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
}

/**
 * A counting semaphore whose waiters give up when their signal aborts. A listing queues every instance at once,
 * mostly on one shared signal: each signal gets one abort listener while it has waiters (not one per waiter), so
 * thousands of queued instances cost no listener each, and removing a listener never scans thousands of others.
 */
export class Semaphore {
  private available: number;
  private readonly waiters: Waiter[] = [];
  /** Waiters per signal, and the one listener each signal has while it has any. */
  private readonly watched = new Map<AbortSignal, { count: number; onAbort: () => void }>();

  constructor(slots: number) {
    this.available = slots;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    if (this.available > 0) {
      this.available--;
    } else {
      await new Promise<void>((resolve, reject) => {
        this.waiters.push({ resolve, reject, signal });
        if (signal) this.watch(signal);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (!next) {
        this.available++;
        return;
      }
      if (next.signal) this.unwatch(next.signal);
      next.resolve();
    };
  }

  private watch(signal: AbortSignal): void {
    const entry = this.watched.get(signal);
    if (entry) {
      entry.count++;
      return;
    }
    const onAbort = () => {
      this.watched.delete(signal);
      const stay: Waiter[] = [];
      const leave: Waiter[] = [];
      for (const w of this.waiters) (w.signal === signal ? leave : stay).push(w);
      this.waiters.splice(0, this.waiters.length, ...stay);
      for (const w of leave) w.reject(signal.reason);
    };
    this.watched.set(signal, { count: 1, onAbort });
    signal.addEventListener('abort', onAbort, { once: true });
  }

  private unwatch(signal: AbortSignal): void {
    const entry = this.watched.get(signal);
    if (!entry) return;
    if (--entry.count > 0) return;
    this.watched.delete(signal);
    signal.removeEventListener('abort', entry.onAbort);
  }
}
