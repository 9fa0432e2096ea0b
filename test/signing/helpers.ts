/** Test-only helpers: a loopback HTTP server that records requests, and shared tricky values. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Runs `fn` with a server on 127.0.0.1 that answers every request with `responseBody` (JSON) and
 * records what it received. The server is closed afterwards.
 */
export async function withCaptureServer<T>(
  responseBody: string,
  fn: (host: string, captured: CapturedRequest[]) => Promise<T>,
): Promise<T> {
  const captured: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.setHeader('content-type', 'application/json');
      res.setHeader('connection', 'close');
      res.end(responseBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await fn(`127.0.0.1:${port}`, captured);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Values that exercise every encoding rule the signers must get right. */
export const TRICKY_VALUES: Readonly<Record<string, string>> = {
  space: 'a b',
  star: 'x*y',
  tilde: 'ti~de',
  plus: '1+1',
  slash: 'a/b',
  colon: '12:34',
  subDelims: "!'()",
  chinese: '中文备份',
  mixed: "rm-ab c*~+/:!'()中=&%\"",
};

/** Splits an encoded `k=v&...` query into decoded pairs without treating `+` as a space. */
export function decodeQuery(query: string): Array<[string, string]> {
  if (query === '') return [];
  return query.split('&').map((part) => {
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? '' : part.slice(i + 1);
    return [decodeURIComponent(k), decodeURIComponent(v)];
  });
}
