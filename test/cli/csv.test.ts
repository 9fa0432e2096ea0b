import { describe, expect, it } from 'vitest';
import { createCsvWriter, csvField, csvRow } from '../../src/cli/format/csv.js';
import type { TextSink } from '../../src/cli/output.js';
import type { Backup } from '../../src/model.js';

describe('csvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' padded ', ' padded '],
    ['semi;colon', 'semi;colon'],
  ])('%j -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('numbers print exactly, null is an empty field', () => {
    expect(csvField(12345678901234)).toBe('12345678901234');
    expect(csvField(0)).toBe('0');
    expect(csvField(null)).toBe('');
  });

  it('a row joins fields with commas and ends with LF', () => {
    expect(csvRow(['a', null, 'b,c', 7])).toBe('a,,"b,c",7\n');
  });
});

function memorySink(): TextSink & { text: string } {
  const sink = {
    text: '',
    closed: false,
    async write(text: string) {
      sink.text += text;
    },
  };
  return sink;
}

describe('createCsvWriter', () => {
  it('writes the header once, then exact values (ISO instants, bytes), empty cells for absent ones', async () => {
    const sink = memorySink();
    const writer = createCsvWriter(sink);
    const backup = {
      provider: 'capitalonline-mysql',
      account: 'prod',
      id: 'b,1',
      instanceId: 'i-"x"',
      status: 'success',
      mode: 'manual',
      type: 'full',
      method: 'logical',
      startTime: new Date('2026-05-01T08:00:00.500Z'),
      sizeBytes: 5368709120,
      raw: { Secret: 'never printed' },
    } as unknown as Backup;
    await writer.write(backup);
    await writer.end({ count: 1, totalBytes: 5368709120, listingErrors: 0 });
    expect(sink.text).toBe(
      'provider,account,region,instanceId,id,status,mode,type,method,engine,engineVersion,startTime,endTime,sizeBytes\n' +
        'capitalonline-mysql,prod,,"i-""x""","b,1",success,manual,full,logical,,,2026-05-01T08:00:00.500Z,,5368709120\n',
    );
  });

  it('an empty listing still has the header', async () => {
    const sink = memorySink();
    await createCsvWriter(sink).end({ count: 0, totalBytes: 0, listingErrors: 0 });
    expect(sink.text).toBe('provider,account,region,instanceId,id,status,mode,type,method,engine,engineVersion,startTime,endTime,sizeBytes\n');
  });
});
