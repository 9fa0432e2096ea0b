import { tzOffset } from '@date-fns/tz';
import { ConfigurationError } from '../errors.js';
import { closestMatch } from '../suggest.js';
import { parseDuration, type Duration } from './duration.js';

/** What a breached rule reports: an alarm (the default) or a warning. */
export type Severity = 'alarm' | 'warn';

/** The rules, in the order findings list them. */
export const RULE_NAMES = ['maxAge', 'latestFailed', 'consecutiveDays', 'minRetentionDays', 'sizeDrop', 'available'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/**
 * Which rules to check, and how. A rule given as `true` takes its defaults; one left out (or `false`) is not checked.
 * `client.audit()` without rules checks all six with their defaults.
 *
 * | rule | breached when | default |
 * |---|---|---|
 * | `maxAge` | the newest successful backup finished longer ago than this, or there is none | `'26h'` |
 * | `latestFailed` | the newest attempt (success or failed, by start time) failed | on |
 * | `consecutiveDays` | one of the last N complete calendar days (in `timeZone`) has no successful backup | 7 days, `'UTC'` |
 * | `minRetentionDays` | the backup policy keeps backups fewer days than this, or automated backups are off | 7 |
 * | `sizeDrop` | the newest successful full backup is smaller than `fraction` x the previous one | 0.5 |
 * | `available` | the newest successful backup cannot be restored now (archived, expired) | on |
 *
 * Every rule also takes `severity: 'warn'` to report a breach as a warning instead of an alarm.
 */
export interface AuditRules {
  maxAge?: boolean | Duration | { age?: Duration; severity?: Severity };
  latestFailed?: boolean | { severity?: Severity };
  consecutiveDays?: boolean | number | { days?: number; timeZone?: string; severity?: Severity };
  minRetentionDays?: boolean | number | { days?: number; severity?: Severity };
  sizeDrop?: boolean | number | { fraction?: number; severity?: Severity };
  available?: boolean | { severity?: Severity };
}

/** The rules as checked: only those selected, every default filled in. */
export interface ResolvedRules {
  maxAge?: { ageMs: number; severity: Severity };
  latestFailed?: { severity: Severity };
  consecutiveDays?: { days: number; timeZone: string; severity: Severity };
  minRetentionDays?: { days: number; severity: Severity };
  sizeDrop?: { fraction: number; severity: Severity };
  available?: { severity: Severity };
}

export const RULE_DEFAULTS = {
  maxAge: '26h',
  consecutiveDays: 7,
  timeZone: 'UTC',
  minRetentionDays: 7,
  sizeDrop: 0.5,
  severity: 'alarm',
} as const;

/** Longest `consecutiveDays` accepted: the audit reads that many days of every instance. */
export const MAX_CONSECUTIVE_DAYS = 366;

/**
 * Validates the rules at the call and fills in the defaults. Every mistake is a ConfigurationError naming the field
 * (`rules.maxAge`, `rules.consecutiveDays.timeZone`...) and what it accepts; an unknown rule gets a "did you mean".
 */
export function resolveRules(input: AuditRules | undefined): ResolvedRules {
  if (input === undefined) return resolveRules({ maxAge: true, latestFailed: true, consecutiveDays: true, minRetentionDays: true, sizeDrop: true, available: true });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigurationError(`rules must be an object such as { maxAge: '26h', consecutiveDays: 7 }, or left out for every rule with its default.`, { field: 'rules' });
  }
  for (const key of Object.keys(input)) {
    if (!(RULE_NAMES as readonly string[]).includes(key)) {
      const hint = closestMatch(key, RULE_NAMES);
      throw new ConfigurationError(`rules: unknown rule "${key}".${hint ? ` Did you mean "${hint}"?` : ''} Rules: ${RULE_NAMES.join(', ')}.`, { field: `rules.${key}` });
    }
  }
  const out: ResolvedRules = {};
  const maxAge = options('maxAge', input.maxAge, ['age', 'severity'], { key: 'age', label: "a duration ('26h')", accepts: (v) => typeof v === 'number' || typeof v === 'string' });
  if (maxAge) out.maxAge = { ageMs: parseDuration(maxAge.age ?? RULE_DEFAULTS.maxAge, field('maxAge', maxAge, 'age')), severity: severity('maxAge', maxAge.severity) };
  const latestFailed = options('latestFailed', input.latestFailed, ['severity']);
  if (latestFailed) out.latestFailed = { severity: severity('latestFailed', latestFailed.severity) };
  const days = options('consecutiveDays', input.consecutiveDays, ['days', 'timeZone', 'severity'], { key: 'days', label: 'a number of days', accepts: isNumber });
  if (days) {
    out.consecutiveDays = {
      days: wholeNumber(days.days ?? RULE_DEFAULTS.consecutiveDays, field('consecutiveDays', days, 'days'), 1, MAX_CONSECUTIVE_DAYS),
      timeZone: timeZone(days.timeZone ?? RULE_DEFAULTS.timeZone, 'rules.consecutiveDays.timeZone'),
      severity: severity('consecutiveDays', days.severity),
    };
  }
  const retention = options('minRetentionDays', input.minRetentionDays, ['days', 'severity'], { key: 'days', label: 'a number of days', accepts: isNumber });
  if (retention) {
    out.minRetentionDays = {
      days: wholeNumber(retention.days ?? RULE_DEFAULTS.minRetentionDays, field('minRetentionDays', retention, 'days'), 1, 3660),
      severity: severity('minRetentionDays', retention.severity),
    };
  }
  const drop = options('sizeDrop', input.sizeDrop, ['fraction', 'severity'], { key: 'fraction', label: 'a fraction (0.5)', accepts: isNumber });
  if (drop) out.sizeDrop = { fraction: fraction(drop.fraction ?? RULE_DEFAULTS.sizeDrop, field('sizeDrop', drop, 'fraction')), severity: severity('sizeDrop', drop.severity) };
  const available = options('available', input.available, ['severity']);
  if (available) out.available = { severity: severity('available', available.severity) };
  if (Object.keys(out).length === 0) {
    throw new ConfigurationError(`rules selects no rule: name at least one (e.g. { maxAge: '26h' }), or leave rules out for every rule with its default.`, { field: 'rules' });
  }
  return out;
}

