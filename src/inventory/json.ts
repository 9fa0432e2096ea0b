/**
 * JSON text for a jsonb parameter. PostgreSQL rejects the NUL character in text and jsonb alike; a provider
 * string carrying one must not fail a whole batch, so NULs become U+FFFD (only when present: the check is a
 * substring search, the rewrite is rare).
 */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  if (!text.includes('\\u0000')) return text;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v));
}
