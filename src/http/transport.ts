import { inspect } from 'node:util';
import { CloudBackupsError, ConfigurationError, ProviderApiError, ResponseValidationError, ThrottlingError, TransportError } from '../errors.js';
import type { ProviderName } from '../model.js';
import { abortReason, sleep } from './abort.js';
import { Attempts, scrubAttemptError } from './attempt.js';
import { noteBudgetExhausted } from './attempt-budget.js';
import { sharedBodyBudget, type BodyBudget } from './body-budget.js';
import { Connections } from './connections.js';
import type { ProxyOption } from './proxy/proxy-router.js';
import { TokenBucket, validateRateLimit, type RateLimitOptions } from './rate-limit.js';
import { DEFAULT_MAX_BODY_BYTES } from './read-body.js';
import {
  DEFAULT_RETRY,
  NO_RETRY,
  RETRY_COST,
  RetryBudget,
  TIMEOUT_RETRY_COST,
  backoffDelay,
  retryProblem,
  type ResolvedRetryOptions,
  type RetryOptions,
} from './retry.js';
import { durationProblem } from './timers.js';
import type { HttpResponse, RetryEvent, SendOptions } from './types.js';

export type { HttpRequest, HttpResponse, RetryEvent, SendOptions } from './types.js';
export { createAttemptBudget, type AttemptBudget } from './attempt-budget.js';

export interface TransportOptions {
  provider: ProviderName;
  /** A deadline for each attempt: connect, headers and body together, in ms (at most 2^31 - 1). Default 30 s. */
  timeoutMs?: number;
  /** Retry policy, or false to make every request a single attempt. */
  retry?: RetryOptions | false;
  /** A token bucket for this source's requests; none by default. */
  rateLimit?: RateLimitOptions;
  /** Sockets kept per host. Default 64, above any sensible concurrency. */
  maxSockets?: number;
  /**
   * A proxy URL (`http://user:pass@proxy:3128`) for every request, `false` for none. Default: the environment
   * (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, lower case first), loopback targets always direct.
   * https targets are tunnelled (CONNECT); http targets are forwarded (absolute-URI). Credentials are never printed.
   */
  proxy?: ProxyOption;
  /** Trusted CA certificates for TLS, replacing Node's defaults (NODE_EXTRA_CA_CERTS adds to them instead). */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** The largest response body read, in bytes (decompressed); larger ones are refused, not retried. Default 64 MiB. */
  maxBodyBytes?: number;
  /** Bytes of bodies held at once, shared with other transports. Default: the process-wide budget (256 MiB). */
  bodyBudget?: BodyBudget;
  /** Jitter source; injectable for deterministic tests. */
  random?: () => number;
  userAgent?: string;
  /**
   * Retry tokens and a rate limiter shared with other transports of the same account: the services throttle per
   * account, not per source. Default: this transport's own.
   */
  shared?: { retryTokens?: RetryBudget; limiter?: TokenBucket | undefined };
}

/**
 * The HTTP layer every provider shares: keep-alive pools (and proxy tunnels) per transport, a deadline per attempt,
 * retries with full-jitter backoff for what the provider calls retryable, a retry token budget, the caller's
 * attempt budget, and a rate limit. One attempt's mechanics live in Attempts.
 */
export class Transport {
  readonly provider: ProviderName;
  private readonly attempts: Attempts;
  private readonly connections: Connections;
  private readonly retry: ResolvedRetryOptions;
  private readonly retryTokens: RetryBudget;
  private readonly limiter?: TokenBucket;
  private readonly timeoutMs: number;
  private readonly random: () => number;

