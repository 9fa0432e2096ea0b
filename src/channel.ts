/**
 * A bounded queue between producers (instance walks) and one consumer (the caller's `for await`).
 * `push` resolves once there is room, so a slow consumer pauses the walks instead of buffering
 * a whole listing in memory.
 */
export class Channel<T> {
  private readonly buffer: T[] = [];
  private closed = false;
  private consumer: (() => void) | undefined;
  private readonly producers: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  async push(item: T): Promise<void> {
    while (this.buffer.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.producers.push(resolve));
    }
    if (this.closed) return;
    this.buffer.push(item);
    this.wakeConsumer();
  }

  /** No more items will come; the consumer drains what is buffered and ends. */
  close(): void {
    this.closed = true;
    this.wakeConsumer();
    for (const wake of this.producers.splice(0)) wake();
  }

  async *drain(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.buffer.length > 0) {
        const item = this.buffer.shift()!;
        this.producers.shift()?.();
        yield item;
        continue;
      }
      if (this.closed) return;
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
