import type { HttpResponse } from '../../src/http/transport.js';

/** An answered 200 response carrying `body` (already parsed), as the transport hands it to a provider. */
export function responseOf(body: unknown, url = 'http://127.0.0.1/'): HttpResponse {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
  return { status: 200, headers: { 'content-type': 'application/json' }, text, body, url };
}
