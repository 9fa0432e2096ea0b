/** Test-only helpers for the CapitalOnline MySQL suites: fixtures and an independent signature check. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function loadFixture(name: string): Record<string, unknown> {
  const url = new URL(`../../../fixtures/capitalonline-mysql/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

/** The `Data` array of a fixture. */
export function fixtureRecords(name: string): unknown[] {
  const data = loadFixture(name).Data;
  if (!Array.isArray(data)) throw new Error(`${name} has no Data array`);
  return data;
}

/**
 * RFC 3986 as CapitalOnline's reference `percentEncode` does it (quote(s, '') then `+`/`*`/`%7E` fixed up):
 * written here from encodeURIComponent, independently of src/signing.
 */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decodes a raw query string into pairs, without URLSearchParams' `+` means space rule. */
export function decodeQuery(search: string): [string, string][] {
  const q = search.startsWith('?') ? search.slice(1) : search;
  if (q === '') return [];
  return q.split('&').map((part) => {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    return [decodeURIComponent(k), decodeURIComponent(v)];
  });
}

/**
 * CapitalOnline's documented `get_signature`, re-derived: sort by raw key, `enc(k)=enc(v)` joined by `&`,
 * string to sign `METHOD&%2F&` + enc(canonical), HMAC-SHA1 keyed with the bare secret, base64.
 */
export function referenceSignature(params: Readonly<Record<string, string>>, secret: string, method: 'GET' | 'POST' = 'GET'): string {
  const keys = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = keys.map((k) => `${rfc3986(k)}=${rfc3986(params[k]!)}`).join('&');
  const stringToSign = `${method}&%2F&${rfc3986(canonical)}`;
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(stringToSign, 'utf8').digest('base64');
}
