import type { Readable } from 'node:stream';
import { inspect } from 'node:util';
import axios, { type AxiosInstance, type AxiosRequestConfig, isAxiosError } from 'axios';
import type { ProviderName } from '../model.js';
import { CloudBackupsError, ConfigurationError, ProviderApiError, ResponseValidationError, ThrottlingError, TransportError } from '../errors.js';
import { redactUrl, scrubberFor } from '../redact.js';
import { scrubError } from './scrub-error.js';
import { abortReason, sleep } from './abort.js';
import { noteBudgetExhausted, type AttemptBudget } from './attempt-budget.js';
import { Deadline } from './deadline.js';
import { sharedBodyBudget, type BodyBudget } from './body-budget.js';
import { BodyTooLargeError, DEFAULT_MAX_BODY_BYTES, readBody } from './read-body.js';
import { Connections, type Route } from './connections.js';
import type { ProxyOption } from './proxy/proxy-router.js';
import { ProxyTunnelError } from './proxy/tunnel-agent.js';
import { durationProblem } from './timers.js';
import { parseBody } from './parse-body.js';
import { TokenBucket, validateRateLimit, type RateLimitOptions } from './rate-limit.js';
import {
  DEFAULT_RETRY,
  NO_RETRY,
  RETRY_COST,
  retryProblem,
  RetryBudget,
  TIMEOUT_RETRY_COST,
  backoffDelay,
  type ResolvedRetryOptions,
  type RetryOptions,
} from './retry.js';

export { createAttemptBudget, type AttemptBudget } from './attempt-budget.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Full URL, query included, exactly as it was signed. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Values to remove from every error this attempt produces, however a server echoes them: the access key secret,
   * the security token, and the signature(s) computed for this attempt. Pattern-based redaction stays as a second line.
   */
  secrets?: readonly string[];
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
  /**
   * Removes this attempt's `secrets` from an error made later from this response (a body that fails the schema):
   * call it on any error that quotes the body or the URL. Present when the request carried secrets.
   */
  scrubError?: <E extends Error>(error: E) => E;
}

/** A retry about to happen: which attempt failed, how long the wait before the next one is, and why. */
export interface RetryEvent {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** The wait before the next attempt, in ms. */
  delayMs: number;
  /** What the failed attempt ended with (secrets already scrubbed). */
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
  /** A deadline for each attempt (connect, headers and body together), in ms. Default: the transport's. */
  timeoutMs?: number;
  /** False when the caller has a better answer to a timeout than repeating it (splitting a time window). */
  retryTimeouts?: boolean;
  /**
   * Time allowed for failing, shared by every request of its owner (one instance's walk): every failed attempt and
   * every backoff wait is spent on it, and no retry is made once it is exhausted (nor one whose wait would exhaust it).
   */
  budget?: AttemptBudget;
}

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
 * The HTTP layer every provider shares: one keep-alive agent pair per transport, a timeout per request,
 * retries with full-jitter backoff for what the provider calls retryable, a retry budget and a rate limit.
 */
export class Transport {
  readonly provider: ProviderName;
  private readonly axios: AxiosInstance;
  private readonly connections: Connections;
  private readonly retry: ResolvedRetryOptions;
  private readonly retryTokens: RetryBudget;
  private readonly limiter?: TokenBucket;
  private readonly timeoutMs: number;
  private readonly random: () => number;
  private readonly maxBodyBytes: number;
  private readonly bodyBudget: BodyBudget;

