/**
 * Scrubs request secrets out of text that may end up in an error message, a log line or a URL we report.
 * The patterns cover every place our signers put a secret-derived value: RPC `Signature` and
 * `SecurityToken` query parameters, ACS3/APIG `Authorization` headers and the security-token headers.
 */
// Any parameter whose name mentions a signature, a security token or a secret: ours, and those in the
// pre-signed download URLs providers return (x-oss-signature, X-Amz-Signature, x-oss-security-token, ...).
const SECRET_QUERY_KEYS = /([?&][\w.-]*(?:signature|security[-_]?token|secret)[\w.-]*=)[^&#\s"']*/gi;
const AUTH_HEADER = /((?:authorization|x-acs-security-token|x-security-token)["']?\s*[:=]\s*["']?)[^"'\n,}]*(?:,\s*(?:SignedHeaders|Signature)=[^"'\n,}]*)*/gi;
const SIGNATURE_PAIR = /((?:^|[\s,])Signature=)[A-Za-z0-9+/=%]+/g;

/** What a scrubbed secret is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * The text with secret-looking values masked: query parameters named like a signature, security token or secret
 * (`Signature=`, `SecurityToken=`, `x-oss-signature=`, ...), `Authorization` and security-token headers.
 *
 * @example
 * ```ts
 * redact('GET /?Action=DescribeBackups&Signature=abc%3D'); // 'GET /?Action=DescribeBackups&Signature=[REDACTED]'
 * ```
 */
export function redact(text: string): string {
  return text
    .replace(SECRET_QUERY_KEYS, `$1${REDACTED}`)
    .replace(AUTH_HEADER, `$1${REDACTED}`)
    .replace(SIGNATURE_PAIR, `$1${REDACTED}`);
}

/** A URL safe to report: secret query parameter values masked in place, the rest exactly as sent. */
export function redactUrl(url: string): string {
  return redact(url);
}

/** Shorter values are not scrubbed by value: removing every `abc` from a message would garble it, not protect it. */
export const MIN_SCRUBBED_LENGTH = 6;
/** A cut-off tail shorter than this is left alone (it could be any text). */
const MIN_TRUNCATED_PREFIX = 4;

/**
 * A function removing these exact values from text, in every form a server may echo them: as sent, percent-encoded
 * (encodeURIComponent and strict RFC 3986, any hex case, doubly encoded), form-encoded, JSON-escaped (`\/` too), with
 * a `+` read back as a space; and a value cut short by an excerpt's ellipsis (`CAISx…`). Undefined when no value
 * is long enough to scrub. Built only when an error needs it: no cost on the success path.
 */
export function scrubberFor(secrets: readonly (string | undefined)[] | undefined): ((text: string) => string) | undefined {
  const forms = new Set<string>();
  for (const secret of secrets ?? []) {
    if (typeof secret !== 'string' || secret.length < MIN_SCRUBBED_LENGTH) continue;
    for (const form of encodedForms(secret)) forms.add(form);
  }
  if (forms.size === 0) return undefined;
  // Longest first, so an encoded form is removed whole before a shorter form inside it could match.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  const whole = new RegExp(sorted.map(escapeRegExp).join('|'), 'gi');
  return (text) => {
    if (typeof text !== 'string' || text.length === 0) return text;
    return removeTruncatedTails(text.replace(whole, REDACTED), sorted);
  };
}

function encodedForms(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const strict = uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, uri, strict, strict.replace(/%20/g, '+'), encodeURIComponent(uri), json, json.replace(/\//g, '\\/'), secret.replace(/\+/g, ' ')];
}

/** An excerpt that ends inside a secret (`...CAISabc… (900 chars)`) keeps a prefix the whole-value pass cannot see. */
function removeTruncatedTails(text: string, forms: readonly string[]): string {
  const cuts: [number, number][] = [];
  for (const match of text.matchAll(/…|\.\.\./g)) {
    const at = match.index;
    const length = longestPrefixEndingAt(text, at, forms);
    if (length >= MIN_TRUNCATED_PREFIX) cuts.push([at - length, at]);
  }
  let out = text;
  for (let i = cuts.length - 1; i >= 0; i--) out = `${out.slice(0, cuts[i]![0])}${REDACTED}${out.slice(cuts[i]![1])}`;
  return out;
}

/** The length of the longest proper prefix of any form that `text` has just before `end`. */
function longestPrefixEndingAt(text: string, end: number, forms: readonly string[]): number {
  let best = 0;
  for (const form of forms) {
    for (let k = Math.min(form.length - 1, end); k > best; k--) {
      if (text.startsWith(form.slice(0, k), end - k)) {
        best = k;
        break;
      }
    }
  }
  return best;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
