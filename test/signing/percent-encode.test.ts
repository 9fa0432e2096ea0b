import { describe, it, expect } from 'vitest';
import { buildCanonicalQuery, compareCodePoints, percentEncode, toParamPairs } from '../../src/signing/index.js';

describe('percentEncode', () => {
  it('leaves exactly the RFC 3986 unreserved set literal', () => {
    const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
    expect(percentEncode(unreserved)).toBe(unreserved);
    for (let c = 0; c < 0x80; c++) {
      const ch = String.fromCharCode(c);
      if (unreserved.includes(ch)) continue;
      expect(percentEncode(ch)).toBe(`%${c.toString(16).toUpperCase().padStart(2, '0')}`);
    }
  });

  it.each([
    [' ', '%20'],
    ['*', '%2A'],
    ['~', '~'],
    ['+', '%2B'],
    ['/', '%2F'],
    [':', '%3A'],
    ['=', '%3D'],
    ['&', '%26'],
    ['%', '%25'],
    ["!'()", '%21%27%28%29'],
    ['中', '%E4%B8%AD'],
    ['é', '%C3%A9'],
    ['😀', '%F0%9F%98%80'],
    ['', ''],
  ])('encodes %j as %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('matches a test-local encodeURIComponent recipe on mixed input', () => {
    const input = "Key=v a*l~u+e/x:y!'()中é😀&%";
    const reference = encodeURIComponent(input).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    expect(percentEncode(input)).toBe(reference);
  });

  it('rejects a lone surrogate instead of silently replacing it', () => {
    expect(() => percentEncode('a\uD800b')).toThrow(URIError);
    expect(() => percentEncode('\uDC00')).toThrow(URIError);
  });
});

describe('compareCodePoints', () => {
  it('is case-sensitive ASCII order', () => {
    expect(['InstanceUuid', 'IP', 'InstanceName', 'action'].sort(compareCodePoints)).toEqual([
      'IP',
      'InstanceName',
      'InstanceUuid',
      'action',
    ]);
  });

  it('orders characters above U+FFFF after U+E000..U+FFFF (unlike UTF-16 order)', () => {
    const astral = '😀'; // U+1F600
    const bmpHigh = '\uFF01'; // U+FF01
    expect([astral, bmpHigh].sort()).toEqual([astral, bmpHigh]); // code-unit order
    expect([astral, bmpHigh].sort(compareCodePoints)).toEqual([bmpHigh, astral]);
    expect(Buffer.compare(Buffer.from(bmpHigh), Buffer.from(astral))).toBe(-1); // UTF-8 byte order agrees
  });
});

describe('toParamPairs / buildCanonicalQuery', () => {
  it('drops undefined and empty values and stringifies numbers and booleans', () => {
    expect(toParamPairs({ A: undefined, B: '', C: 0, D: false, E: true, F: 1.5 })).toEqual([
      ['C', '0'],
      ['D', 'false'],
      ['E', 'true'],
      ['F', '1.5'],
    ]);
  });

  it('rejects empty keys and non-finite numbers', () => {
    expect(() => toParamPairs({ '': 'x' })).toThrow(TypeError);
    expect(() => toParamPairs({ N: Number.NaN })).toThrow(TypeError);
    expect(() => toParamPairs({ N: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  });

  it('sorts by raw key and encodes keys and values', () => {
    expect(
      buildCanonicalQuery([
        ['b', 'x y'],
        ['a b', '1'],
        ['B', '*'],
        ['a', '~'],
      ]),
    ).toBe('B=%2A&a=~&a%20b=1&b=x%20y');
  });

  it('keeps the given order for repeated keys (stable sort)', () => {
    expect(
      buildCanonicalQuery([
        ['k', '2'],
        ['j', 'x'],
        ['k', '1'],
      ]),
    ).toBe('j=x&k=2&k=1');
  });
});