  constructor(options: TransportOptions) {
    this.provider = options.provider;
    this.retry = resolveRetry(options.provider, options.retry);
    this.retryTokens = options.shared?.retryTokens ?? new RetryBudget(this.retry.budget);
    this.timeoutMs = checkTimeout(options.provider, options.timeoutMs) ?? 30_000;
    if (options.rateLimit) {
      const problem = validateRateLimit(options.rateLimit);
      if (problem) throw new ConfigurationError(`${options.provider}: rateLimit: ${problem}`, { field: 'rateLimit', provider: options.provider });
      this.limiter = options.shared?.limiter ?? new TokenBucket(options.rateLimit);
    }
    this.random = options.random ?? Math.random;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!(Number.isSafeInteger(this.maxBodyBytes) && this.maxBodyBytes >= 1)) {
      throw new ConfigurationError(`${options.provider}: maxBodyBytes must be a whole number of bytes >= 1`, { field: 'maxBodyBytes', provider: options.provider });
    }
    this.bodyBudget = options.bodyBudget ?? sharedBodyBudget;
    this.connections = new Connections({
      provider: this.provider,
      maxSockets: options.maxSockets ?? 64,
      proxy: options.proxy,
      ca: options.ca,
      connectTimeoutMs: this.timeoutMs,
    });
    this.axios = axios.create({
      httpAgent: this.connections.httpAgent,
      httpsAgent: this.connections.httpsAgent,
      // A stream, read by readBody: bounded per body and across bodies, under the attempt's deadline.
      // Decompression stays axios's (gzip, deflate, br); the limits apply to the decompressed bytes.
      responseType: 'stream',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: -1,
      // Routing is ours (Connections): axios must not read the environment a second time.
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
        const response = await this.once(request, options, signal, timeoutMs);
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
      if (secrets && secrets.length > 0) scrubWith(error, secrets);
      budget?.spend(performance.now() - started);
      const isTimeout = error instanceof TransportError && error.kind === 'timeout';
      if (!isRetryable(error) || attempt >= this.retry.maxAttempts || (isTimeout && options.retryTimeouts === false)) throw error;
      if (budget?.exhausted) throw noteBudgetExhausted(error, budget.limitMs);
      const cost = isTimeout ? TIMEOUT_RETRY_COST : RETRY_COST;
      if (!this.retryTokens.tryAcquire(cost)) throw error;
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

  private async once(request: HttpRequest, options: SendOptions, signal: AbortSignal | undefined, timeoutMs: number): Promise<HttpResponse> {
    const safeUrl = redactUrl(request.url);
    // The deadline covers the whole exchange: axios's own `timeout` is a socket idle timeout, which a server
    // trickling one byte at a time never trips.
    const deadline = new Deadline(timeoutMs, signal);
    const route = this.connections.route(request.url);
    try {
      const res = await this.axios.request<Readable>(requestConfig(request, route, deadline.signal));
      if (res.status === 407 && route.via) {
        res.data.destroy();
        throw proxyAuthError(this.provider, options.operation, route.via.display, safeUrl);
      }
      const headers = lowerCaseHeaders(res.headers as Record<string, unknown>);
      // Held from the first byte until the body has been parsed: the text and the parse are the peak.
      const lease = this.bodyBudget.lease();
      try {
        const text = await readBody(res.data, { maxBytes: this.maxBodyBytes, lease, signal: deadline.signal, declaredLength: headers['content-length'] });
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
        const response: HttpResponse = { status: res.status, headers, text, body, url: safeUrl };
        if (request.secrets && request.secrets.length > 0) response.scrubError = laterScrubber(request.secrets);
        return response;
      } finally {
        lease.release();
      }
    } catch (error) {
      if (CloudBackupsError.isInstance(error)) throw error;
      if (error instanceof BodyTooLargeError) {
        // Not retried: the same request would bring the same body.
        throw new ResponseValidationError(`${this.provider}: ${options.operation}: ${error.message}; not read further and not retried (${safeUrl})`, {
          provider: this.provider, url: safeUrl, retryable: false,
        });
      }
      throw this.networkError(error, options, signal, deadline, safeUrl, timeoutMs, route);
    } finally {
      deadline.dispose();
    }
  }

  private networkError(
    error: unknown,
    options: SendOptions,
    signal: AbortSignal | undefined,
    deadline: Deadline,
    safeUrl: string,
    timeoutMs: number,
    route: Route,
  ): CloudBackupsError {
    const via = route.via ? ` via the proxy ${route.via.display}` : '';
    if (deadline.expired) {
      return new TransportError(`${this.provider}: ${options.operation} timed out: no complete answer within ${timeoutMs} ms${via} (${safeUrl})`, {
        provider: this.provider, kind: 'timeout', url: safeUrl, cause: error,
      });
    }
    if (signal?.aborted) return abortReason(signal);
    const tunnel = error instanceof ProxyTunnelError ? error : (error as { cause?: unknown } | undefined)?.cause;
    if (tunnel instanceof ProxyTunnelError) {
      if (tunnel.statusCode === 407) return proxyAuthError(this.provider, options.operation, tunnel.proxy, safeUrl);
      if (tunnel.statusCode !== undefined && tunnel.statusCode < 500) {
        // The proxy's policy refuses this target: retrying cannot help, the configuration must change.
        return new ConfigurationError(`${this.provider}: ${options.operation}: ${tunnel.message}; check the proxy's rules, or exclude the host with NO_PROXY (${safeUrl})`, {
          provider: this.provider, field: 'proxy',
        });
      }
      return new TransportError(`${this.provider}: ${options.operation} failed: ${tunnel.message} (${safeUrl})`, {
        provider: this.provider, kind: tunnel.code === 'ETIMEDOUT' ? 'timeout' : 'connection', url: safeUrl,
      });
    }
    const code = isAxiosError(error) ? error.code : (error as { code?: string } | undefined)?.code;
    const message = error instanceof Error ? error.message : String(error);
    const kind = code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ERR_SOCKET|ECONNABORTED)/.test(code) || /socket hang up|aborted/i.test(message) ? 'connection' : 'network';
    return new TransportError(`${this.provider}: ${options.operation} failed: ${code ?? message}${via} (${safeUrl})`, {
      provider: this.provider, kind, url: safeUrl, cause: error,
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.connections.destroy();
  }

  /** What inspecting a transport shows: never agents, headers or proxy credentials. */
  [inspect.custom](): string {
    const proxies = this.connections.proxies;
    return `Transport { provider: '${this.provider}', timeoutMs: ${this.timeoutMs}${proxies.length > 0 ? `, proxies: ${inspect(proxies)}` : ''} }`;
  }
}

function scrubWith(error: Error, secrets: readonly string[]): void {
  const scrub = scrubberFor(secrets);
  if (scrub) scrubError(error, scrub);
}

/** For errors made from a response after the transport returned it; the scrubber is built on first use only. */
function laterScrubber(secrets: readonly string[]): <E extends Error>(error: E) => E {
  let scrub: ((text: string) => string) | undefined | null = null;
  return (error) => {
    if (scrub === null) scrub = scrubberFor(secrets);
    return scrub ? scrubError(error, scrub) : error;
  };
}

/** The per-request axios config: only what varies per request, everything else is the instance's. */
function requestConfig(request: HttpRequest, route: Route, signal: AbortSignal): AxiosRequestConfig {
  const config: AxiosRequestConfig = { method: request.method, url: request.url, headers: request.headers ?? {}, data: request.body, signal };
  if (route.httpsAgent) config.httpsAgent = route.httpsAgent;
  if (route.proxy) {
    config.proxy = route.proxy;
    if (route.proxyAuthorization) config.headers = { ...request.headers, 'proxy-authorization': route.proxyAuthorization };
  }
  return config;
}

function proxyAuthError(provider: ProviderName, operation: string, proxy: string, safeUrl: string): ConfigurationError {
  return new ConfigurationError(
    `${provider}: ${operation}: the proxy ${proxy} answered 407 Proxy Authentication Required; give the proxy's user and password in its URL (http://user:password@host:port) (${safeUrl})`,
    { provider, field: 'proxy' },
  );
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

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
