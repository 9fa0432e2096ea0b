import type { Readable } from 'node:stream';
import { CloudBackupsError, ConfigurationError, ResponseValidationError, TransportError } from '../errors.js';
import type { ProviderName } from '../model.js';
import { redactUrl, scrubberFor } from '../redact.js';
import { abortReason } from './abort.js';
import { AxiosHttp, type AxiosHttpRequest } from './axios-http.js';
import type { BodyBudget } from './body-budget.js';
import type { Connections, Route } from './connections.js';
import { Deadline } from './deadline.js';
import { loadAxios } from './lazy.js';
import { parseBody } from './parse-body.js';
import { ProxyTunnelError } from './proxy/tunnel-agent.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { scrubError } from './scrub-error.js';
import type { HttpRequest, HttpResponse } from './types.js';

export interface AttemptsOptions {
  provider: ProviderName;
  connections: Connections;
  maxBodyBytes: number;
  bodyBudget: BodyBudget;
  userAgent: string;
}

/**
 * One attempt of a request: routed (direct or through a proxy), under its deadline, the body read within the size
 * and memory bounds and parsed, and anything that goes wrong turned into one of our typed errors. No retries here.
 */
export class Attempts {
  readonly #options: AttemptsOptions;
  /** Made on the first request, when axios is loaded; one per transport, shared by every request. */
  #axios: AxiosHttp | undefined;
  #loading: Promise<AxiosHttp> | undefined;

  constructor(options: AttemptsOptions) {
    this.#options = options;
  }

  async run(request: HttpRequest, operation: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<HttpResponse> {
    const { provider, connections } = this.#options;
    const safeUrl = redactUrl(request.url);
    // Loading axios (first request only) is not part of the request's time.
    const client = this.#axios ?? (await this.#load());
    // The deadline covers the whole exchange: axios's own `timeout` is a socket idle timeout, which a server
    // trickling one byte at a time never trips.
    const deadline = new Deadline(timeoutMs, signal);
    const route = connections.route(request.url);
    try {
      const sending = client.request(requestOf(request, route, deadline));
      // A tunnel's socket is made asynchronously; until it exists, destroying the request ends nothing.
      const res = await (route.httpsAgent ? Promise.race([sending, deadline.whenEnded]) : sending);
      deadline.attachBody(res.data);
      if (res.status === 407 && route.via) {
        res.data.destroy();
        throw proxyAuthError(provider, operation, route.via.display, safeUrl);
      }
      const headers = lowerCaseHeaders(res.headers as Record<string, unknown>);
      return await this.#read(res.status, headers, res.data, request, deadline, safeUrl);
    } catch (error) {
      if (CloudBackupsError.isInstance(error)) throw error;
      if (error instanceof BodyTooLargeError) {
        // Not retried: the same request would bring the same body.
        throw new ResponseValidationError(`${provider}: ${operation}: ${error.message}; not read further and not retried (${safeUrl})`, {
          provider, url: safeUrl, retryable: false,
        });
      }
      throw failureOf(error, { provider, operation, signal, deadline, safeUrl, timeoutMs, route });
    } finally {
      deadline.dispose();
    }
  }

  async #read(status: number, headers: Record<string, string>, stream: Readable, request: HttpRequest, deadline: Deadline, safeUrl: string): Promise<HttpResponse> {
    const { provider, maxBodyBytes, bodyBudget } = this.#options;
    // Held from the first byte until the body has been parsed: the text and the parse are the peak.
    const lease = bodyBudget.lease();
    try {
      const text = await readBody(stream, { maxBytes: maxBodyBytes, lease, deadline, declaredLength: headers['content-length'] });
      let body: unknown;
      try {
        body = parseBody(text, headers['content-type'], provider, safeUrl);
      } catch (parseError) {
        // An error status with a body that is not JSON/XML (a gateway's HTML 502, a plain-text 401) is still
        // classified by the provider from its status; only a success answer with an unreadable body is a
        // (retryable) validation error.
        if (status < 400) throw parseError;
        body = undefined;
      }
      const response: HttpResponse = { status, headers, text, body, url: safeUrl };
      if (request.secrets && request.secrets.length > 0) response.scrubError = laterScrubber(request.secrets);
      return response;
    } finally {
      lease.release();
    }
  }

