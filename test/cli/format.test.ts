import { describe, expect, it } from 'vitest';
import { createJsonWriter, createNdjsonWriter } from '../../src/cli/format/json.js';
import { redactedRaw, toBackupRecord } from '../../src/cli/format/record.js';
import { alignColumns, createTableWriter, summaryLine } from '../../src/cli/format/table.js';
import { formatInstant } from '../../src/cli/format/time.js';
import type { TextSink } from '../../src/cli/output.js';
import type { Backup } from '../../src/model.js';

function memorySink(): TextSink & { text: string; writes: number } {
  const sink = {
    text: '',
    writes: 0,
    closed: false,
    async write(text: string) {
      sink.text += text;
      sink.writes++;
    },
  };
  return sink;
}

const backup = (overrides: Partial<Record<string, unknown>> = {}): Backup =>
  ({
    provider: 'aliyun-kvstore',
    id: '597952512',
    instanceId: 'r-bp1p2rhz25vs7vq9d',
    region: 'cn-hangzhou',
    status: 'success',
    mode: 'automated',
    type: 'full',
    method: 'physical',
    startTime: new Date('2026-05-31T23:52:42.000Z'),
    endTime: new Date('2026-05-31T23:54:14.250Z'),
    sizeBytes: 6450622558,
    engine: 'redis',
    engineVersion: '6.0',
    raw: { BackupId: 597952512 },
    ...overrides,
  }) as unknown as Backup;

describe('toBackupRecord', () => {
  it('carries exact values: ISO instants with milliseconds, bytes, and null for what is absent', () => {
    expect(toBackupRecord(backup())).toEqual({
      provider: 'aliyun-kvstore',
      region: 'cn-hangzhou',
      instanceId: 'r-bp1p2rhz25vs7vq9d',
      id: '597952512',
      status: 'success',
      mode: 'automated',
      type: 'full',
      method: 'physical',
      engine: 'redis',
      engineVersion: '6.0',
      startTime: '2026-05-31T23:52:42.000Z',
      endTime: '2026-05-31T23:54:14.250Z',
      sizeBytes: 6450622558,
    });
    const bare = toBackupRecord(backup({ region: undefined, endTime: undefined, sizeBytes: undefined, engine: undefined, engineVersion: undefined }));
    expect([bare.region, bare.endTime, bare.sizeBytes, bare.engine, bare.engineVersion]).toEqual([null, null, null, null, null]);
  });
});

describe('redactedRaw', () => {
  it('scrubs signatures and tokens from pre-signed URLs anywhere in the record, keeping everything else', () => {
    const raw = {
      BackupDownloadURL: 'https://b.oss-cn-hangzhou.aliyuncs.com/x.tar?OSSAccessKeyId=AK1&Expires=1&Signature=abc%2Bdef',
      links: ['https://obs.example.com/f?X-Amz-Signature=0123abcd&X-Amz-Date=20260501', 'https://o.example.com/f?x-oss-signature=ff00&x-oss-security-token=TOKEN'],
      size: 12,
      nested: { ok: true, nothing: null },
    };
    expect(redactedRaw(raw)).toEqual({
      BackupDownloadURL: 'https://b.oss-cn-hangzhou.aliyuncs.com/x.tar?OSSAccessKeyId=AK1&Expires=1&Signature=[REDACTED]',
      links: ['https://obs.example.com/f?X-Amz-Signature=[REDACTED]&X-Amz-Date=20260501', 'https://o.example.com/f?x-oss-signature=[REDACTED]&x-oss-security-token=[REDACTED]'],
      size: 12,
      nested: { ok: true, nothing: null },
    });
  });
});

