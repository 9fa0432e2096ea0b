import { sleep } from './abort.js';

/**
 * A source's `rateLimit`: a token bucket its requests wait on, shared with the other sources of the same provider and
 * account that ask for the same rate.
 *
 * @example
 * ```ts
 * aliyunRds({ region: '*', rateLimit: { requestsPerSecond: 5, burst: 10 } })
 * ```
 */
export interface RateLimitOptions {
  /** Sustained request rate for one source. */
  requestsPerSecond: number;
  /** Requests allowed in a burst before the rate applies. Default: requestsPerSecond (at least 1). */
  burst?: number;
}

/** A token bucket; `take` waits for a token, in arrival order. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, options.burst ?? Math.ceil(options.requestsPerSecond));
    this.tokens = this.capacity;
    this.last = now();
  }

  take(signal?: AbortSignal): Promise<void> {
    // Chain waiters so tokens are granted first come, first served.
    const turn = this.queue.then(() => this.acquire(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.tokens) / this.options.requestsPerSecond) * 1000;
      // sleep() clamps to what a timer can hold; validation keeps the rate well inside it.
      await sleep(Math.ceil(waitMs), signal);
    }
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.options.requestsPerSecond);
    this.last = t;
  }
}

/** The slowest and fastest rates accepted: one request per 1,000 s (a wait a timer can hold), and 100,000/s. */
export const MIN_REQUESTS_PER_SECOND = 0.001;
export const MAX_REQUESTS_PER_SECOND = 100_000;
const MAX_BURST = 1_000_000;

export function validateRateLimit(options: RateLimitOptions): string | undefined {
  const rate = options.requestsPerSecond;
  if (!(typeof rate === 'number' && rate >= MIN_REQUESTS_PER_SECOND && rate <= MAX_REQUESTS_PER_SECOND)) {
    return `requestsPerSecond must be a number between ${MIN_REQUESTS_PER_SECOND} and ${MAX_REQUESTS_PER_SECOND} (slower rates overflow Node's timers); got ${String(rate)}`;
  }
  if (options.burst !== undefined && !(Number.isInteger(options.burst) && options.burst >= 1 && options.burst <= MAX_BURST)) {
    return `burst must be a whole number between 1 and ${MAX_BURST}; got ${String(options.burst)}`;
  }
  return undefined;
}
