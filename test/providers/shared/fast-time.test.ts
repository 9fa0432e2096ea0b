import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAliyunTime } from '../../../src/providers/aliyun-common/time.js';
import { fastOffsetMinutes, fastUtcMs } from '../../../src/providers/shared/fast-time.js';
import { parseHuaweiTime } from '../../../src/providers/huawei-rds/time.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('fast timestamp paths', () => {
  it('agree with the full parsers and with the ISO instant for any real time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: -12 * 60, max: 14 * 60 }), (d, offsetMin) => {
        const t = Math.floor(d.getTime() / 1000) * 1000;
        const utc = new Date(t).toISOString().replace('.000Z', 'Z');
        expect(parseAliyunTime(utc)?.getTime()).toBe(t);
        expect(fastUtcMs(utc)).toBe(t);
        const offset = Math.round(offsetMin / 15) * 15;
        const local = new Date(t + offset * 60_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const huawei = `${local}${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
        expect(parseHuaweiTime(huawei)?.getTime()).toBe(t);
        // The slow path (a colon in the offset takes the regex) gives the same instant.
        expect(parseHuaweiTime(`${huawei.slice(0, 22)}:${huawei.slice(22)}`)?.getTime()).toBe(t);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('refuse what is not a real time instead of rolling it over', () => {
    for (const bad of ['2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:60:00Z', '2024-01-01X00:00:00Z']) {
      expect(fastUtcMs(bad), bad).toBeUndefined();
      expect(parseAliyunTime(bad), bad).toBeUndefined();
    }
    expect(fastUtcMs('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(fastOffsetMinutes('+0800', 0)).toBe(480);
    expect(fastOffsetMinutes('-0330', 0)).toBe(-210);
    expect(fastOffsetMinutes('+2400', 0)).toBeUndefined();
    expect(parseHuaweiTime('2018-08-06T12:43:14 0800')?.toISOString()).toBe('2018-08-06T04:43:14.000Z');
  });
});
