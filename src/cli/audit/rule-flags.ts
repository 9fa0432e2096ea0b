import { InvalidArgumentError, type Command } from 'commander';
import { RULE_DEFAULTS, RULE_NAMES, type AuditRules, type RuleName } from '../../index.js';
import { durationArgument, enumList, positiveInteger } from '../arguments.js';
import { UsageError } from '../exit-codes.js';

/** Each audit rule's flag (the library's rule name in kebab case, `min-retention` for `minRetentionDays`). */
export const RULE_FLAGS: Readonly<Record<RuleName, string>> = {
  maxAge: 'max-age',
  latestFailed: 'latest-failed',
  consecutiveDays: 'consecutive-days',
  minRetentionDays: 'min-retention',
  sizeDrop: 'size-drop',
  available: 'available',
};

const FLAG_NAMES = RULE_NAMES.map((r) => RULE_FLAGS[r]);

/** The rule a flag name stands for. */
export function ruleOfFlag(flag: string): RuleName | undefined {
  return RULE_NAMES.find((r) => RULE_FLAGS[r] === flag);
}

/** `--max-age 26h`: a duration the library reads (`26h`, `90m`, `1d12h`), checked when the flag is parsed. */
function duration(flag: string): (value: string) => string {
  const parse = durationArgument(flag);
  return (value) => {
    parse(value);
    return value;
  };
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError('Expected a fraction above 0 and at most 1, e.g. 0.5.');
  return n;
}

/** The rule flags of `audit` and `exporter`; returns how to read the rules back from the parsed options. */
export function addRuleOptions(command: Command): (opts: Record<string, unknown>) => AuditRules {
  command
    .option(`--${RULE_FLAGS.maxAge} <duration>`, `alarm when the newest successful backup finished longer ago than this, or there is none (e.g. 26h, 90m, 1d12h; default ${RULE_DEFAULTS.maxAge})`, duration(`--${RULE_FLAGS.maxAge}`))
    .option(`--${RULE_FLAGS.latestFailed}`, 'alarm when the newest backup attempt (success or failed) failed')
    .option(`--${RULE_FLAGS.consecutiveDays} <n>`, `alarm when one of the last n complete calendar days has no successful backup (default ${RULE_DEFAULTS.consecutiveDays})`, positiveInteger)
    .option('--calendar-zone <zone>', `the time zone of those calendar days: an IANA zone or an offset such as +08:00 (default ${RULE_DEFAULTS.timeZone})`)
    .option(`--${RULE_FLAGS.minRetentionDays} <days>`, `alarm when the backup policy keeps backups fewer days, or automated backups are off (default ${RULE_DEFAULTS.minRetentionDays})`, positiveInteger)
    .option(`--${RULE_FLAGS.sizeDrop} <fraction>`, `alarm when the newest successful full backup is smaller than this share of the previous one (default ${RULE_DEFAULTS.sizeDrop})`, fraction)
    .option(`--${RULE_FLAGS.available}`, 'alarm when the newest successful backup cannot be restored now (archived, expired)')
    .option('--warn <rules>', `report breaches of these rules as warnings instead of alarms; comma-separated: ${FLAG_NAMES.join(', ')}`, enumList('a rule', FLAG_NAMES));
  return (opts) => rulesFromOptions(opts);
}

/** The commander attribute of a rule flag (`max-age` -> `maxAge`). */
function attribute(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The rules the flags select: each rule flag given, or every rule with its default when none is; `--warn` makes
 * breaches of the rules it names warnings, `--calendar-zone` sets the zone of `--consecutive-days`.
 */
export function rulesFromOptions(opts: Record<string, unknown>): AuditRules {
  const given = RULE_NAMES.filter((r) => opts[attribute(RULE_FLAGS[r])] !== undefined);
  const selected = given.length > 0 ? given : [...RULE_NAMES];
  const warn = ((opts.warn as string[] | undefined) ?? []).map((flag) => ruleOfFlag(flag)!);
  const unchecked = warn.filter((r) => !selected.includes(r));
  if (unchecked.length > 0) {
    throw new UsageError(`--warn ${unchecked.map((r) => RULE_FLAGS[r]).join(',')}: ${unchecked.length === 1 ? 'that rule is' : 'those rules are'} not checked; add ${unchecked.map((r) => `--${RULE_FLAGS[r]}`).join(' ')}, or drop it from --warn.`);
  }
  const zone = opts.calendarZone as string | undefined;
  if (zone !== undefined && !selected.includes('consecutiveDays')) {
    throw new UsageError(`--calendar-zone sets the zone of --${RULE_FLAGS.consecutiveDays}, which is not checked: add --${RULE_FLAGS.consecutiveDays} <n>, or drop --calendar-zone.`);
  }
  const rules: Record<string, unknown> = {};
  for (const rule of selected) {
    const value = opts[attribute(RULE_FLAGS[rule])];
    const options: Record<string, unknown> = {};
    if (typeof value === 'string' || typeof value === 'number') options[valueKey(rule)] = value;
    if (rule === 'consecutiveDays' && zone !== undefined) options.timeZone = zone;
    if (warn.includes(rule)) options.severity = 'warn';
    rules[rule] = Object.keys(options).length === 0 ? true : options;
  }
  return rules as AuditRules;
}

/** The option a rule's one value sets in the library's rules (`maxAge: { age }`, `sizeDrop: { fraction }`). */
function valueKey(rule: RuleName): string {
  switch (rule) {
    case 'maxAge':
      return 'age';
    case 'sizeDrop':
      return 'fraction';
    default:
      return 'days';
  }
}
