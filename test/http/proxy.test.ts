import { createServer, type Server } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, TransportError } from '../../src/errors.js';
import { Transport, type TransportOptions } from '../../src/http/transport.js';
import { startConnectProxy, type ConnectProxy } from './helpers/connect-proxy.js';
import { startRawServer, type RawServer } from './helpers/raw-server.js';
import { selfSignedCertificate } from './helpers/self-signed.js';

const TLS = selfSignedCertificate(['rds.example.test']);
const PASSWORD = 's3cret/pa@ss';
const BASIC = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;

describe('proxies', () => {
  let target: Server;
  let seenByTarget: { host?: string; path?: string; proxyAuthorization?: string }[] = [];
  let proxy: ConnectProxy;
  let authProxy: ConnectProxy;
  let plain: RawServer;
  const transports: Transport[] = [];

  beforeAll(async () => {
    target = createServer({ key: TLS.key, cert: TLS.cert }, (req, res) => {
      seenByTarget.push({ host: req.headers.host, path: req.url, proxyAuthorization: req.headers['proxy-authorization'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ via: 'tunnel', host: req.headers.host, path: req.url }));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const targetPort = (target.address() as AddressInfo).port;
    proxy = await startConnectProxy({ tunnelToPort: targetPort });
    authProxy = await startConnectProxy({ tunnelToPort: targetPort, requireAuthorization: BASIC });
    plain = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"via":"direct"}');
    });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const t of transports.splice(0)) t.close();
    seenByTarget = [];
    for (const p of [proxy, authProxy]) p.tunnels.length = p.forwarded.length = 0;
  });
  afterAll(async () => {
    await Promise.all([proxy.close(), authProxy.close(), plain.close(), new Promise((resolve) => target.close(resolve))]);
  });

  const make = (options: Partial<TransportOptions> = {}) => {
    const transport = new Transport({ provider: 'aliyun-rds', ca: TLS.cert, retry: { maxAttempts: 2, baseDelayMs: 0 }, ...options });
    transports.push(transport);
    return transport;
  };
  const get = (transport: Transport, url: string) => transport.send({ operation: 'Test', sign: () => ({ method: 'GET', url }) });

  it('tunnels an https target through CONNECT, with Proxy-Authorization to the proxy only, one tunnel kept alive', async () => {
    const transport = make({ proxy: `http://alice:${encodeURIComponent(PASSWORD)}@127.0.0.1:${authProxy.port}` });
    const first = await get(transport, 'https://rds.example.test/api?Action=DescribeBackups');
    const second = await get(transport, 'https://rds.example.test/api?Action=DescribeBackups&PageNumber=2');
    expect(first.body).toEqual({ via: 'tunnel', host: 'rds.example.test', path: '/api?Action=DescribeBackups' });
    expect(second.status).toBe(200);
    expect(authProxy.tunnels.map((t) => t.target)).toEqual(['rds.example.test:443']);
    expect(authProxy.tunnels[0]!.headers['proxy-authorization']).toBe(BASIC);
    expect(seenByTarget.map((s) => s.proxyAuthorization)).toEqual([undefined, undefined]);
  });

  it("verifies the target's certificate through the tunnel", async () => {
    const transport = new Transport({ provider: 'aliyun-rds', retry: false, proxy: proxy.url });
    transports.push(transport);
    const error = await get(transport, 'https://rds.example.test/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/SELF_SIGNED|self-signed/i);
    expect(seenByTarget).toHaveLength(0);
  });

  it('takes the proxy from HTTPS_PROXY by default', async () => {
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    vi.stubEnv('https_proxy', '');
    const res = await get(make(), 'https://rds.example.test/v3/backups');
    expect(res.body).toMatchObject({ via: 'tunnel', path: '/v3/backups' });
    expect(proxy.tunnels.map((t) => t.target)).toEqual(['rds.example.test:443']);
  });

  it('forwards an http target to the proxy with its absolute URI', async () => {
    const transport = make({ proxy: `http://alice:${encodeURIComponent(PASSWORD)}@127.0.0.1:${authProxy.port}` });
    const res = await get(transport, 'http://backups.example.test:8080/mysql?Action=DescribeBackups');
    expect(res.body).toEqual({ via: 'proxy', url: 'http://backups.example.test:8080/mysql?Action=DescribeBackups', host: 'backups.example.test:8080' });
    expect(authProxy.forwarded[0]!.headers['proxy-authorization']).toBe(BASIC);
  });

  it('never sends a loopback target through a proxy from the environment', async () => {
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('ALL_PROXY', proxy.url);
    const res = await get(make(), `${plain.url}/`);
    expect(res.body).toEqual({ via: 'direct' });
    expect(proxy.forwarded).toHaveLength(0);
  });

  it('ignores the environment with proxy: false', async () => {
    vi.stubEnv('HTTP_PROXY', 'http://127.0.0.1:9');
    const transport = make({ proxy: false });
    expect(inspect(transport)).not.toMatch(/proxies/);
    expect((await get(transport, `${plain.url}/`)).body).toEqual({ via: 'direct' });
  });

  it('reports a 407 as a configuration error, not retried, and never prints the credentials', async () => {
    const wrong = `http://alice:${encodeURIComponent('wrong-' + PASSWORD)}@127.0.0.1:${authProxy.port}`;
    for (const url of ['https://rds.example.test/api', 'http://backups.example.test/mysql']) {
      const transport = make({ proxy: wrong });
      const error = await get(transport, url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/407 Proxy Authentication Required/);
      expect((error as Error).message).toContain(`http://[REDACTED]@127.0.0.1:${authProxy.port}`);
      for (const text of [(error as Error).message, (error as Error).stack, JSON.stringify(error), inspect(error), inspect(transport), inspect(transport, { showHidden: true, depth: 5 })]) {
        expect(text).not.toContain('wrong-');
        expect(text).not.toContain(encodeURIComponent(PASSWORD));
        expect(text).not.toContain(Buffer.from(`alice:wrong-${PASSWORD}`).toString('base64'));
      }
    }
    expect(authProxy.tunnels).toHaveLength(1);
    expect(authProxy.forwarded).toHaveLength(1);
  });

  it('ends an attempt at its deadline while the proxy sits on the CONNECT', async () => {
    // Reads the CONNECT and never answers (resumed, so the client closing its side closes ours).
    const silent = createNetServer((socket) => socket.on('error', () => undefined).resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const transport = make({ proxy: `http://127.0.0.1:${port}`, timeoutMs: 150, retry: false });
    const started = performance.now();
    const error = await get(transport, 'https://rds.example.test/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1_000);
    await new Promise((resolve) => silent.close(resolve));
  });

  it('retries when the proxy cannot be reached, and names it', async () => {
    const closed = await startRawServer(() => undefined);
    const port = new URL(closed.url).port;
    await closed.close();
    let attempts = 0;
    const transport = make({ proxy: `http://bob:hunter2@127.0.0.1:${port}` });
    const error = await transport.send({ operation: 'Test', sign: () => (attempts++, { method: 'GET', url: 'https://rds.example.test/' }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'connection' });
    expect((error as Error).message).toMatch(new RegExp(`could not reach the proxy http://\\[REDACTED\\]@127.0.0.1:${port}: ECONNREFUSED`));
    expect(inspect(error)).not.toContain('hunter2');
    expect(attempts).toBe(2);
  });
});
