import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import type { ProviderName } from '../model.js';
import { CloudBackupsError, ConfigurationError, ProviderApiError, ResponseValidationError, ThrottlingError, TransportError } from '../errors.js';
import { redactUrl } from '../redact.js';
import { abortReason, sleep } from './abort.js';
import { parseBody } from './parse-body.js';
import { TokenBucket, validateRateLimit, type RateLimitOptions } from './rate-limit.js';
import {
  DEFAULT_RETRY,
  NO_RETRY,
  RETRY_COST,
  RetryBudget,
  TIMEOUT_RETRY_COST,
  backoffDelay,
  type ResolvedRetryOptions,
  type RetryOptions,
} from './retry.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Full URL, query included, exactly as it was signed. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON or XML (by content type), or undefined when empty. */
  body: unknown;
  /** The request URL with signatures and tokens masked, for error messages. */
  url: string;
}

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: CloudBackupsError;
}

export interface SendOptions {
  /** The API action, for error messages (`DescribeBackups`). */
  operation: string;
  /** Builds and signs the request; called again for every attempt, so each carries a fresh timestamp and nonce. */
  sign: (attempt: number) => HttpRequest | Promise<HttpRequest>;
  /** Turns an answered response into an error when it is one (provider-specific codes and shapes). */
  interpret?: (response: HttpResponse) => CloudBackupsError | undefined;
  /** Default: the signal of the walk the call belongs to. */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** False when the caller has a better answer to a timeout than repeating it (splitting a time window). */
  retryTimeouts?: boolean;
}

export interface TransportOptions {
  provider: ProviderName;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** Retry policy, or false to make every request a single attempt. */
  retry?: RetryOptions | false;
  /** A token bucket for this source's requests; none by default. */
  rateLimit?: RateLimitOptions;
  /** Sockets kept per host. Default 64, above any sensible concurrency. */
  maxSockets?: number;
  /** Jitter source; injectable for deterministic tests. */
  random?: () => number;
  userAgent?: string;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The HTTP layer every provider shares: one keep-alive agent pair per transport, a timeout per request,
 * retries with full-jitter backoff for what the provider calls retryable, a retry budget and a rate limit.
 */
export class Transport {
  readonly provider: ProviderName;
  private readonly axios: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly retry: ResolvedRetryOptions;
  private readonly budget: RetryBudget;
  private readonly limiter?: TokenBucket;
  private readonly timeoutMs: number;
  private readonly random: () => number;