  constructor(options: TransportOptions) {
    const provider = options.provider;
    this.provider = provider;
    this.retry = resolveRetry(provider, options.retry);
    this.retryTokens = options.shared?.retryTokens ?? new RetryBudget(this.retry.budget);
    this.timeoutMs = checkTimeout(provider, options.timeoutMs) ?? 30_000;
    if (options.rateLimit) {
      const problem = validateRateLimit(options.rateLimit);
      if (problem) throw new ConfigurationError(`${provider}: rateLimit: ${problem}`, { field: 'rateLimit', provider });
      this.limiter = options.shared?.limiter ?? new TokenBucket(options.rateLimit);
    }
    this.random = options.random ?? Math.random;
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes >= 1)) {
      throw new ConfigurationError(`${provider}: maxBodyBytes must be a whole number of bytes >= 1`, { field: 'maxBodyBytes', provider });
    }
    this.connections = new Connections({ provider, maxSockets: options.maxSockets ?? 64, proxy: options.proxy, ca: options.ca, connectTimeoutMs: this.timeoutMs });
    this.attempts = new Attempts({
      provider,
      connections: this.connections,
      maxBodyBytes,
      bodyBudget: options.bodyBudget ?? sharedBodyBudget,
      userAgent: options.userAgent ?? 'cloud-backups',
    });
  }

  /**
   * Sends with retries. `defaultSignal` and `onRetry` come from the walk the call belongs to (the call context wires
   * them once), so provider code never threads them by hand.
   */
  async send(options: SendOptions, defaultSignal?: AbortSignal, onRetry?: (event: RetryEvent) => void): Promise<HttpResponse> {
    const signal = options.signal ?? defaultSignal;
    const timeoutMs = checkTimeout(this.provider, options.timeoutMs) ?? this.timeoutMs;
    const budget = options.budget;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      if (this.limiter) await this.limiter.take(signal);
      const started = performance.now();
      let error: CloudBackupsError;
      let secrets: readonly string[] | undefined;
      try {
        const request = await options.sign(attempt);
        secrets = request.secrets;
        const response = await this.attempts.run(request, options.operation, signal, timeoutMs);
        const problem = options.interpret?.(response);
        if (!problem) {
          this.retryTokens.refund();
          return response;
        }
        error = problem;
      } catch (thrown) {
        if (signal?.aborted) throw abortReason(signal);
        error = CloudBackupsError.isInstance(thrown) ? thrown : new CloudBackupsError(String(thrown), { provider: this.provider, cause: thrown });
      }
      // Before anything sees the error (onRetry, the caller): whatever the server echoed, the secrets go.
      scrubAttemptError(error, secrets);
      budget?.spend(performance.now() - started);
      const isTimeout = error instanceof TransportError && error.kind === 'timeout';
      if (!isRetryable(error) || attempt >= this.retry.maxAttempts || (isTimeout && options.retryTimeouts === false)) throw error;
      if (budget?.exhausted) throw noteBudgetExhausted(error, budget.limitMs);
      if (!this.retryTokens.tryAcquire(isTimeout ? TIMEOUT_RETRY_COST : RETRY_COST)) throw error;
      const hint = error instanceof ThrottlingError ? error.retryAfterMs : undefined;
      const delayMs = backoffDelay(attempt, this.retry, this.random, hint);
      if (budget) {
        // Paid before waiting: a wait that would exhaust the budget is not worth sitting through only to give up.
        budget.spend(delayMs);
        if (budget.exhausted) throw noteBudgetExhausted(error, budget.limitMs);
      }
      onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, signal);
    }
  }

  /** Closes idle keep-alive sockets and proxy tunnels. */
  close(): void {
    this.connections.destroy();
  }

  /** What inspecting a transport shows: never agents, headers or proxy credentials. */
  [inspect.custom](): string {
    const proxies = this.connections.proxies;
    return `Transport { provider: '${this.provider}', timeoutMs: ${this.timeoutMs}${proxies.length > 0 ? `, proxies: ${inspect(proxies)}` : ''} }`;
  }
}

function isRetryable(error: CloudBackupsError): boolean {
  if (error instanceof ProviderApiError || error instanceof TransportError || error instanceof ResponseValidationError) return error.retryable;
  return false;
}

function resolveRetry(provider: ProviderName, retry: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (retry === false) return NO_RETRY;
  const resolved = { ...DEFAULT_RETRY, ...(retry ?? {}) };
  const problem = retryProblem(resolved);
  if (problem) throw new ConfigurationError(`${provider}: ${problem.message}`, { field: problem.field, provider });
  return resolved;
}

/** A deadline in (0, 2^31 - 1] ms, or undefined when not given; anything else is a configuration error. */
function checkTimeout(provider: ProviderName, timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined) return undefined;
  const problem = durationProblem('timeoutMs', timeoutMs, 0, true);
  if (problem) throw new ConfigurationError(`${provider}: ${problem}`, { field: 'timeoutMs', provider });
  return timeoutMs;
}
