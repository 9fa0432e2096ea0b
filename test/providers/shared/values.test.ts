import { describe, expect, it } from 'vitest';
import { asArray, isRecord, nonEmpty, scalarText, toNumber } from '../../../src/providers/shared/values.js';

describe('asArray', () => {
  it('turns the XML and JSON list shapes into arrays', () => {
    expect(asArray(undefined)).toEqual([]);
    expect(asArray(null)).toEqual([]);
    expect(asArray('')).toEqual([]);
    expect(asArray({ a: '1' })).toEqual([{ a: '1' }]);
    expect(asArray([{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

describe('loose scalar readings', () => {
  it('isRecord accepts plain objects only', () => {
    expect([{}, { a: 1 }].map(isRecord)).toEqual([true, true]);
    expect([null, undefined, [], 'x', 1].map(isRecord)).toEqual([false, false, false, false, false]);
  });

  it('scalarText trims strings and stringifies finite numbers; blanks and the rest are absent', () => {
    expect(scalarText(' 9 ')).toBe('9');
    expect(scalarText(12345)).toBe('12345');
    expect([scalarText('  '), scalarText(Number.NaN), scalarText(Infinity), scalarText(null), scalarText({})]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('toNumber reads numbers sent as strings and refuses what is not one', () => {
    expect([toNumber(3), toNumber('2167808'), toNumber(' 1.5 ')]).toEqual([3, 2167808, 1.5]);
    expect([toNumber(''), toNumber('12kb'), toNumber(Number.NaN), toNumber(null), toNumber(true)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('nonEmpty keeps values as sent and drops blanks', () => {
    expect([nonEmpty(' a '), nonEmpty(0), nonEmpty('')].map((v) => v)).toEqual([' a ', '0', undefined]);
    expect([nonEmpty('  '), nonEmpty(null), nonEmpty(undefined)]).toEqual([undefined, undefined, undefined]);
  });
});
