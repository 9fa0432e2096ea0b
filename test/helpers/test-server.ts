import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server saw of one request. */
export interface RecordedRequest {
  method: string;
  url: URL;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  receivedAt: number;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering (for timeouts). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
}

export type Handler = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface TestServer {
  url: string;
  /** host:port, for signers that take a Host. */
  host: string;
  requests: RecordedRequest[];
  /** Replace the handler between tests. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** A scripted HTTP server on 127.0.0.1 that records every request: for transport and adapter tests. */
export async function startTestServer(handler: Handler = () => ({ status: 404, body: { message: 'no handler' } })): Promise<TestServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams.entries()),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      requests.push(recorded);
      Promise.resolve(current(recorded))
        .then(async (out) => {
          if (out.delayMs) await new Promise((r) => setTimeout(r, out.delayMs));
          if (out.reset) {
            req.socket.destroy();
            return;
          }
          if (res.destroyed) return;
          const isText = typeof out.body === 'string';
          const payload = out.body === undefined ? '' : isText ? (out.body as string) : JSON.stringify(out.body);
          res.writeHead(out.status ?? 200, {
            'content-type': isText ? 'text/plain' : 'application/json',
            ...(out.headers ?? {}),
          });
          res.end(payload);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
