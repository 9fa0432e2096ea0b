import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { completeDaysBefore, dayIndexOf } from '../../src/audit/calendar.js';
import { formatDuration, parseDuration } from '../../src/audit/duration.js';
import { resolveRules } from '../../src/audit/rules.js';

const H = 3_600_000;
const D = 24 * H;

/** The ConfigurationError a call throws (fails the test when it does not throw one). */
function configError(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseDuration', () => {
  it('reads milliseconds and unit strings, compound ones included', () => {
    expect(parseDuration(5000, 'f')).toBe(5000);
    expect(parseDuration('26h', 'f')).toBe(26 * H);
    expect(parseDuration('7d', 'f')).toBe(7 * D);
    expect(parseDuration('90m', 'f')).toBe(90 * 60_000);
    expect(parseDuration('1h30m', 'f')).toBe(90 * 60_000);
    expect(parseDuration(' 1d 12h ', 'f')).toBe(36 * H);
    expect(parseDuration('1.5h', 'f')).toBe(90 * 60_000);
    expect(parseDuration('2w', 'f')).toBe(14 * D);
    expect(parseDuration('250ms', 'f')).toBe(250);
  });

  it('refuses what it would have to guess, naming the field and the accepted forms', () => {
    const bare = configError(() => parseDuration('26', 'rules.maxAge'));
    expect(bare.field).toBe('rules.maxAge');
    expect(bare.message).toContain("has no unit: write e.g. '26h'");
    expect(configError(() => parseDuration('26x', 'rules.maxAge')).message).toMatch(/"26x" is not a duration: expected .*'26h', '7d', '90m'/);
    expect(configError(() => parseDuration('', 'window')).message).toContain('empty');
    expect(configError(() => parseDuration(-1, 'window')).message).toContain('positive');
    expect(configError(() => parseDuration(Number.NaN, 'window')).field).toBe('window');
    expect(configError(() => parseDuration('-3h', 'window')).message).toContain('not a duration');
    expect(configError(() => parseDuration({}, 'window')).message).toContain('got an object');
    expect(configError(() => parseDuration('20y', 'window')).message).toContain('not a duration');
    expect(configError(() => parseDuration('4000d', 'window')).message).toContain('ten years');
  });

  it('formats for messages', () => {
    expect(formatDuration(26 * H)).toBe('1d2h');
    expect(formatDuration(90 * 60_000 + 5_000)).toBe('1h30m5s');
    expect(formatDuration(12)).toBe('12ms');
  });
});

