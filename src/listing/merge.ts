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

  async *drain(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.buffer.length > 0) {
        const item = this.buffer.shift()!;
        this.producers.shift()?.();
        yield item;
        continue;
      }
      if (this.state !== 'open') return;
      await new Promise<void>((resolve) => (this.consumer = resolve));
    }
  }

  private wakeConsumer(): void {
    const wake = this.consumer;
    this.consumer = undefined;
    wake?.();
  }
}

/** A counting semaphore whose waiters give up when the signal aborts. */
export class Semaphore {
  private available: number;
  private readonly waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(slots: number) {
    this.available = slots;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    if (this.available > 0) {
      this.available--;
    } else {
      await new Promise<void>((resolve, reject) => {
        const waiter = {
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          reject,
        };
        const onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(waiter);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.resolve();
      else this.available++;
    };
  }
}
