import type { ProviderName } from '../../model.js';
import { isLoopback } from '../../endpoint.js';
import { parseNoProxy, type NoProxyMatcher } from './no-proxy.js';
import { ProxyEndpoint } from './proxy-endpoint.js';

/** The `proxy` option: a proxy URL for every request, `false` for none, or undefined to follow the environment. */
export type ProxyOption = string | false | undefined;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Decides, per target, whether a request goes through a proxy and which.
 *
 * - `proxy: false`: never (the environment is ignored).
 * - `proxy: 'http://host:port'`: every target, loopback included, except those NO_PROXY excludes.
 * - otherwise the environment, read once when the transport is made: `https_proxy`/`HTTPS_PROXY` for https targets,
 *   `http_proxy`/`HTTP_PROXY` for http targets, `all_proxy`/`ALL_PROXY` for either when those are unset (lower case
 *   first, as curl and undici read them; empty means unset); `no_proxy`/`NO_PROXY` excludes targets (see
 *   parseNoProxy). Loopback targets (localhost, 127.0.0.0/8, ::1) never go through a proxy from the environment,
 *   as in Go's net/http: a proxy elsewhere cannot reach this machine's loopback, and the emulator must keep
 *   working on a laptop whose shell exports a corporate proxy.
 */
export class ProxyRouter {
  readonly #https: ProxyEndpoint | undefined;
  readonly #http: ProxyEndpoint | undefined;
  readonly #noProxy: NoProxyMatcher | undefined;
  readonly #bypassLoopback: boolean;
  /** Routes by origin: a transport talks to a handful of hosts, so each is decided once. */
  readonly #routes = new Map<string, ProxyEndpoint | null>();

  private constructor(https: ProxyEndpoint | undefined, http: ProxyEndpoint | undefined, noProxy: NoProxyMatcher | undefined, bypassLoopback: boolean) {
    this.#https = https;
    this.#http = http;
    this.#noProxy = noProxy;
    this.#bypassLoopback = bypassLoopback;
  }

  /** The router for an option and environment, or undefined when no request can be proxied (the fast path). */
  static create(provider: ProviderName, option: ProxyOption, env: Env = process.env): ProxyRouter | undefined {
    if (option === false) return undefined;
    const noProxy = parseNoProxy(read(env, 'no_proxy'));
    if (typeof option === 'string') {
      const proxy = ProxyEndpoint.parse(option, 'proxy', provider);
      return new ProxyRouter(proxy, proxy, noProxy, false);
    }
    const all = read(env, 'all_proxy');
    const httpsValue = read(env, 'https_proxy') ?? all;
    const httpValue = read(env, 'http_proxy') ?? all;
    if (httpsValue === undefined && httpValue === undefined) return undefined;
    const name = (key: string) => (env[key] ? key : key.toUpperCase());
    const https = httpsValue === undefined ? undefined : ProxyEndpoint.parse(httpsValue, read(env, 'https_proxy') !== undefined ? name('https_proxy') : name('all_proxy'), provider);
    const http = httpValue === undefined ? undefined : ProxyEndpoint.parse(httpValue, read(env, 'http_proxy') !== undefined ? name('http_proxy') : name('all_proxy'), provider);
    return new ProxyRouter(https, http, noProxy, true);
  }

  /** Every proxy this router may use (for agents to create and destroy). */
  get proxies(): ProxyEndpoint[] {
    return [...new Set([this.#https, this.#http].filter((p): p is ProxyEndpoint => p !== undefined))];
  }

  /** The proxy for this URL, or undefined to connect directly. */
  route(url: string): ProxyEndpoint | undefined {
    const origin = ORIGIN.exec(url)?.[0] ?? url;
    let route = this.#routes.get(origin);
    if (route === undefined) {
      route = this.#decide(origin) ?? null;
      this.#routes.set(origin, route);
    }
    return route ?? undefined;
  }

  #decide(origin: string): ProxyEndpoint | undefined {
    let target: URL;
    try {
      target = new URL(origin);
    } catch {
      return undefined; // axios reports the bad URL
    }
    const proxy = target.protocol === 'https:' ? this.#https : target.protocol === 'http:' ? this.#http : undefined;
    if (!proxy) return undefined;
    if (this.#bypassLoopback && isLoopback(target.hostname)) return undefined;
    const port = target.port ? Number(target.port) : target.protocol === 'https:' ? 443 : 80;
    if (this.#noProxy?.(target.hostname, port)) return undefined;
    return proxy;
  }
}

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** A proxy variable, lower case first; an empty value counts as unset. */
function read(env: Env, lowerName: string): string | undefined {
  const value = env[lowerName] || env[lowerName.toUpperCase()];
  return value ? value.trim() || undefined : undefined;
}
