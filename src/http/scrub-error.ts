/**
 * Removes secrets from an error in place, wherever the error keeps text: message, stack, every own string field
 * (url, bodyExcerpt, code, ...), arrays and plain objects in its fields (validation issues), and the cause chain.
 * `toJSON()` and `util.inspect` are built from those, so they come out clean too.
 *
 * In place, not copied: the error's class, identity and fields stay what callers match on. Fields declared
 * readonly are plain data properties at run time; Reflect.set leaves alone any that an owner froze.
 */
export function scrubError<E extends Error>(error: E, scrub: (text: string) => string): E {
  scrubInPlace(error, scrub, new Set());
  return error;
}

const MAX_DEPTH = 4;

function scrubInPlace(error: Error, scrub: (text: string) => string, seen: Set<object>): void {
  if (seen.has(error)) return;
  seen.add(error);
  Reflect.set(error, 'message', scrub(error.message));
  if (typeof error.stack === 'string') Reflect.set(error, 'stack', scrub(error.stack));
  for (const key of Object.keys(error)) {
    const value: unknown = Reflect.get(error, key);
    const clean = scrubValue(value, scrub, seen, 0);
    if (clean !== value) Reflect.set(error, key, clean);
  }
  const cause: unknown = error.cause;
  if (cause instanceof Error) scrubInPlace(cause, scrub, seen);
  else if (typeof cause === 'string') Reflect.set(error, 'cause', scrub(cause));
}

function scrubValue(value: unknown, scrub: (text: string) => string, seen: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
  if (value instanceof Error) {
    scrubInPlace(value, scrub, seen);
    return value;
  }
  if (seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item: unknown) => scrubValue(item, scrub, seen, depth + 1));
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, scrub, seen, depth + 1);
  return out;
}
