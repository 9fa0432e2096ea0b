import { createHmac, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderApiError, ResponseValidationError, TransportError, type CloudBackupsError } from '../../src/errors.js';
import { Transport, type HttpRequest, type HttpResponse, type RetryEvent } from '../../src/http/transport.js';
import { redact, scrubberFor } from '../../src/redact.js';
import { startRawServer, type RawServer } from './helpers/raw-server.js';

// Shaped like the real ones: an STS token (CAIS..., base64 with + / =) and a secret with URL-special characters.
const TOKEN = `CAIS${'q9+Zx/Wk3Lm='.repeat(30)}Tail`;
const KEY_SECRET = 'kS3cr3t/Value+Abc==';

/** A signer that computes a fresh signature per attempt and reports it, with the key secret and token, as secrets. */
function signer(base: string, path: string, signed: string[]) {
  return (): HttpRequest => {
    const nonce = randomUUID();
    const signature = createHmac('sha256', KEY_SECRET).update(nonce).digest('base64');
    signed.push(signature);
    // Parameter names the pattern-based redaction does not know: only scrubbing by value can catch these.
    const query = `Nonce=${nonce}&tok=${encodeURIComponent(TOKEN)}&sig=${encodeURIComponent(signature)}`;
    return { method: 'GET', url: `${base}${path}?${query}`, secrets: [KEY_SECRET, TOKEN, signature] };
  };
}

/** Every way the secrets could show, whole or in part. */
function leaks(text: string, signed: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of [KEY_SECRET, TOKEN, ...signed]) {
    const forms = [secret, encodeURIComponent(secret), encodeURIComponent(secret).toLowerCase(), JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'), secret.slice(0, 12)];
    for (const form of forms) if (text.includes(form)) found.push(form);
  }
  return found;
}

function everyRendering(error: unknown): string {
  const e = error as CloudBackupsError & { url?: string; bodyExcerpt?: string };
  let causes = '';
  for (let c: unknown = e.cause; c instanceof Error; c = c.cause) causes += `${c.message}\n${c.stack ?? ''}\n`;
  return [e.message, e.stack, JSON.stringify(e), inspect(e, { depth: 10 }), String(e.url), String(e.bodyExcerpt), causes].join('\n');
}

function interpret(res: HttpResponse): CloudBackupsError | undefined {
  if (res.status < 400) return undefined;
  const body = res.body as { Message?: string };
  return new ProviderApiError(`aliyun-rds: the server said: ${body.Message ?? res.text}`, {
    provider: 'aliyun-rds',
    httpStatus: res.status,
    url: res.url,
    retryable: res.status >= 500,
    cause: new Error(`upstream answered ${res.text}`),
  });
}

describe('secrets scrubbed by value', () => {
  let server: RawServer;
  beforeAll(async () => {
    server = await startRawServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const tok = url.searchParams.get('tok') ?? '';
      const sig = url.searchParams.get('sig') ?? '';
      switch (url.pathname) {
        case '/echo':
          // Echoes the token raw, JSON-escaped and percent-encoded, and the signature as received.
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(
            `{"Code":"InvalidSecurityToken","Message":"token ${tok} rejected for tok=${encodeURIComponent(tok)} sig=${sig} key=${KEY_SECRET}",` +
              `"Echo":{"SecurityToken":"${tok.replace(/\//g, '\\/')}"}}`,
          );
          return;
        case '/malformed':
          // A 200 that is not JSON, with the token straddling the 300-character excerpt cut.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`{"Padding":"${'p'.repeat(250)}","SecurityToken":"${tok}`);
          return;
        case '/ok':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ SecurityToken: tok }));
          return;
        default:
          return; // never answers
      }
    });
  });
  afterAll(() => server.close());

  it('removes the secret, the token and every signature from an API error, its cause, url, JSON and inspect output', async () => {
    const signed: string[] = [];
    const retried: RetryEvent[] = [];
    const transport = new Transport({ provider: 'aliyun-rds', retry: { maxAttempts: 2, baseDelayMs: 0 } });
    const error = await transport.send({ operation: 'Test', sign: signer(server.url, '/echo', signed), interpret }, undefined, (e) => retried.push(e)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(signed).toHaveLength(2);
    expect((error as Error).message).toContain('[REDACTED]');
    expect(leaks(everyRendering(error), signed)).toEqual([]);
    expect(retried).toHaveLength(1);
    expect(leaks(everyRendering(retried[0]!.error), signed)).toEqual([]);
    transport.close();
  });

  it('removes them from a validation error whose excerpt cuts the token in the middle', async () => {
    const signed: string[] = [];
    const transport = new Transport({ provider: 'aliyun-rds', retry: false });
    const error = await transport.send({ operation: 'Test', sign: signer(server.url, '/malformed', signed) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const excerpt = (error as ResponseValidationError).bodyExcerpt;
    expect(excerpt).toMatch(/"SecurityToken":"\[REDACTED\]… \(\d+ chars\)$/);
    expect(leaks(everyRendering(error), signed)).toEqual([]);
    transport.close();
  });

  it('removes them from a timeout that names the URL', async () => {
    const signed: string[] = [];
    const transport = new Transport({ provider: 'aliyun-rds', timeoutMs: 50, retry: false });
    const error = await transport.send({ operation: 'Test', sign: signer(server.url, '/silent', signed) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).url).toContain('tok=[REDACTED]');
    expect(leaks(everyRendering(error), signed)).toEqual([]);
    transport.close();
  });

  it("gives the response a scrubber for errors made from it later (a body that fails the schema)", async () => {
    const signed: string[] = [];
    const transport = new Transport({ provider: 'aliyun-rds' });
    const response = await transport.send({ operation: 'Test', sign: signer(server.url, '/ok', signed) });
    const later = new ResponseValidationError(`not the envelope: ${response.text}`, { provider: 'aliyun-rds', body: response.text, url: response.url });
    expect(leaks(everyRendering(later), signed)).not.toEqual([]);
    expect(response.scrubError?.(later)).toBe(later);
    expect(leaks(everyRendering(later), signed)).toEqual([]);
    transport.close();
  });

  it('scrubberFor: every encoded form, any hex case, and nothing shorter than 6 characters', () => {
    const scrub = scrubberFor([TOKEN, 'abc', undefined as unknown as string])!;
    const lower = encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    const text = [TOKEN, encodeURIComponent(TOKEN), lower, encodeURIComponent(encodeURIComponent(TOKEN)), TOKEN.replace(/\+/g, ' '), TOKEN.replace(/\//g, '\\/'), 'abc'].join(' | ');
    expect(scrub(text)).toBe(['[REDACTED]', '[REDACTED]', '[REDACTED]', '[REDACTED]', '[REDACTED]', '[REDACTED]', 'abc'].join(' | '));
    expect(scrubberFor(['short'])).toBeUndefined();
    expect(scrubberFor(undefined)).toBeUndefined();
    // The pattern-based line stays: a Signature parameter is masked even with no value known.
    expect(redact('https://h/?Signature=abc%2Bdef&x=1')).toBe('https://h/?Signature=[REDACTED]&x=1');
  });
});
