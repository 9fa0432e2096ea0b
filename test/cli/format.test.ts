import { describe, expect, it } from 'vitest';
import { createJsonWriter, createNdjsonWriter } from '../../src/cli/format/json.js';
import { redactedRaw, toBackupRecord } from '../../src/cli/format/record.js';
import { alignColumns } from '../../src/cli/format/columns.js';
import { createTableWriter, summaryLine, TABLE_LOOKAHEAD_ROWS } from '../../src/cli/format/table.js';
import { formatInstant } from '../../src/cli/format/time.js';
import type { TextSink } from '../../src/cli/output.js';
import type { Backup } from '../../src/index.js';

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
    account: 'default',
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
      account: 'default',
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
    await writer.end({ count: 2, totalBytes: 0, listingErrors: 0 });
    const lines = sink.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; raw?: unknown });
    expect(lines.map((l) => l.id)).toEqual(['597952512', '2']);
    expect(lines[0]).not.toHaveProperty('raw');
  });

  it('json streams one valid array (empty too), with raw only when asked', async () => {
    const sink = memorySink();
    const writer = createJsonWriter(sink, { raw: true });
    await writer.write(backup());
    await writer.write(backup({ id: '2' }));
    await writer.end({ count: 2, totalBytes: 0, listingErrors: 0 });
    expect(sink.writes).toBe(3);
    const parsed = JSON.parse(sink.text) as { id: string; raw: unknown }[];
    expect(parsed.map((b) => [b.id, b.raw])).toEqual([
      ['597952512', { BackupId: 597952512 }],
      ['2', { BackupId: 597952512 }],
    ]);
    const empty = memorySink();
    await createJsonWriter(empty, { raw: false }).end({ count: 0, totalBytes: 0, listingErrors: 0 });
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

  it('summary line: count, total size, listing errors (never "failures"), and a note when --limit stopped the listing', () => {
    expect(summaryLine({ count: 1, totalBytes: 1536, listingErrors: 0 })).toBe('1 backup, 1.50 KiB in total, 0 listing errors');
    expect(summaryLine({ count: 1234, totalBytes: 0, listingErrors: 1, limit: 1234 })).toBe('1,234 backups, 0 B in total, 1 listing error (stopped at --limit 1234)');
  });

  it('prints human sizes and UTC times to the second, never the raw record', async () => {
    const sink = memorySink();
    const writer = createTableWriter(sink, { local: false });
    await writer.write(backup({ raw: { Secretish: 'RAW-ONLY-VALUE' } }));
    await writer.write(backup({ id: '2', account: 'prod', status: 'failed', endTime: undefined, sizeBytes: undefined, engine: undefined, engineVersion: undefined, region: undefined }));
    await writer.end({ count: 2, totalBytes: 6450622558, listingErrors: 0 });
    expect(sink.text).toBe(
      [
        'PROVIDER             ACCOUNT  REGION       INSTANCE             ID         STATUS    MODE       TYPE          METHOD    ENGINE     START                 END                       SIZE',
        'aliyun-kvstore       default  cn-hangzhou  r-bp1p2rhz25vs7vq9d  597952512  success   automated  full          physical  redis 6.0  2026-05-31T23:52:42Z  2026-05-31T23:54:14Z  6.01 GiB',
        'aliyun-kvstore       prod     -            r-bp1p2rhz25vs7vq9d  2          failed    automated  full          physical  -          2026-05-31T23:52:42Z  -                            -',
        '',
        '2 backups, 6.01 GiB in total, 0 listing errors',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing matched', async () => {
    const sink = memorySink();
    await createTableWriter(sink, { local: false }).end({ count: 0, totalBytes: 0, listingErrors: 2 });
    expect(sink.text).toBe('No backups matched.\n\n0 backups, 0 B in total, 2 listing errors\n');
  });

  it('streams: nothing until the look-ahead is full, then the header and those rows, then each row as it arrives', async () => {
    const sink = memorySink();
    const writer = createTableWriter(sink, { local: false }, 3);
    await writer.write(backup({ id: '1' }));
    await writer.write(backup({ id: '2', instanceId: 'r-short' }));
    expect(sink.text).toBe('');
    await writer.write(backup({ id: '3' }));
    const lines = sink.text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^PROVIDER\s+ACCOUNT\s+REGION\s+INSTANCE\s+ID\s+STATUS/);
    // Widths come from the rows held: the instance column fits the longest id among them.
    expect(lines[2]).toContain('r-short              2  ');
    await writer.write(backup({ id: '4' }));
    expect(sink.text.trimEnd().split('\n')).toHaveLength(5);
    expect(sink.writes).toBe(2);
  });

  it('a later, wider cell widens its column from that row on; earlier rows keep their widths', async () => {
    const sink = memorySink();
    const writer = createTableWriter(sink, { local: false }, 1);
    await writer.write(backup({ id: '1' }));
    await writer.write(backup({ id: '2', instanceId: 'r-a-much-longer-instance-id' }));
    await writer.write(backup({ id: '3' }));
    await writer.end({ count: 3, totalBytes: 0, listingErrors: 0 });
    const [header, first, wide, after] = sink.text.split('\n');
    const idAt = (line: string, id: string) => line.indexOf(`  ${id}  `);
    expect(idAt(first!, '1')).toBe(header!.indexOf('  ID'));
    expect(wide).toContain('r-a-much-longer-instance-id  2  ');
    expect(idAt(after!, '3')).toBe(idAt(wide!, '2'));
  });

  it('fixed-vocabulary columns start wide enough for every value, so they never shift', async () => {
    const sink = memorySink();
    const writer = createTableWriter(sink, { local: false }, 1);
    await writer.write(backup({ id: '1', provider: 'aliyun-rds', status: 'success', type: 'full' }));
    await writer.write(backup({ id: '2', provider: 'capitalonline-mysql', status: 'deleting', type: 'differential', sizeBytes: 1023 * 1024 }));
    const [header, a, b] = sink.text.split('\n');
    for (const column of ['STATUS', 'MODE', 'TYPE', 'METHOD', 'START', 'END']) {
      const at = header!.indexOf(column);
      expect(a!.length).toBe(b!.length);
      expect([column, a!.slice(at - 2, at), b!.slice(at - 2, at)], `${header}\n${a}\n${b}`).toEqual([column, '  ', '  ']);
    }
  });

  it('holds at most the look-ahead, however many rows stream through', async () => {
    const sink = memorySink();
    const writer = createTableWriter(sink, { local: false });
    for (let i = 0; i < TABLE_LOOKAHEAD_ROWS - 1; i++) await writer.write(backup({ id: String(i) }));
    expect(sink.writes).toBe(0);
    await writer.write(backup({ id: 'last-held' }));
    expect(sink.writes).toBe(1);
    for (let i = 0; i < 500; i++) await writer.write(backup({ id: `s${i}` }));
    expect(sink.writes).toBe(501);
  });
});

describe('formatInstant', () => {
  const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham'];
  const instants = ['2026-05-31T23:52:42.999Z', '2026-01-15T04:30:00Z', '2026-03-08T07:30:00Z', '2026-11-01T05:30:00Z', '1999-12-31T23:59:59Z'];

  /** What the wall clock reads in `zone` at `date`, and the zone's offset then, from Intl (not from the code under test). */
  function expectedLocal(date: Date, zone: string): string {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' })
        .formatToParts(date)
        .map((p) => [p.type, p.value]),
    );
    const offset = parts.timeZoneName === 'GMT' || parts.timeZoneName === 'GMT+00:00' ? 'Z' : parts.timeZoneName!.replace('GMT', '');
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
  }

  it.each(zones)('local times under TZ=%s: the wall clock there with its offset at that instant', (zone) => {
    const saved = process.env.TZ;
    process.env.TZ = zone; // Node re-reads the zone when TZ is assigned
    try {
      for (const text of instants) {
        const date = new Date(text);
        const local = formatInstant(date, true);
        expect(local).toBe(expectedLocal(date, zone));
        expect(new Date(local).getTime()).toBe(Math.floor(date.getTime() / 1000) * 1000);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

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
