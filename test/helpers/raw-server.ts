import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one hand-written HTTP double, for what the emulator cannot say: a socket reset at a chosen moment, a body
 * made by hand, an answer that depends on a request's parameters (slow only for long time windows), bytes
 * trickled one at a time. It signs nothing and verifies nothing: whatever is checked about a signature is
 * checked by the emulator or by the official SDKs, never by re-running the library's own signer.
 */

/** What the server saw of one request. */
export interface RawRequest {
  method: string;
  /** Path as received, still percent-encoded. */
  path: string;
  /** The query exactly as it came over the wire (after `?`), undecoded. */
  rawQuery: string;
  /** Decoded pairs; `+` stays a `+` (a literal plus on the wire would be our bug, and shows up here). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (content type application/json unless given). */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Send the headers, then the body one byte every `trickleMs`. */
  trickleMs?: number;
}

export type RawHandler = (request: RawRequest) => RawAnswer | Promise<RawAnswer>;

export interface RawServer {
  url: string;
  requests: RawRequest[];
  /** Replaces the handler (and forgets the requests seen so far). */
  handle(handler: RawHandler): void;
  close(): Promise<void>;
}

export function decodePairs(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of rawQuery.split('&').filter(Boolean)) {
    const eq = part.indexOf('=');
    out[decodeURIComponent(eq < 0 ? part : part.slice(0, eq))] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
  }
  return out;
}

/** A JSON answer (200 unless told). */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): RawAnswer => ({ status, body, headers: { 'content-type': 'application/json;charset=utf-8', ...headers } });

export async function startRawServer(handler: RawHandler = () => ({ status: 404, body: { message: 'no handler' } })): Promise<RawServer> {
  let current = handler;
  const requests: RawRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const rawQuery = q < 0 ? '' : url.slice(q + 1);
      const recorded: RawRequest = {
        method: req.method ?? 'GET',
        path: q < 0 ? url : url.slice(0, q),
        rawQuery,
        query: decodePairs(rawQuery),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      void (async () => {
        const answer = await current(recorded);
        if (answer.delayMs) await wait(answer.delayMs);
        if (answer.reset) return void req.socket.destroy();
        if (res.destroyed) return;
        const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
        res.writeHead(answer.status ?? 200, { 'content-type': type, ...answer.headers });
        if (!answer.trickleMs) return void res.end(text);
        for (const byte of Buffer.from(text)) {
          if (res.destroyed) return;
          res.write(Buffer.of(byte));
          await wait(answer.trickleMs);
        }
        res.end();
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
