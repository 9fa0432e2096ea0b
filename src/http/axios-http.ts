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

/**
 * axios's HTTP adapter, driven directly with a request config prepared once per transport (issue 19).
 *
 * `axios.request()` spends more CPU per request than the adapter that does the exchange (about 100 us here):
 * it merges the request's config into the instance defaults key by key (deep-copying header maps), validates
 * options, runs interceptors and the transform chains. None of that varies between our requests: there are no
 * interceptors, the defaults never change, the response is a stream we read ourselves. So the transport builds
 * what that pipeline would produce, once, and hands each request to the adapter axios itself would pick (its http
 * adapter: connection, request, redirects off, decompression, errors), with what varies per request: the default
 * headers flattened per method, the signed headers, and the form content type of a POST.
 *
 * No request transform runs: a body is a string the provider has already signed (ACS3 signs its hash), so it must
 * reach the wire as given; axios's default transforms would hand our bodies (a form-encoded string, or none) back
 * unchanged, and the only other transforms are ones application code added to the global `axios.defaults`. The
 * adapter normalizes the headers itself, once. test/http/wire.test.ts pins what reaches the server.
 */
export class AxiosHttp {
  readonly #adapter: AxiosAdapter;
  readonly #headers: typeof AxiosHeaders;
  /**
   * Everything but the per-request fields, as `mergeConfig(axios.defaults, instance defaults)` would have it: the
   * prototype of every request's config (the adapter reads config members inherited from a prototype other than
   * Object.prototype), so a request copies none of it.
   */
  readonly #template: Record<string, unknown>;
  /** axios's default headers for a method (`common` merged with the method's own), then our user agent. */
  readonly #defaultHeaders: Record<Method, RawAxiosHeaders>;

  constructor(axios: AxiosStatic, defaults: AxiosHttpDefaults) {
    this.#adapter = axios.getAdapter('http');
    this.#headers = axios.AxiosHeaders;
    const d = axios.defaults;
    const byMethod = (method: Method): RawAxiosHeaders => ({
      ...(d.headers.common as RawAxiosHeaders),
      ...(d.headers[method] as RawAxiosHeaders),
      'user-agent': defaults.userAgent,
    });
    this.#defaultHeaders = { get: byMethod('get'), post: byMethod('post') };
    // Not frozen: a frozen prototype's members cannot be shadowed by assignment (a route's httpsAgent, proxy).
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
    if (method === 'post') headers.setContentType('application/x-www-form-urlencoded', false);
    const config = Object.create(this.#template) as InternalAxiosRequestConfig;
    config.method = method;
    config.url = request.url;
    config.headers = headers;
    config.transport = request.transport;
    if (request.data !== undefined) config.data = request.data;
    if (request.httpsAgent) config.httpsAgent = request.httpsAgent;
    if (request.proxy) config.proxy = request.proxy;
    return this.#adapter(config) as Promise<AxiosResponse<Readable>>;
  }
}
