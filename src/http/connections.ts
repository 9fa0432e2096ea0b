import http from 'node:http';
import https from 'node:https';
import { inspect } from 'node:util';
import type { ProviderName } from '../model.js';
import { ProxyRouter, type ProxyOption } from './proxy/proxy-router.js';
import type { ProxyEndpoint } from './proxy/proxy-endpoint.js';
import { TunnelAgent } from './proxy/tunnel-agent.js';

export interface ConnectionsOptions {
  provider: ProviderName;
  maxSockets: number;
  proxy: ProxyOption;
  /** Trusted CAs for TLS (replacing Node's defaults, as Node's `ca` does); default Node's. */
  ca?: string | Buffer | ReadonlyArray<string | Buffer> | undefined;
  /** Bounds opening a CONNECT tunnel. */
  connectTimeoutMs: number;
  env?: Readonly<Record<string, string | undefined>>;
}

/** How one request reaches its target: the per-request pieces of axios config, empty when direct. */
export interface Route {
  /** A tunnelling agent for an https target behind a proxy. */
  httpsAgent?: https.Agent;
  /** axios's forward-proxy mode for an http target behind a proxy (absolute-URI request line). */
  proxy?: { protocol: string; host: string; port: number };
  /** Proxy-Authorization for the forward-proxy mode; sent to the proxy only. */
  proxyAuthorization?: string;
  /** The proxy used, for messages. */
  via?: ProxyEndpoint;
}

const DIRECT: Route = Object.freeze({});

/**
 * Keep-alive pools. keepAliveMsecs is the TCP keep-alive probe delay axios sets on every request's socket (60 s):
 * with the agent's own default (1 s) the two alternate and every request pays a setsockopt system call (about 4%
 * of the client's CPU per request in a profile); with the same value Node skips the call.
 */
const POOL = { keepAlive: true, keepAliveMsecs: 60_000 } as const;

/**
 * The keep-alive pools of one transport: a direct http and https agent, and one tunnelling agent per proxy,
 * created on first use and destroyed with the transport.
 */
export class Connections {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  readonly #router: ProxyRouter | undefined;
  readonly #tunnels = new Map<ProxyEndpoint, TunnelAgent>();
  readonly #agentOptions: https.AgentOptions;
  readonly #connectTimeoutMs: number;

  constructor(options: ConnectionsOptions) {
    this.#agentOptions = { ...POOL, maxSockets: options.maxSockets, ...(options.ca ? { ca: options.ca as string | Buffer | Array<string | Buffer> } : {}) };
    this.httpAgent = new http.Agent({ ...POOL, maxSockets: options.maxSockets });
    this.httpsAgent = new https.Agent(this.#agentOptions);
    this.#router = ProxyRouter.create(options.provider, options.proxy, options.env);
    this.#connectTimeoutMs = options.connectTimeoutMs;
  }

  /** The route for a URL: direct (the instance's default agents) unless a proxy applies. */
  route(url: string): Route {
    const proxy = this.#router?.route(url);
    if (!proxy) return DIRECT;
    if (url.startsWith('https:')) return { httpsAgent: this.#tunnel(proxy), via: proxy };
    return {
      proxy: { protocol: proxy.protocol.slice(0, -1), host: proxy.hostname, port: proxy.port },
      ...(proxy.authorization ? { proxyAuthorization: proxy.authorization } : {}),
      via: proxy,
    };
  }

  /** The proxies this transport may use, masked: for diagnostics. */
  get proxies(): string[] {
    return this.#router?.proxies.map((p) => p.display) ?? [];
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    for (const agent of this.#tunnels.values()) agent.destroy();
    this.#tunnels.clear();
  }

  #tunnel(proxy: ProxyEndpoint): TunnelAgent {
    let agent = this.#tunnels.get(proxy);
    if (!agent) {
      agent = new TunnelAgent({ ...this.#agentOptions, proxy, connectTimeoutMs: this.#connectTimeoutMs });
      this.#tunnels.set(proxy, agent);
    }
    return agent;
  }

  [inspect.custom](): string {
    return `Connections { proxies: ${inspect(this.proxies)} }`;
  }
}
