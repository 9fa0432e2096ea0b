import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHuaweiTime, parseHuaweiTime } from '../../../src/providers/huawei-rds/time.js';

const iso = (value: string) => parseHuaweiTime(value)?.toISOString();

describe('parseHuaweiTime', () => {
  it('reads +0800 (no colon), +08:00, +08, Z and negative offsets to the right instant', () => {
    expect(iso('2018-08-06T12:43:14+0800')).toBe('2018-08-06T04:43:14.000Z');
    expect(iso('2018-08-06T12:43:14+08:00')).toBe('2018-08-06T04:43:14.000Z');
    expect(iso('2018-08-06T12:43:14+08')).toBe('2018-08-06T04:43:14.000Z');
    expect(iso('2019-08-05T08:00:02+0000')).toBe('2019-08-05T08:00:02.000Z');
    expect(iso('2024-03-03T01:00:00Z')).toBe('2024-03-03T01:00:00.000Z');
    expect(iso('2024-03-04T12:00:00-0530')).toBe('2024-03-04T17:30:00.000Z');
    expect(iso('2024-03-04T12:00:00.5+0100')).toBe('2024-03-04T11:00:00.500Z');
  });

  it('reads the "+" lost to a blank as a positive offset', () => {
    expect(iso('2018-08-06T12:43:14 0800')).toBe('2018-08-06T04:43:14.000Z');
    expect(iso('2018-08-06T12:43:14 08:00')).toBe('2018-08-06T04:43:14.000Z');
  });

  it("reads the API document's PostgreSQL sample with blanks around every separator", () => {
    expect(iso('2018 - 08 - 06 T12: 41: 14 + 0800')).toBe('2018-08-06T04:41:14.000Z');
  });

  it('crosses day, month and year boundaries through the offset', () => {
    expect(iso('2024-01-01T07:59:59+0800')).toBe('2023-12-31T23:59:59.000Z');
    expect(iso('2024-03-01T00:30:00+0100')).toBe('2024-02-29T23:30:00.000Z');
  });

  it('rejects times without a zone, impossible dates and junk instead of guessing', () => {
    for (const bad of [
      '2018-08-06T12:43:14',
      '2018-08-06 12:43:14',
      '2018-02-30T00:00:00+0800',
      '2019-02-29T00:00:00Z',
      '2018-13-01T00:00:00Z',
      '2018-08-06T24:00:00Z',
      '2018-08-06T12:60:00Z',
      '2018-08-06T12:43:14+2400',
      '2018-08-06T12:43:140800',
      'not a time',
      '',
    ]) {
      expect(parseHuaweiTime(bad), bad).toBeUndefined();
    }
    expect(parseHuaweiTime(undefined)).toBeUndefined();
    expect(parseHuaweiTime(null)).toBeUndefined();
    expect(parseHuaweiTime(1533530594000)).toBeUndefined();
  });

  it('accepts 29 February in leap years only', () => {
    expect(iso('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('2000-02-29T00:00:00Z')).toBe('2000-02-29T00:00:00.000Z');
    expect(parseHuaweiTime('1900-02-29T00:00:00Z')).toBeUndefined();
  });
});

describe('formatHuaweiTime', () => {
  it('writes UTC with a numeric offset and seconds precision', () => {
    expect(formatHuaweiTime(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03-01T00:00:00+0000');
    expect(formatHuaweiTime(new Date('2024-02-29T23:59:59.999Z'))).toBe('2024-02-29T23:59:59+0000');
    expect(formatHuaweiTime(new Date('0999-01-02T03:04:05Z'))).toBe('0999-01-02T03:04:05+0000');
  });

  it('refuses an invalid Date', () => {
    expect(() => formatHuaweiTime(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('round-trips through parseHuaweiTime to the same second, whatever the host time zone', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const second = Math.floor(date.getTime() / 1000) * 1000;
        expect(parseHuaweiTime(formatHuaweiTime(date))?.getTime()).toBe(second);
      }),
      { seed: 20240301, numRuns: 500 },
    );
  });

  it('agrees with an offset rendering of the same instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (seconds, offsetMinutes) => {
          const instant = new Date(seconds * 1000);
          const local = new Date(instant.getTime() + offsetMinutes * 60_000);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
          const text = `${formatHuaweiTime(local).slice(0, 19)}${offset}`;
          expect(parseHuaweiTime(text)?.getTime()).toBe(instant.getTime());
        },
      ),
      { seed: 4242, numRuns: 500 },
    );
  });
});