describe('resolveRules', () => {
  it('checks all six rules with their defaults when none are given', () => {
    expect(resolveRules(undefined)).toEqual({
      maxAge: { ageMs: 26 * H, severity: 'alarm' },
      latestFailed: { severity: 'alarm' },
      consecutiveDays: { days: 7, timeZone: 'UTC', severity: 'alarm' },
      minRetentionDays: { days: 7, severity: 'alarm' },
      sizeDrop: { fraction: 0.5, severity: 'alarm' },
      available: { severity: 'alarm' },
    });
  });

  it('checks only the rules named: true for defaults, a shorthand value, or options', () => {
    expect(resolveRules({ maxAge: '2d', consecutiveDays: { days: 3, timeZone: 'Asia/Shanghai', severity: 'warn' }, latestFailed: true, sizeDrop: false })).toEqual({
      maxAge: { ageMs: 2 * D, severity: 'alarm' },
      latestFailed: { severity: 'alarm' },
      consecutiveDays: { days: 3, timeZone: 'Asia/Shanghai', severity: 'warn' },
    });
    expect(resolveRules({ minRetentionDays: 14, sizeDrop: 0.8, available: { severity: 'warn' } })).toEqual({
      minRetentionDays: { days: 14, severity: 'alarm' },
      sizeDrop: { fraction: 0.8, severity: 'alarm' },
      available: { severity: 'warn' },
    });
    expect(resolveRules({ maxAge: 3_600_000 })).toEqual({ maxAge: { ageMs: H, severity: 'alarm' } });
    expect(resolveRules({ consecutiveDays: { timeZone: '+08:00' } }).consecutiveDays).toEqual({ days: 7, timeZone: '+08:00', severity: 'alarm' });
  });

  it('names the field of every mistake', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ maxAg: '26h' }, 'rules.maxAg', /unknown rule "maxAg". Did you mean "maxAge"\?/],
      [{ maxAge: '26' }, 'rules.maxAge', /no unit/],
      [{ maxAge: { age: '1q' } }, 'rules.maxAge.age', /not a duration/],
      [{ maxAge: { ag: '1h' } }, 'rules.maxAge.ag', /unknown option "ag". Did you mean "age"\?/],
      [{ consecutiveDays: 0 }, 'rules.consecutiveDays', /whole number of days from 1 to 366/],
      [{ consecutiveDays: { days: 2.5 } }, 'rules.consecutiveDays.days', /whole number/],
      [{ consecutiveDays: { timeZone: 'Mars/Base' } }, 'rules.consecutiveDays.timeZone', /IANA time zone/],
      [{ minRetentionDays: '7' }, 'rules.minRetentionDays', /must be one of: true, a number of days, \{ days, severity \}/],
      [{ sizeDrop: 1.5 }, 'rules.sizeDrop', /fraction above 0 and at most 1/],
      [{ available: { severity: 'critical' } }, 'rules.available.severity', /'alarm' or 'warn'/],
      [{}, 'rules', /selects no rule/],
      [{ latestFailed: false }, 'rules', /selects no rule/],
      ['maxAge', 'rules', /must be an object/],
    ];
    for (const [input, field, message] of cases) {
      const error = configError(() => resolveRules(input as never));
      expect(error.field, JSON.stringify(input)).toBe(field);
      expect(error.message).toMatch(message);
    }
  });
});

describe('completeDaysBefore', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('gives the N complete days before today in the zone, oldest first', () => {
    expect(completeDaysBefore(now, 2, 'UTC')).toEqual([
      { date: '2026-03-08', start: new Date('2026-03-08T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z') },
      { date: '2026-03-09', start: new Date('2026-03-09T00:00:00Z'), end: new Date('2026-03-10T00:00:00Z') },
    ]);
    // 12:00Z is already 20:00 on the 10th in Shanghai, and the days start at 16:00Z the day before.
    expect(completeDaysBefore(now, 1, 'Asia/Shanghai')).toEqual([{ date: '2026-03-09', start: new Date('2026-03-08T16:00:00Z'), end: new Date('2026-03-09T16:00:00Z') }]);
    // Just after midnight in Shanghai (16:30Z), "today" is the 11th there.
    expect(completeDaysBefore(new Date('2026-03-10T16:30:00Z'), 1, 'Asia/Shanghai')[0]!.date).toBe('2026-03-10');
  });

  it('follows DST: the day clocks go forward in New York is 23 hours long', () => {
    const days = completeDaysBefore(now, 3, 'America/New_York');
    expect(days.map((d) => [d.date, (d.end.getTime() - d.start.getTime()) / H])).toEqual([
      ['2026-03-07', 24],
      ['2026-03-08', 23],
      ['2026-03-09', 24],
    ]);
    expect(days[0]!.start).toEqual(new Date('2026-03-07T05:00:00Z'));
    expect(days[2]!.end).toEqual(new Date('2026-03-10T04:00:00Z'));
  });

  it('finds the day holding an instant', () => {
    const days = completeDaysBefore(now, 7, 'UTC');
    expect(dayIndexOf(days, new Date('2026-03-03T00:00:00Z'))).toBe(0);
    expect(dayIndexOf(days, new Date('2026-03-09T23:59:59.999Z'))).toBe(6);
    expect(dayIndexOf(days, new Date('2026-03-10T00:00:00Z'))).toBe(-1);
    expect(dayIndexOf(days, new Date('2026-03-02T23:59:59Z'))).toBe(-1);
  });
});
