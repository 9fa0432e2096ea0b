import { describe, expect, it } from 'vitest';
import { idLike, numberLike, oneOrMany, wrappedList } from '../../../src/providers/aliyun-common/schema-helpers.js';
import { z } from 'zod';

describe('wrappedList', () => {
  const schema = z.object({ Items: wrappedList('Backup') });
  it.each([
    [{ Items: { Backup: [{ id: 1 }, { id: 2 }] } }, [{ id: 1 }, { id: 2 }]],
    [{ Items: { Backup: { id: '1' } } }, [{ id: '1' }]],
    [{ Items: '' }, []],
    [{ Items: {} }, []],
    [{ Items: { Backup: [] } }, []],
  ])('%j', (input, records) => {
    expect(schema.parse(input).Items).toEqual(records);
  });

  it('rejects a wrapper that is neither a list container nor empty', () => {
    expect(schema.safeParse({ Items: 42 }).success).toBe(false);
  });

  // A 200 without the container (a gateway stub, a login page) is not an empty page: never list it as "no backups".
  it.each([[{}], [{ RequestId: 'x' }], [{ Items: { Foo: [] } }], [{ Items: null }]])('rejects %j: the list container is missing', (input) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['Items']);
  });
});

describe('lenient scalars', () => {
  it('accept numbers and strings and keep them as received', () => {
    expect(numberLike.parse('2167808')).toBe('2167808');
    expect(numberLike.parse(2167808)).toBe(2167808);
    expect(idLike.parse(321020562)).toBe(321020562);
    expect(idLike.safeParse(null).success).toBe(false);
    expect(oneOrMany(z.object({ a: z.string() })).parse('')).toBe('');
  });
});
