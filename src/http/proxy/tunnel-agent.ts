import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { ProxyEndpoint } from './proxy-endpoint.js';

/** The proxy refused or failed to open a tunnel; `statusCode` is its answer to CONNECT, when it gave one. */
export class ProxyTunnelError extends Error {
  constructor(
    message: string,
    readonly proxy: string,
    readonly target: string,
    readonly statusCode?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ProxyTunnelError';
  }
}

export interface TunnelAgentOptions extends https.AgentOptions {
  proxy: ProxyEndpoint;
  /** How long opening a tunnel (proxy connect and CONNECT answer) may take before it is abandoned. */
  connectTimeoutMs: number;
}

/**
 * An https agent whose sockets are TLS sessions inside HTTP CONNECT tunnels through one proxy: end-to-end TLS to
 * the target (the proxy sees only `host:port`), keep-alive pooling per target as any https.Agent (one tunnel
 * carries many requests), Proxy-Authorization sent on CONNECT only, never to the target.
 *
 * Node's Agent accepts a socket handed to createConnection's callback later, which is what lets the CONNECT
 * round trip happen inside the pool's normal socket creation.
 */
export class TunnelAgent extends https.Agent {
  readonly #proxy: ProxyEndpoint;
  readonly #connectTimeoutMs: number;

  constructor({ proxy, connectTimeoutMs, ...agentOptions }: TunnelAgentOptions) {
    super(agentOptions);
    this.#proxy = proxy;
    this.#connectTimeoutMs = connectTimeoutMs;
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    openTunnel(this.#proxy, options, this.#connectTimeoutMs).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

function openTunnel(proxy: ProxyEndpoint, options: https.RequestOptions, timeoutMs: number): Promise<tls.TLSSocket> {
  const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
  const port = Number(options.port ?? 443);
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const headers: http.OutgoingHttpHeaders = { host: target };
  if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
  return new Promise((resolve, reject) => {
    const connect = (proxy.protocol === 'https:' ? https : http).request({
      host: proxy.hostname,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
      setHost: false,
    });
    // A bound on the whole CONNECT exchange, not an idle timeout a slow proxy could keep resetting.
    const timer = setTimeout(() => {
      connect.destroy(new ProxyTunnelError(`the proxy ${proxy.display} did not open a tunnel to ${target} within ${timeoutMs} ms`, proxy.display, target, undefined, 'ETIMEDOUT'));
    }, timeoutMs);
    connect.once('close', () => clearTimeout(timer));
    connect.once('connect', (res, socket, head) => {
      clearTimeout(timer);
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new ProxyTunnelError(`the proxy ${proxy.display} answered CONNECT ${target} with ${res.statusCode} ${res.statusMessage ?? ''}`.trim(), proxy.display, target, res.statusCode));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      // Everything the pool would give a direct TLS connection (servername, ca, ALPN, session), over the tunnel.
      resolve(tls.connect({ ...options, host, port, socket, servername: options.servername ?? (isIpLiteral(host) ? undefined : host) } as tls.ConnectionOptions));
    });
    connect.once('error', (error: Error & { code?: string }) => {
      reject(
        error instanceof ProxyTunnelError
          ? error
          : new ProxyTunnelError(`could not reach the proxy ${proxy.display}: ${error.code ?? error.message}`, proxy.display, target, undefined, error.code),
      );
    });
    connect.end();
  });
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
