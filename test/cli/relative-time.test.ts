import { describe, expect, it } from 'vitest';
import { parseTimeArgument, TimeArgumentError } from '../../src/cli/relative-time.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const parse = (text: string) => parseTimeArgument(text, NOW).toISOString();

describe('parseTimeArgument', () => {
  it.each([
    ['30s', '2026-06-01T11:59:30.000Z'],
    ['30m', '2026-06-01T11:30:00.000Z'],
    ['12h', '2026-06-01T00:00:00.000Z'],
    ['7d', '2026-05-25T12:00:00.000Z'],
    ['2w', '2026-05-18T12:00:00.000Z'],
    ['0d', '2026-06-01T12:00:00.000Z'],
    ['400d', '2025-04-27T12:00:00.000Z'],
  ])('a relative span %s means that long before now', (text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  it.each([
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
    ['2026-05-01T08:00:00Z', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01T08:00Z', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01T16:00:00+08:00', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01T16:00+0800', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01T03:30:00-04:30', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01 08:00:00z', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01T08:00:00.123456Z', '2026-05-01T08:00:00.123Z'],
    ['2026-05-01T00:30:00+01:00', '2026-04-30T23:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['0050-01-01', '0050-01-01T00:00:00.000Z'],
  ])('an ISO value %s is the instant it names, whatever the host zone', (text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  it('a zone-less date-time is refused with the fix (the host zone is never guessed)', () => {
    expect(() => parse('2026-05-01T08:00')).toThrow(TimeArgumentError);
    expect(() => parse('2026-05-01T08:00:00')).toThrow('add Z for UTC or an offset, e.g. 2026-05-01T08:00:00Z or 2026-05-01T08:00:00+08:00');
  });

  it.each(['yesterday', '7', 'd7', '7 days', '7D', '-7d', '1.5h', '2026-5-1', '2026-02-30', '2023-02-29', '2026-13-01', '2026-05-01T24:00:00Z', '2026-05-01T10:60Z', '2026-05-01T10:00+25:00', '', '99999999999999d'])(
    '%j is rejected with a message',
    (text) => {
      expect(() => parse(text)).toThrow(TimeArgumentError);
    },
  );
});
