import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/cli/format/human-size.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [10 * 1024, '10.0 KiB'],
    [100 * 1024, '100 KiB'],
    [1024 * 1024 - 1, '1.00 MiB'],
    [5 * 1024 ** 2 + 256 * 1024, '5.25 MiB'],
    [206067712, '197 MiB'],
    [3 * 1024 ** 3, '3.00 GiB'],
    [11341065550604, '10.3 TiB'],
    [2 * 1024 ** 5, '2.00 PiB'],
  ])('%d bytes -> %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it.each([undefined, -1, Number.NaN, Number.POSITIVE_INFINITY])('%s is shown as unknown', (bytes) => {
    expect(formatBytes(bytes)).toBe('-');
  });
});
