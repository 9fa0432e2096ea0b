import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transport } from '../../src/http/transport.js';

/**
 * What goes on the wire for each kind of request the providers send, byte for byte in the header names and values:
 * the transport's HTTP client must keep sending exactly this however it is driven (issue 19 changed how axios is
 * called, not what it sends).
 */
interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  body: string;
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url?.startsWith('/gzip')) {
        const body = gzipSync(JSON.stringify({ ok: 'compressed' }));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
        res.end(body);
        return;
      }
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' });
      res.end(JSON.stringify({ RequestId: 'r-1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Header pairs as sent (names with their case), Host aside (it names the ephemeral port). */
function pairs(s: Seen): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < s.rawHeaders.length; i += 2) if (s.rawHeaders[i]!.toLowerCase() !== 'host') out.push([s.rawHeaders[i]!, s.rawHeaders[i + 1]!]);
  return out;
}

describe('the transport on the wire', () => {
  it('sends an Aliyun-style POST with an empty body: the signed headers as given, and the same defaults every time', async () => {
    const transport = new Transport({ provider: 'aliyun-rds', retry: false });
    try {
      const sign = () => ({
        method: 'POST' as const,
        url: `${base}/?Action=DescribeBackups&PageNumber=1`,
        headers: { 'x-acs-action': 'DescribeBackups', 'x-acs-date': '2026-11-29T00:00:00Z', Authorization: 'ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host,Signature=s', accept: 'application/json' },
        body: '',
      });
      const response = await transport.send({ operation: 'DescribeBackups', sign });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ RequestId: 'r-1' });
      expect(response.headers['x-request-id']).toBe('r-1');
      const request = seen.at(-1)!;
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/?Action=DescribeBackups&PageNumber=1');
      expect(request.body).toBe('');
      expect(pairs(request)).toEqual([
        ['Accept', 'application/json'],
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['user-agent', 'cloud-backups'],
        ['x-acs-action', 'DescribeBackups'],
        ['x-acs-date', '2026-11-29T00:00:00Z'],
        ['Authorization', 'ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host,Signature=s'],
        ['Accept-Encoding', 'gzip, compress, deflate, br'],
        ['Connection', 'keep-alive'],
        ['Content-Length', '0'],
      ]);
    } finally {
      transport.close();
    }
  });

  it('sends a Huawei-style GET: no body, no Content-Type or Content-Length added', async () => {
    const transport = new Transport({ provider: 'huawei-rds', retry: false, userAgent: 'agent/1' });
    try {
      const sign = () => ({
        method: 'GET' as const,
        url: `${base}/v3/p1/backups?instance_id=i1&limit=100&offset=0`,
        headers: { 'content-type': 'application/json', 'X-Sdk-Date': '20261129T000000Z', Authorization: 'SDK-HMAC-SHA256 Access=k, SignedHeaders=host, Signature=s' },
      });
      await transport.send({ operation: 'ListBackups', sign });
      const request = seen.at(-1)!;
      expect(request.method).toBe('GET');
      expect(request.url).toBe('/v3/p1/backups?instance_id=i1&limit=100&offset=0');
      expect(pairs(request)).toEqual([
        ['Accept', 'application/json, text/plain, */*'],
        ['Content-Type', 'application/json'],
        ['user-agent', 'agent/1'],
        ['X-Sdk-Date', '20261129T000000Z'],
        ['Authorization', 'SDK-HMAC-SHA256 Access=k, SignedHeaders=host, Signature=s'],
        ['Accept-Encoding', 'gzip, compress, deflate, br'],
        ['Connection', 'keep-alive'],
      ]);
    } finally {
      transport.close();
    }
  });

  it('sends a signed body byte for byte: no request transform runs, even one added to axios\'s global defaults', async () => {
    // The body of an ACS3 request is covered by its signature (x-acs-content-sha256): a transform that changed it
    // would make the service refuse the request. Application code may add transforms to the shared axios defaults.
    const axios = (await import('axios')).default;
    const original = axios.defaults.transformRequest;
    const shouting = (data: unknown) => (typeof data === 'string' ? data.toUpperCase() : data);
    axios.defaults.transformRequest = [shouting, ...(Array.isArray(original) ? original : original ? [original] : [])];
    const transport = new Transport({ provider: 'aliyun-rds', retry: false });
    try {
      await transport.send({ operation: 'DescribeBackups', sign: () => ({ method: 'POST', url: `${base}/?Action=DescribeBackups`, headers: { accept: 'application/json' }, body: 'a=b&c=d' }) });
      const request = seen.at(-1)!;
      expect(request.body).toBe('a=b&c=d');
      expect(pairs(request)).toContainEqual(['Content-Length', '7']);
    } finally {
      axios.defaults.transformRequest = original;
      transport.close();
    }
  });

  it('decompresses a gzip answer and hands an error status back unthrown', async () => {
    const transport = new Transport({ provider: 'capitalonline-mysql', retry: false });
    try {
      const gz = await transport.send({ operation: 'DescribeBackups', sign: () => ({ method: 'GET', url: `${base}/gzip?a=1` }) });
      expect(gz.body).toEqual({ ok: 'compressed' });
      const missing = await transport.send({ operation: 'DescribeBackups', sign: () => ({ method: 'GET', url: `${base}/missing` }) });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ RequestId: 'r-1' });
    } finally {
      transport.close();
    }
  });
});