describe('json and ndjson writers', () => {
  it('ndjson writes each backup as its own line as it arrives', async () => {
    const sink = memorySink();
    const writer = createNdjsonWriter(sink, { raw: false });
    await writer.write(backup());
    expect(sink.writes).toBe(1);
    expect(sink.text.endsWith('\n')).toBe(true);
    await writer.write(backup({ id: '2' }));
    await writer.end({ count: 2, totalBytes: 0, failures: 0 });
    const lines = sink.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; raw?: unknown });
    expect(lines.map((l) => l.id)).toEqual(['597952512', '2']);
    expect(lines[0]).not.toHaveProperty('raw');
  });

  it('json streams one valid array (empty too), with raw only when asked', async () => {
    const sink = memorySink();
    const writer = createJsonWriter(sink, { raw: true });
    await writer.write(backup());
    await writer.write(backup({ id: '2' }));
    await writer.end({ count: 2, totalBytes: 0, failures: 0 });
    expect(sink.writes).toBe(3);
    const parsed = JSON.parse(sink.text) as { id: string; raw: unknown }[];
    expect(parsed.map((b) => [b.id, b.raw])).toEqual([
      ['597952512', { BackupId: 597952512 }],
      ['2', { BackupId: 597952512 }],
    ]);
    const empty = memorySink();
    await createJsonWriter(empty, { raw: false }).end({ count: 0, totalBytes: 0, failures: 0 });
    expect(JSON.parse(empty.text)).toEqual([]);
  });
});

describe('table', () => {
  it('aligns columns, right-aligning the ones asked, without trailing spaces', () => {
    expect(alignColumns([['A', 'LONG', 'SIZE'], ['xyz', 'b', '1 B'], ['p', 'qq', '12.5 KiB']], new Set([2]))).toEqual([
      'A    LONG      SIZE',
      'xyz  b          1 B',
      'p    qq    12.5 KiB',
    ]);
    expect(alignColumns([['a', 'b'], ['ccc', 'd']])).toEqual(['a    b', 'ccc  d']);
  });

  it('summary line: count, total size, failures, and a note when --limit stopped the listing', () => {
    expect(summaryLine({ count: 1, totalBytes: 1536, failures: 0 })).toBe('1 backup, 1.50 KiB in total, 0 failures');
    expect(summaryLine({ count: 1234, totalBytes: 0, failures: 1, limit: 1234 })).toBe('1,234 backups, 0 B in total, 1 failure (stopped at --limit 1234)');
  });

  it('prints human sizes and UTC times to the second, never the raw record', async () => {
    const sink = memorySink();
    const writer = createTableWriter(sink, { local: false });
    await writer.write(backup({ raw: { Secretish: 'RAW-ONLY-VALUE' } }));
    await writer.write(backup({ id: '2', status: 'failed', endTime: undefined, sizeBytes: undefined, engine: undefined, engineVersion: undefined, region: undefined }));
    await writer.end({ count: 2, totalBytes: 6450622558, failures: 0 });
    expect(sink.text).toBe(
      [
        'PROVIDER        REGION       INSTANCE             ID         STATUS   MODE       TYPE  METHOD    ENGINE     START                 END                       SIZE',
        'aliyun-kvstore  cn-hangzhou  r-bp1p2rhz25vs7vq9d  597952512  success  automated  full  physical  redis 6.0  2026-05-31T23:52:42Z  2026-05-31T23:54:14Z  6.01 GiB',
        'aliyun-kvstore  -            r-bp1p2rhz25vs7vq9d  2          failed   automated  full  physical  -          2026-05-31T23:52:42Z  -                            -',
        '',
        '2 backups, 6.01 GiB in total, 0 failures',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing matched', async () => {
    const sink = memorySink();
    await createTableWriter(sink, { local: false }).end({ count: 0, totalBytes: 0, failures: 2 });
    expect(sink.text).toBe('No backups matched.\n0 backups, 0 B in total, 2 failures\n');
  });
});

describe('formatInstant', () => {
  it('UTC to the second by default; the host zone with its offset when local', () => {
    const date = new Date('2026-05-31T23:52:42.999Z');
    expect(formatInstant(date, false)).toBe('2026-05-31T23:52:42Z');
    expect(formatInstant(undefined, false)).toBe('-');
    const local = formatInstant(date, true);
    // Whatever TZ the suite runs under, the local text names the same instant (to the second).
    expect(new Date(local).getTime()).toBe(Date.parse('2026-05-31T23:52:42Z'));
    expect(local).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  });
});