type RuleOptions = Record<string, unknown> & { shorthand?: true };

/** A rule's one-value form: `maxAge: '26h'` stands for `maxAge: { age: '26h' }`. */
interface Shorthand {
  key: string;
  /** How the form reads in an error message. */
  label: string;
  accepts: (value: unknown) => boolean;
}

const isNumber = (value: unknown) => typeof value === 'number';

/**
 * One rule's value as an options object: `true` -> {}, `false`/absent -> undefined, a shorthand value (a duration, a
 * number) -> `{ [key]: value }`, an object -> itself after checking its keys.
 */
function options(rule: RuleName, value: unknown, keys: readonly string[], shorthand?: Shorthand): RuleOptions | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  if (shorthand?.accepts(value)) return { [shorthand.key]: value, shorthand: true };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const forms = ['true', ...(shorthand ? [shorthand.label] : []), `{ ${keys.join(', ')} }`].join(', ');
    throw new ConfigurationError(`rules.${rule} must be one of: ${forms}; got ${JSON.stringify(value) ?? String(value)}.`, { field: `rules.${rule}` });
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      const hint = closestMatch(key, keys);
      throw new ConfigurationError(`rules.${rule}: unknown option "${key}".${hint ? ` Did you mean "${hint}"?` : ''} Options: ${keys.join(', ')}.`, { field: `rules.${rule}.${key}` });
    }
  }
  return value as RuleOptions;
}

/** `rules.maxAge` for a shorthand value, `rules.maxAge.age` for an option: the name the caller wrote. */
function field(rule: RuleName, given: RuleOptions, key: string): string {
  return given.shorthand ? `rules.${rule}` : `rules.${rule}.${key}`;
}

function severity(rule: RuleName, value: unknown): Severity {
  if (value === undefined) return RULE_DEFAULTS.severity;
  if (value === 'alarm' || value === 'warn') return value;
  throw new ConfigurationError(`rules.${rule}.severity must be 'alarm' or 'warn'; got ${JSON.stringify(value) ?? String(value)}.`, { field: `rules.${rule}.severity` });
}

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`${name} must be a whole number of days from ${min} to ${max}; got ${JSON.stringify(value) ?? String(value)}.`, { field: name });
  }
  return value;
}

function fraction(value: unknown, name: string): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new ConfigurationError(`${name} must be a fraction above 0 and at most 1 (0.5: alarm when a full backup is less than half the previous one); got ${JSON.stringify(value) ?? String(value)}.`, { field: name });
  }
  return value;
}

/** An IANA zone (`Asia/Shanghai`) or a UTC offset (`+08:00`), as `@date-fns/tz` reads them. */
export function timeZone(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '' || Number.isNaN(tzOffset(value, new Date(0)))) {
    throw new ConfigurationError(`${name} must be an IANA time zone such as 'UTC', 'Asia/Shanghai' or 'America/New_York', or an offset such as '+08:00'; got ${JSON.stringify(value) ?? String(value)}.`, { field: name });
  }
  return value;
}
