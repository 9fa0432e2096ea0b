import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';
import { DEFAULT_CAPITALONLINE_TIME_ZONE, parseCapitalOnlineTime, resolveTimeZone } from '../../../src/providers/capitalonline-mysql/time.js';

const iso = (d: Date | undefined) => d?.toISOString();

describe('parseCapitalOnlineTime', () => {
  it('reads a zone-less time as wall-clock time in the given zone', () => {
    expect(iso(parseCapitalOnlineTime('2020-06-18 04:10:13', 'Asia/Shanghai'))).toBe('2020-06-17T20:10:13.000Z');
    expect(iso(parseCapitalOnlineTime('2020-06-18 04:10:13', 'UTC'))).toBe('2020-06-18T04:10:13.000Z');
    expect(iso(parseCapitalOnlineTime('2020-06-18 04:10:13', 'America/New_York'))).toBe('2020-06-18T08:10:13.000Z');
    expect(iso(parseCapitalOnlineTime('2020-01-18 04:10:13', 'America/New_York'))).toBe('2020-01-18T09:10:13.000Z');
    expect(iso(parseCapitalOnlineTime('2020-06-18 04:10:13', '+05:30'))).toBe('2020-06-17T22:40:13.000Z');
  });

  it('crosses day, month and year boundaries in the zone, not the host', () => {
    expect(iso(parseCapitalOnlineTime('2024-01-01 07:59:59', 'Asia/Shanghai'))).toBe('2023-12-31T23:59:59.000Z');
    expect(iso(parseCapitalOnlineTime('2024-03-01 00:00:00', 'Asia/Shanghai'))).toBe('2024-02-29T16:00:00.000Z');
  });

  it('honours an explicit offset or Z over the zone, and keeps milliseconds', () => {
    expect(iso(parseCapitalOnlineTime('2020-06-18T04:10:13Z', 'Asia/Shanghai'))).toBe('2020-06-18T04:10:13.000Z');
    expect(iso(parseCapitalOnlineTime('2020-06-18 04:10:13+0900', 'Asia/Shanghai'))).toBe('2020-06-17T19:10:13.000Z');
    expect(iso(parseCapitalOnlineTime('2020-06-18 04:10:13-05:00', 'UTC'))).toBe('2020-06-18T09:10:13.000Z');
    expect(iso(parseCapitalOnlineTime('2020-06-18 04:10:13.25', 'UTC'))).toBe('2020-06-18T04:10:13.250Z');
    expect(iso(parseCapitalOnlineTime('  2020-06-18 04:10:13 ', 'UTC'))).toBe('2020-06-18T04:10:13.000Z');
  });

  it.each([
    '',
    '2020-06-18',
    '2020/06/18 04:10:13',
    '2020-02-30 00:00:00',
    '2021-02-29 00:00:00',
    '2020-13-01 00:00:00',
    '2020-06-18 24:00:00',
    '2020-06-18 23:60:00',
    '2020-06-18 04:10:13+25:00',
    '1592453413',
  ])('returns undefined for %j', (value) => {
    expect(parseCapitalOnlineTime(value, 'Asia/Shanghai')).toBeUndefined();
  });

  it('resolves each time on a DST-change day on its own (the per-day offset cache must not leak across the change)', () => {
    const ny = (t: string) => iso(parseCapitalOnlineTime(t, 'America/New_York'));
    expect(ny('2021-03-13 12:00:00')).toBe('2021-03-13T17:00:00.000Z');
    expect(ny('2021-03-14 01:59:59')).toBe('2021-03-14T06:59:59.000Z');
    expect(ny('2021-03-14 03:00:00')).toBe('2021-03-14T07:00:00.000Z');
    expect(ny('2021-03-14 12:00:00')).toBe('2021-03-14T16:00:00.000Z');
    expect(ny('2021-03-15 12:00:00')).toBe('2021-03-15T16:00:00.000Z');
    expect(ny('2021-11-07 00:30:00')).toBe('2021-11-07T04:30:00.000Z');
    expect(ny('2021-11-07 03:00:00')).toBe('2021-11-07T08:00:00.000Z');
    expect(ny('2021-11-07 23:59:59')).toBe('2021-11-08T04:59:59.000Z');
    // Asking again (now cached) gives the same instants.
    expect(ny('2021-03-13 12:00:00')).toBe('2021-03-13T17:00:00.000Z');
    expect(ny('2021-03-14 01:59:59')).toBe('2021-03-14T06:59:59.000Z');
  });

  it('keeps zones apart in the cache', () => {
    expect(iso(parseCapitalOnlineTime('2022-07-01 00:00:00', 'Asia/Shanghai'))).toBe('2022-06-30T16:00:00.000Z');
    expect(iso(parseCapitalOnlineTime('2022-07-01 00:00:00', 'Europe/London'))).toBe('2022-06-30T23:00:00.000Z');
    expect(iso(parseCapitalOnlineTime('2022-07-01 00:00:00', 'UTC'))).toBe('2022-07-01T00:00:00.000Z');
  });

  it('accepts 29 February in a leap year', () => {
    expect(iso(parseCapitalOnlineTime('2024-02-29 12:00:00', 'UTC'))).toBe('2024-02-29T12:00:00.000Z');
  });
});

describe('resolveTimeZone', () => {
  it('defaults to Asia/Shanghai', () => {
    expect(resolveTimeZone(undefined)).toBe('Asia/Shanghai');
    expect(DEFAULT_CAPITALONLINE_TIME_ZONE).toBe('Asia/Shanghai');
  });

  it('accepts IANA names (canonicalised) and fixed offsets', () => {
    expect(resolveTimeZone('UTC')).toBe('UTC');
    expect(resolveTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(resolveTimeZone('America/New_York')).toBe('America/New_York');
    expect(resolveTimeZone('+08:00')).toBe('+08:00');
    expect(resolveTimeZone('-03:30')).toBe('-03:30');
  });

  it.each(['Mars/Olympus', '', '  ', '+8', '+15:00', '+08:60', 8])('rejects %j with a ConfigurationError naming the option', (value) => {
    let thrown: unknown;
    try {
      resolveTimeZone(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).field).toBe('timeZone');
    expect((thrown as Error).message).toMatch(/timeZone .* is not a time zone\. Give an IANA name such as "Asia\/Shanghai"/);
  });
});
