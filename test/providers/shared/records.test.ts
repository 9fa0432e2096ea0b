import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ResponseValidationError } from '../../../src/errors.js';
import { mapRecords } from '../../../src/providers/shared/records.js';

const origin = { provider: 'aliyun-rds' as const, account: 'default', region: 'cn-hangzhou', instanceId: 'rm-1' };

describe.each([
  // Compiled to a check: zod parses only the records it rejects.
  ['a schema with a compiled check', z.object({ Id: z.string().regex(/\S/), Size: z.number().nullish() }).loose()],
  // A refinement is left to zod: every record is parsed by zod.
  ['a schema left to zod', z.object({ Id: z.string().regex(/\S/), Size: z.number().nullish() }).loose().refine(() => true)],
])('mapRecords with %s', (_name, schema) => {
  it('maps the valid records as received and reports each invalid or unmappable one on its own, in order', () => {
    const records: unknown[] = [
      { Id: 'a', Size: 1, Extra: 'kept' },
      { Id: ' ', Size: 2 },
      { Id: 'b', Size: 'big' },
      { Id: 'c' },
      { Id: 'boom' },
      'not a record',
    ];
    const { items, failures } = mapRecords({
      origin,
      records,
      schema: schema as z.ZodType<{ Id: string; Size?: number | null }>,
      map: (record) => {
        if (record.Id === 'boom') throw new Error('cannot map this one');
        return { id: record.Id, raw: record };
      },
      idField: 'Id',
    });
    expect(items.map((i) => i.id)).toEqual(['a', 'c']);
    expect(items[0]!.raw).toBe(records[0]);
    // A blank id is no id to name the record by.
    expect(failures.map((f) => f.recordId)).toEqual([undefined, 'b', 'boom', undefined]);
    for (const f of failures) {
      expect(f.error).toBeInstanceOf(ResponseValidationError);
      expect(f).toMatchObject({ provider: 'aliyun-rds', account: 'default', region: 'cn-hangzhou', instanceId: 'rm-1' });
    }
    expect(failures[0]!.error.message).toMatch(/failed validation \(Id:/);
    expect(failures[1]!.error.message).toMatch(/failed validation \(Size:/);
    expect(failures[2]!.error.message).toMatch(/could not be mapped: cannot map this one/);
    expect(failures[3]!.error.message).toMatch(/failed validation/);
  });
});
