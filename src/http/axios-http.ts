import type http from 'node:http';
import type https from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosAdapter, AxiosHeaders, AxiosResponse, AxiosStatic, InternalAxiosRequestConfig, RawAxiosHeaders } from 'axios';

/** What varies per request; everything else is the transport's, fixed when axios is loaded. */
export interface AxiosHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string> | undefined;
  data?: string | undefined;
  /** axios's `transport` hook: makes the node request (the attempt's Deadline, which keeps it to end it). */
  transport: { request(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest };
  /** Per-route overrides (a proxy tunnel; forward-proxy mode). */
  httpsAgent?: https.Agent | undefined;
  proxy?: { protocol: string; host: string; port: number } | undefined;
}

export interface AxiosHttpDefaults {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  userAgent: string;
}

type Method = 'get' | 'post';
type RequestTransform = (this: InternalAxiosRequestConfig, data: unknown, headers: AxiosHeaders) => unknown;

/**
 * axios's HTTP adapter, driven directly with a request config prepared once per transport (issue 19).
 *
 * `axios.request()` spends more CPU per request than the adapter that does the exchange (about 100 us here):
 * it merges the request's config into the instance defaults key by key (deep-copying header maps), validates
 * options, runs interceptors and the transform chains. None of that varies between our requests: there are no
 * interceptors, the defaults never change, the response is a stream we read ourselves. So the transport builds
 * what that pipeline would produce, once, and hands each request to the adapter axios itself would pick (its http
 * adapter: connection, request, redirects off, decompression, errors), applying what does vary per request the
 * way axios does: the default headers flattened per method, the request transform (axios's own functions), and
 * the form content type of a POST. test/http/wire.test.ts pins what reaches the server.
 */
export class AxiosHttp {
  readonly #adapter: AxiosAdapter;
  readonly #headers: typeof AxiosHeaders;
  /** Everything but the per-request fields, as `mergeConfig(axios.defaults, instance defaults)` would have it. */
  readonly #template: Record<string, unknown>;
  /** axios's default headers for a method (`common` merged with the method's own), then our user agent. */
  readonly #defaultHeaders: Record<Method, RawAxiosHeaders>;
  readonly #transformRequest: readonly RequestTransform[];

  constructor(axios: AxiosStatic, defaults: AxiosHttpDefaults) {
    this.#adapter = axios.getAdapter('http');
    this.#headers = axios.AxiosHeaders;
    const d = axios.defaults;
    const transform = d.transformRequest;
    this.#transformRequest = (Array.isArray(transform) ? transform : transform ? [transform] : []) as RequestTransform[];
    const byMethod = (method: Method): RawAxiosHeaders => ({
      ...(d.headers.common as RawAxiosHeaders),
      ...(d.headers[method] as RawAxiosHeaders),
      'user-agent': defaults.userAgent,
    });
    this.#defaultHeaders = { get: byMethod('get'), post: byMethod('post') };
    this.#template = {
      httpAgent: defaults.httpAgent,
      httpsAgent: defaults.httpsAgent,
      // A stream, read by readBody: bounded per body and across bodies, under the attempt's deadline.
      // Decompression stays axios's (gzip, deflate, br); the limits apply to the decompressed bytes.
      responseType: 'stream',
      transformResponse: [],
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: -1,
      maxBodyLength: -1,
      // Routing is ours (Connections): axios must not read the environment a second time.
      proxy: false,
      timeout: 0,
      decompress: true,
      allowAbsoluteUrls: true,
      transitional: d.transitional,
      env: d.env,
    };
  }

  request(request: AxiosHttpRequest): Promise<AxiosResponse<Readable>> {
    const method: Method = request.method === 'POST' ? 'post' : 'get';
    const headers = this.#headers.concat(this.#defaultHeaders[method], request.headers);
    const config = { ...this.#template, method, url: request.url, headers, transport: request.transport } as InternalAxiosRequestConfig;
    if (request.httpsAgent) config.httpsAgent = request.httpsAgent;
    if (request.proxy) config.proxy = request.proxy;
    // As axios's transformData: the request transforms on normalized headers, normalized again after.
    let data: unknown = request.data;
    for (const transform of this.#transformRequest) data = transform.call(config, data, headers.normalize(false));
    headers.normalize(false);
    if (data !== undefined) config.data = data;
    if (method === 'post') headers.setContentType('application/x-www-form-urlencoded', false);
    return this.#adapter(config) as Promise<AxiosResponse<Readable>>;
  }
}
