import { InvalidArgumentError } from 'commander';
import { ConfigurationError, parseDuration } from '../index.js';
import { TIME_ARGUMENT_HELP, TimeArgumentError, parseTimeArgument } from './relative-time.js';
import { UsageError } from './exit-codes.js';
import { didYouMean } from './suggest.js';

/**
 * Value parsers for commander options: each turns one argument into a value or throws an `InvalidArgumentError`
 * whose message says what was expected (commander prefixes it with the option).
 */

/** Splits `a,b` and appends to what earlier occurrences of the flag gave: lists are repeatable and comma-separated. */
export function commaList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

/** A repeatable, comma-separated list whose every value must be one of `allowed`; duplicates are dropped. */
export function enumList<T extends string>(what: string, allowed: readonly T[]): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => {
    const out = [...(previous ?? [])];
    for (const item of commaList(value, undefined)) {
      const match = allowed.find((a) => a === item);
      if (!match) throw new InvalidArgumentError(`"${item}" is not ${what}.${didYouMean(item, allowed)} Allowed values: ${allowed.join(', ')}.`);
      if (!out.includes(match)) out.push(match);
    }
    if (out.length === 0) throw new InvalidArgumentError(`Expected ${what}: one or more of ${allowed.join(', ')}.`);
    return out;
  };
}

/** `--since 7d`, `--until 2026-05-01`: parsed against `now()`. */
export function timeArgument(now: () => Date): (value: string) => Date {
  return (value) => {
    try {
      return parseTimeArgument(value, now());
    } catch (error) {
      if (error instanceof TimeArgumentError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/** `--anchor-time now` or any `--since` form. */
/** A period given by --since and --until must start before it ends; `note` adds what the period means. */
export function checkPeriod(since: Date | undefined, until: Date | undefined, note = ''): void {
  if (since && until && since.getTime() >= until.getTime()) {
    throw new UsageError(`--since (${since.toISOString()}) must be earlier than --until (${until.toISOString()})${note}.`);
  }
}

export function anchorArgument(now: () => Date): (value: string) => Date {
  const time = timeArgument(now);
  return (value) => (value.trim().toLowerCase() === 'now' ? now() : time(value));
}

export const ANCHOR_ARGUMENT_HELP = `"now" (the default) or ${TIME_ARGUMENT_HELP}`;

export function positiveInteger(value: string): number {
  const n = nonNegativeInteger(value);
  if (n === 0) throw new InvalidArgumentError('Expected an integer of 1 or more.');
  return n;
}

export function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a whole number.');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('The number is too large.');
  return n;
}

export function rate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('Expected a number from 0 to 1, e.g. 0.2.');
  return n;
}

/** `--lock-timeout 2m`: a duration as the library reads them (`30s`, `2m`, `1h30m`), in ms. */
export function durationArgument(flag: string): (value: string) => number {
  return (value) => {
    try {
      return parseDuration(value, flag);
    } catch (error) {
      if (error instanceof ConfigurationError) throw new InvalidArgumentError(error.message.replace(`${flag} `, ''));
      throw error;
    }
  };
}
