import { ConfigurationError } from '../errors.js';

/** A length of time: milliseconds, or a string such as `'26h'`, `'7d'`, `'90m'`, `'1h30m'`. */
export type Duration = number | string;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gy;
const EXAMPLES = "milliseconds (a number) or a string such as '26h', '7d', '90m' or '1h30m' (units ms, s, m, h, d, w)";

/** Ten years: longer is surely a mistake (and past what any of these services keeps). */
export const MAX_DURATION_MS = 10 * 366 * 86_400_000;

/**
 * Reads a duration given as milliseconds or as a string of number-unit parts. Throws a ConfigurationError naming
 * `field` and saying what would be accepted: a bare number in a string (`'26'`: hours? days?) is refused rather
 * than guessed.
 */
export function parseDuration(value: unknown, field: string): number {
  let ms: number;
  if (typeof value === 'number') {
    ms = value;
  } else if (typeof value === 'string') {
    ms = parseText(value.trim().toLowerCase(), value, field);
  } else {
    throw new ConfigurationError(`${field} must be a duration: ${EXAMPLES}; got ${describe(value)}.`, { field });
  }
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ConfigurationError(`${field} must be a positive duration: ${EXAMPLES}; got ${describe(value)}.`, { field });
  }
  if (ms > MAX_DURATION_MS) {
    throw new ConfigurationError(`${field} is longer than ten years (${describe(value)}); give ${EXAMPLES}.`, { field });
  }
  return Math.round(ms);
}

function parseText(text: string, original: string, field: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) {
    throw new ConfigurationError(`${field} ${JSON.stringify(original)} has no unit: write e.g. '${text}h' or '${text}ms' (${EXAMPLES}).`, { field });
  }
  let total = 0;
  let at = 0;
  PART.lastIndex = 0;
  while (at < text.length) {
    PART.lastIndex = at;
    const match = PART.exec(text);
    if (!match) {
      throw new ConfigurationError(`${field} ${JSON.stringify(original)} is not a duration: expected ${EXAMPLES}.`, { field });
    }
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    at = PART.lastIndex;
    while (text[at] === ' ') at++;
  }
  if (at === 0) throw new ConfigurationError(`${field} is an empty string: expected ${EXAMPLES}.`, { field });
  return total;
}

/** `90m` -> "1h30m", for messages: the largest units first, zero parts left out. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}
