import type { RateLimitOptions } from '../http/rate-limit.js';
import { TokenBucket } from '../http/rate-limit.js';
import { DEFAULT_RETRY, RetryBudget, type RetryOptions } from '../http/retry.js';
import type { ProviderName } from '../model.js';

/**
 * Retry tokens and rate limiters per provider and account, shared by every source of that account in this process:
 * the clouds throttle an account, not a source, so two sources of one account (two products, or the regions of two
 * sources) must not each assume they have the whole allowance. A rate limiter is shared by sources that ask for the
 * same rate; a source with its own rate gets its own bucket.
 */
const retryTokens = new Map<string, RetryBudget>();
const limiters = new Map<string, TokenBucket>();

export function accountLimits(
  provider: ProviderName,
  account: string,
  retry: RetryOptions | false | undefined,
  rateLimit: RateLimitOptions | undefined,
): { retryTokens: RetryBudget; limiter: TokenBucket | undefined } {
  const key = `${provider}\u0000${account}`;
  const capacity = retry === false ? 0 : (retry?.budget ?? DEFAULT_RETRY.budget);
  const tokensKey = `${key}\u0000${capacity}`;
  let tokens = retryTokens.get(tokensKey);
  if (!tokens) {
    tokens = new RetryBudget(capacity);
    retryTokens.set(tokensKey, tokens);
  }
  let limiter: TokenBucket | undefined;
  if (rateLimit) {
    const limiterKey = `${key}\u0000${rateLimit.requestsPerSecond}\u0000${rateLimit.burst ?? ''}`;
    limiter = limiters.get(limiterKey);
    if (!limiter) {
      limiter = new TokenBucket(rateLimit);
      limiters.set(limiterKey, limiter);
    }
  }
  return { retryTokens: tokens, limiter };
}
