import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyRecord {
  /** CONNECT: `host:port`; forward: the absolute URI of the request line. */
  target: string;
  headers: IncomingHttpHeaders;
}

export interface ConnectProxy {
  url: string;
  port: number;
  /** CONNECT requests seen, in order. */
  tunnels: ProxyRecord[];
  /** Absolute-URI (forwarded) requests seen, in order. */
  forwarded: ProxyRecord[];
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Every tunnel is connected to this local port, whatever host it names (so no name is ever resolved). */
  tunnelToPort: number;
  /** When set, CONNECT and forwarded requests without exactly this Proxy-Authorization get a 407. */
  requireAuthorization?: string;
}

/**
 * A recording forward proxy on loopback: CONNECT tunnels to a local server, and absolute-URI requests answered
 * by the proxy itself with JSON describing what it received.
 */
export async function startConnectProxy(options: ConnectProxyOptions): Promise<ConnectProxy> {
  const tunnels: ProxyRecord[] = [];
  const forwarded: ProxyRecord[] = [];
  const sockets = new Set<Socket>();
  const authorized = (headers: IncomingHttpHeaders) => !options.requireAuthorization || headers['proxy-authorization'] === options.requireAuthorization;
  const server = createServer((req, res) => {
    forwarded.push({ target: req.url ?? '', headers: req.headers });
    if (!authorized(req.headers)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ via: 'proxy', url: req.url, host: req.headers.host }));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', headers: req.headers });
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!authorized(req.headers)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(options.tunnelToPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