  #load(): Promise<AxiosHttp> {
    const { connections, userAgent } = this.#options;
    this.#loading ??= loadAxios().then(
      (axios) => (this.#axios = new AxiosHttp(axios, { httpAgent: connections.httpAgent, httpsAgent: connections.httpsAgent, userAgent })),
    );
    return this.#loading;
  }
}

/** Removes an attempt's secrets from an error it produced; the scrubber is built only when an error needs it. */
export function scrubAttemptError(error: Error, secrets: readonly string[] | undefined): void {
  if (!secrets || secrets.length === 0) return;
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

/** What varies per request: the signed request and its route; everything else is the transport's. */
function requestOf(request: HttpRequest, route: Route, deadline: Deadline): AxiosHttpRequest {
  // The deadline makes the request (axios's `transport` hook) and ends it itself: no AbortSignal per request.
  const out: AxiosHttpRequest = { method: request.method, url: request.url, headers: request.headers, data: request.body, transport: deadline };
  if (route.httpsAgent) out.httpsAgent = route.httpsAgent;
  if (route.proxy) {
    out.proxy = route.proxy;
    if (route.proxyAuthorization) out.headers = { ...request.headers, 'proxy-authorization': route.proxyAuthorization };
  }
  return out;
}

interface FailureContext {
  provider: ProviderName;
  operation: string;
  signal: AbortSignal | undefined;
  deadline: Deadline;
  safeUrl: string;
  timeoutMs: number;
  route: Route;
}

/** What a failed exchange was: the deadline, the caller's abort, the proxy, or the network. */
function failureOf(error: unknown, context: FailureContext): CloudBackupsError {
  const { provider, operation, signal, deadline, safeUrl, timeoutMs, route } = context;
  const via = route.via ? ` via the proxy ${route.via.display}` : '';
  if (deadline.expired) {
    return new TransportError(`${provider}: ${operation} timed out: no complete answer within ${timeoutMs} ms${via} (${safeUrl})`, {
      provider, kind: 'timeout', url: safeUrl, cause: error,
    });
  }
  if (signal?.aborted) return abortReason(signal);
  const tunnel = error instanceof ProxyTunnelError ? error : (error as { cause?: unknown } | undefined)?.cause;
  if (tunnel instanceof ProxyTunnelError) {
    if (tunnel.statusCode === 407) return proxyAuthError(provider, operation, tunnel.proxy, safeUrl);
    if (tunnel.statusCode !== undefined && tunnel.statusCode < 500) {
      // The proxy's policy refuses this target: retrying cannot help, the configuration must change.
      return new ConfigurationError(`${provider}: ${operation}: ${tunnel.message}; check the proxy's rules, or exclude the host with NO_PROXY (${safeUrl})`, {
        provider, field: 'proxy',
      });
    }
    return new TransportError(`${provider}: ${operation} failed: ${tunnel.message} (${safeUrl})`, {
      provider, kind: tunnel.code === 'ETIMEDOUT' ? 'timeout' : 'connection', url: safeUrl,
    });
  }
  const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const kind = (code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ERR_SOCKET|ECONNABORTED)/.test(code)) || /socket hang up|aborted/i.test(message) ? 'connection' : 'network';
  return new TransportError(`${provider}: ${operation} failed: ${code ?? message}${via} (${safeUrl})`, { provider, kind, url: safeUrl, cause: error });
}

function proxyAuthError(provider: ProviderName, operation: string, proxy: string, safeUrl: string): ConfigurationError {
  return new ConfigurationError(
    `${provider}: ${operation}: the proxy ${proxy} answered 407 Proxy Authentication Required; give the proxy's user and password in its URL (http://user:password@host:port) (${safeUrl})`,
    { provider, field: 'proxy' },
  );
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
