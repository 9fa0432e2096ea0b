/**
 * Pages requested ahead of the consumer, taken back in page order. Pages are not aborted one by one: an abandoned
 * page is left to finish and its answer ignored (abandoning is rare: a re-plan or a refetch), while the walk's own
 * signal aborts everything in flight when the walk ends. That keeps one abort listener per walk, not per request.
 */
export class OrderedPrefetch<T> {
  private readonly inflight = new Map<number, Promise<T>>();
  private abandonedAny = false;

  constructor(private readonly fetch: (index: number) => Promise<T>) {}

  /** Starts page `index` unless it is already in flight. */
  start(index: number): void {
    if (this.inflight.has(index)) return;
    const promise = this.fetch(index);
    promise.catch(() => undefined); // observed when taken; silence rejections of pages abandoned
    this.inflight.set(index, promise);
  }

  /** The answer for page `index`, starting it if needed. */
  take(index: number): Promise<T> {
    this.start(index);
    const promise = this.inflight.get(index)!;
    this.inflight.delete(index);
    return promise;
  }

  get size(): number {
    return this.inflight.size;
  }

  /** Forgets every page requested ahead (their answers will be ignored). */
  abandon(): void {
    if (this.inflight.size > 0) this.abandonedAny = true;
    this.inflight.clear();
  }

  /** False when every page started was taken and none abandoned: no request of this prefetch can still be running. */
  get mayBeRunning(): boolean {
    return this.abandonedAny || this.inflight.size > 0;
  }
}
