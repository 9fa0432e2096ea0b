import { describe, expect, it } from 'vitest';
import { formatAliyunMinute, parseAliyunTime } from '../../../src/providers/aliyun-common/time.js';

describe('parseAliyunTime', () => {
  it.each([
    ['2019-02-03T12:20:00Z', '2019-02-03T12:20:00.000Z'],
    ['2019-02-03T12:20Z', '2019-02-03T12:20:00.000Z'],
    ['2019-02-13T12:22:53Z', '2019-02-13T12:22:53.000Z'],
    ['2019-02-13T12:22:53.250Z', '2019-02-13T12:22:53.250Z'],
    ['2019-02-13T20:22:53+08:00', '2019-02-13T12:22:53.000Z'],
    ['2019-02-13T07:22:53-0500', '2019-02-13T12:22:53.000Z'],
    // no zone: the documents say UTC, so it is UTC whatever the host's zone
    ['2019-02-13T12:22:53', '2019-02-13T12:22:53.000Z'],
    [' 2024-02-29T00:00:00Z ', '2024-02-29T00:00:00.000Z'],
  ])('%s is %s', (input, iso) => {
    expect(parseAliyunTime(input)?.toISOString()).toBe(iso);
  });

  it.each(['', '2019-02-30T00:00:00Z', '2019-13-01T00:00:00Z', '2019-02-03 12:20:00', '1576506856', 'yesterday'])('rejects %j', (input) => {
    expect(parseAliyunTime(input)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    expect(parseAliyunTime(1576506856)).toBeUndefined();
    expect(parseAliyunTime(undefined)).toBeUndefined();
  });
});

describe('formatAliyunMinute', () => {
  it('formats in UTC at minute precision', () => {
    expect(formatAliyunMinute(new Date('2011-06-01T16:00:59.999Z'))).toBe('2011-06-01T16:00Z');
    expect(formatAliyunMinute(new Date(Date.UTC(2024, 0, 1, 0, 0)))).toBe('2024-01-01T00:00Z');
  });
});
