/** Every timer the server starts, so `close()` can stop them all and leave nothing behind. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.pending.delete(t);
      fn();
    }, ms);
    this.pending.add(t);
  }

  /** Resolves after `ms`; never resolves if the timers are cleared first (the request is abandoned). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => (ms <= 0 ? resolve() : this.later(resolve, ms)));
  }

  clear(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
