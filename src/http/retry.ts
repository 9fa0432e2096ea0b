
import { durationProblem } from './timers.js';

/**
 * A source's `retry` policy (retries are on by default; `retry: false` turns them off). Throttling, 5xx answers,
 * timeouts, resets and malformed bodies are retried with full-jitter exponential backoff, each attempt signed again.
 *
 * @example
 * ```ts
 * huaweiRds({ region: 'cn-north-4', retry: { maxAttempts: 6, maxDelayMs: 5_000 } })
 * ```
 */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. Default 200 ms. */
  baseDelayMs?: number;
  /** Cap on one wait, and on a provider's Retry-After hint. Default 20 s. */
  maxDelayMs?: number;
  /**
   * Retry tokens shared by every request of one source: a retry costs 5 (a timeout 10), a success refunds 1.
   * When the bucket is empty, errors are reported instead of retried, so a provider that throttles
   * persistently cannot stall a listing forever. Default 500.
   */
  budget?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetryOptions = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 20_000, budget: 500 };
export const NO_RETRY: ResolvedRetryOptions = { ...DEFAULT_RETRY, maxAttempts: 1 };

export const RETRY_COST = 5;
export const TIMEOUT_RETRY_COST = 10;

/** The first invalid field of a retry policy (named as `retry.<field>`, with the allowed range), or undefined. */
export function retryProblem(options: ResolvedRetryOptions): { field: string; message: string } | undefined {
  const { maxAttempts, budget } = options;
  if (!(typeof maxAttempts === 'number' && Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 100)) {
    return { field: 'retry.maxAttempts', message: `retry.maxAttempts must be a whole number between 1 and 100; got ${String(maxAttempts)}` };
  }
  if (!(typeof budget === 'number' && Number.isFinite(budget) && budget >= 0)) {
    return { field: 'retry.budget', message: `retry.budget must be a finite number >= 0; got ${String(budget)}` };
  }
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    const problem = durationProblem(`retry.${key}`, options[key], 0);
    if (problem) return { field: `retry.${key}`, message: problem };
  }
  return undefined;
}

/** Shared retry tokens (smithy's "retry quota"), one bucket per source. */
export class RetryBudget {
  private tokens: number;
  constructor(private readonly capacity: number) {
    this.tokens = capacity;
  }
  tryAcquire(cost: number): boolean {
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
  refund(amount = 1): void {
    this.tokens = Math.min(this.capacity, this.tokens + amount);
  }
  get available(): number {
    return this.tokens;
  }
}

/**
 * Full-jitter exponential backoff; a provider's Retry-After hint wins when it is longer, capped at maxDelayMs
 * (itself at most 2^31 - 1 ms), so a server asking for a day's wait or an absurd number cannot overflow a timer.
 */
export function backoffDelay(attempt: number, options: ResolvedRetryOptions, random: () => number, hintMs?: number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  if (hintMs !== undefined && Number.isFinite(hintMs) && hintMs >= 0) return Math.min(options.maxDelayMs, Math.max(hintMs, jittered));
  return jittered;
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) or Aliyun's `x-acs-retry-after` (milliseconds).
 * Returns milliseconds, or undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Readonly<Record<string, string>>, now: number = Date.now()): number | undefined {
  const acs = headers['x-acs-retry-after'];
  if (acs !== undefined && /^\d+(\.\d+)?$/.test(acs.trim())) return Math.round(Number(acs));
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
