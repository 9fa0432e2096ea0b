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

export const REDACTED = '[REDACTED]';

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