  constructor(options: TransportOptions) {
    this.provider = options.provider;
    this.retry = resolveRetry(options.provider, options.retry);
    this.budget = new RetryBudget(this.retry.budget);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.timeoutMs > 0)) throw new ConfigurationError(`${options.provider}: timeoutMs must be a positive number of milliseconds`, { field: 'timeoutMs', provider: options.provider });
    if (options.rateLimit) {
      const problem = validateRateLimit(options.rateLimit);
      if (problem) throw new ConfigurationError(`${options.provider}: rateLimit: ${problem}`, { field: 'rateLimit', provider: options.provider });
      this.limiter = new TokenBucket(options.rateLimit);
    }
    this.random = options.random ?? Math.random;
    const maxSockets = options.maxSockets ?? 64;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
    this.axios = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: MAX_BODY_BYTES,
      proxy: false,
      headers: { 'user-agent': options.userAgent ?? 'cloud-backups' },
    });
  }

  /**
   * Sends with retries. `defaultSignal` and `onRetry` come from the walk the call belongs to (the call context wires
   * them once), so provider code never threads them by hand.
   */
  async send(options: SendOptions, defaultSignal?: AbortSignal, onRetry?: (event: RetryEvent) => void): Promise<HttpResponse> {
    const signal = options.signal ?? defaultSignal;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      if (this.limiter) await this.limiter.take(signal);
      let error: CloudBackupsError;
      try {
        const response = await this.once(options, attempt, signal);
        const problem = options.interpret?.(response);
        if (!problem) {
          this.budget.refund();
          return response;
        }
        error = problem;
      } catch (thrown) {
        if (signal?.aborted) throw abortReason(signal);
        error = CloudBackupsError.isInstance(thrown) ? thrown : new CloudBackupsError(String(thrown), { provider: this.provider, cause: thrown });
      }
      const isTimeout = error instanceof TransportError && error.kind === 'timeout';
      if (!isRetryable(error) || attempt >= this.retry.maxAttempts || (isTimeout && options.retryTimeouts === false)) throw error;
      const cost = isTimeout ? TIMEOUT_RETRY_COST : RETRY_COST;
      if (!this.budget.tryAcquire(cost)) throw error;
      const hint = error instanceof ThrottlingError ? error.retryAfterMs : undefined;
      const delayMs = backoffDelay(attempt, this.retry, this.random, hint);
      onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, signal);
    }
  }

  private async once(options: SendOptions, attempt: number, signal: AbortSignal | undefined): Promise<HttpResponse> {
    const request = await options.sign(attempt);
    const safeUrl = redactUrl(request.url);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    // axios' `timeout` only notices a socket that goes quiet; the deadline covers a body that keeps trickling too.
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort();
    }, timeoutMs);
    const forward = () => deadline.abort();
    signal?.addEventListener('abort', forward, { once: true });
    try {
      const res = await this.axios.request<string>({
        method: request.method,
        url: request.url,
        headers: request.headers ?? {},
        data: request.body,
        timeout: timeoutMs,
        signal: deadline.signal,
      });
      const headers = lowerCaseHeaders(res.headers as Record<string, unknown>);
      const text = typeof res.data === 'string' ? res.data : String(res.data ?? '');
      let body: unknown;
      try {
        body = parseBody(text, headers['content-type'], this.provider, safeUrl);
      } catch (parseError) {
        // An error status with a body that is not JSON/XML (a gateway's HTML 502, a plain-text 401) is still
        // classified by the provider from its status; only a success answer with an unreadable body is a
        // (retryable) validation error.
        if (res.status < 400) throw parseError;
        body = undefined;
      }
      return { status: res.status, headers, text, body, url: safeUrl };
    } catch (error) {
      if (CloudBackupsError.isInstance(error)) throw error;
      throw this.networkError(error, options, signal, safeUrl, timeoutMs, timedOut);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  private networkError(error: unknown, options: SendOptions, signal: AbortSignal | undefined, safeUrl: string, timeoutMs: number, timedOut: boolean): CloudBackupsError {
    if (signal?.aborted) return abortReason(signal);
    const code = isAxiosError(error) ? error.code : (error as { code?: string } | undefined)?.code;
    if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return new TransportError(`${this.provider}: ${options.operation} timed out after ${timeoutMs} ms (${safeUrl})`, {
        provider: this.provider, kind: 'timeout', url: safeUrl, cause: error,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    const kind = code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ERR_SOCKET|ECONNABORTED)/.test(code) || /socket hang up|aborted/i.test(message) ? 'connection' : 'network';
    return new TransportError(`${this.provider}: ${options.operation} failed: ${code ?? message} (${safeUrl})`, {
      provider: this.provider, kind, url: safeUrl, cause: error,
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function isRetryable(error: CloudBackupsError): boolean {
  if (error instanceof ProviderApiError || error instanceof TransportError || error instanceof ResponseValidationError) return error.retryable;
  return false;
}

function resolveRetry(provider: ProviderName, retry: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (retry === false) return NO_RETRY;
  const resolved = { ...DEFAULT_RETRY, ...(retry ?? {}) };
  const bad = (Object.keys(DEFAULT_RETRY) as (keyof ResolvedRetryOptions)[]).find(
    (k) => !(typeof resolved[k] === 'number' && Number.isFinite(resolved[k]) && resolved[k] >= (k === 'maxAttempts' ? 1 : 0)),
  );
  if (bad) throw new ConfigurationError(`${provider}: retry.${bad} must be a finite number${bad === 'maxAttempts' ? ' >= 1' : ' >= 0'}`, { field: `retry.${bad}`, provider });
  return resolved;
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
