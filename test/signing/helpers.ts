/** Test-only helpers: a loopback server that records what an official SDK sends, and shared tricky values. */
import type { IncomingHttpHeaders } from 'node:http';
import { startRawServer } from '../helpers/raw-server.js';

export interface CapturedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Runs `fn` with the raw server on 127.0.0.1 answering every request with `responseBody` (JSON), and hands it what
 * it received. The server is closed afterwards.
 */
export async function withCaptureServer<T>(responseBody: string, fn: (host: string, captured: CapturedRequest[]) => Promise<T>): Promise<T> {
  const captured: CapturedRequest[] = [];
  const server = await startRawServer((r) => {
    captured.push({ method: r.method, url: r.rawQuery ? `${r.path}?${r.rawQuery}` : r.path, headers: r.headers, body: r.body });
    return { status: 200, headers: { 'content-type': 'application/json', connection: 'close' }, body: responseBody };
  });
  try {
    return await fn(new URL(server.url).host, captured);
  } finally {
    await server.close();
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
