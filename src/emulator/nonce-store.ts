/**
 * Remembers signature nonces for as long as their timestamp could still be accepted, so a
 * replayed request is refused. Bounded so long benchmarks do not grow memory without limit.
 */
export class NonceStore {
  private readonly seen = new Map<string, number>();
  private inserts = 0;

  constructor(private readonly ttlMs = 30 * 60_000, private readonly cap = 500_000) {}

  /** Records the nonce; false when it was already used. */
  use(key: string, now: number): boolean {
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.seen.set(key, now + this.ttlMs);
    if (++this.inserts % 1024 === 0) this.prune(now);
    if (this.seen.size > this.cap) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return true;
  }

  private prune(now: number): void {
    for (const [k, expiry] of this.seen) {
      if (expiry > now) break;
      this.seen.delete(k);
    }
  }
}
