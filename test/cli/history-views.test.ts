import { describe, expect, it } from 'vitest';
import { changesView, coverageView, lastSuccessView, policiesView, runsView, sizesView, type HistoryReport, type ViewOptions } from '../../src/cli/inventory/history-views.js';
import { writeReport } from '../../src/cli/format/report.js';
import type { OutputFormat } from '../../src/cli/format/writer.js';
import type { Inventory, StoredBackup, StoredInstance } from '../../src/inventory/index.js';
import { csvRows } from './records.js';

/** The history views and the report writer on a fake inventory: exact values in machine formats, people's in the table. */

const instance: StoredInstance = {
  provider: 'huawei-rds',
  account: 'prod',
  region: 'cn-north-4',
  instanceId: 'in-1',
  engine: 'mysql',
  firstSeen: new Date('2026-05-01T00:00:00Z'),
  lastSeen: new Date('2026-06-01T00:00:00Z'),
};

const backup = (id: string, overrides: Partial<StoredBackup> = {}): StoredBackup =>
  ({
    provider: 'huawei-rds',
    account: 'prod',
    region: 'cn-north-4',
    instanceId: 'in-1',
    id,
    status: 'success',
    mode: 'automated',
    type: 'full',
    method: 'unknown',
    scope: 'instance',
    startTime: new Date('2026-05-30T16:00:00Z'),
    endTime: new Date('2026-05-30T16:05:00.500Z'),
    sizeBytes: 1536,
    raw: {},
    firstSeen: new Date('2026-05-31T00:00:00Z'),
    lastSeen: new Date('2026-06-01T00:00:00Z'),
    statusChangedAt: new Date('2026-05-31T00:00:00Z'),
    ...overrides,
  }) as StoredBackup;

const fake = {
  changes: async () => ({
    since: new Date('2026-05-31T00:00:00Z'),
    appeared: [backup('b-new', { firstSeen: new Date('2026-05-31T12:00:00Z') })],
    gone: [backup('b-old', { goneAt: new Date('2026-05-31T06:00:00Z') })],
  }),
  lastSuccess: async () => [{ instance, backup: backup('b-1') }, { instance: { ...instance, instanceId: 'in-2', engine: undefined } }],
  coverage: async () => [
    {
      instance,
      days: [
        { date: '2026-05-30', start: new Date('2026-05-29T16:00:00Z'), end: new Date('2026-05-30T16:00:00Z'), successes: 0 },
        { date: '2026-05-31', start: new Date('2026-05-30T16:00:00Z'), end: new Date('2026-05-31T16:00:00Z'), successes: 2 },
      ],
      coveredDays: 1,
      missingDays: ['2026-05-30'],
    },
  ],
  sizes: async () => [{ instance, days: [{ date: '2026-05-31', successes: 2, totalBytes: 3 * 1024 ** 3, fullBytes: 2 * 1024 ** 3 }, { date: '2026-06-01', successes: 1, totalBytes: 10 }] }],
  runs: async () => [
    {
      id: 7,
      status: 'partial',
      scope: ['huawei-rds/prod/cn-north-4', 'aliyun-rds/prod/cn-hangzhou'],
      query: {},
      holder: 'host:1',
      startedAt: new Date('2026-06-01T00:00:00Z'),
      finishedAt: new Date('2026-06-01T00:00:09Z'),
      listed: 120,
      new: 3,
      changed: 1,
      gone: 2,
      instances: { complete: 7, incomplete: 1 },
      failuresTotal: 1,
      failures: [],
      error: undefined,
    },
  ],
  policies: async () => [
    { provider: 'huawei-rds', account: 'prod', region: 'cn-north-4', instanceId: 'in-1', automated: false, retentionDays: 0, preferredWindow: '19:00-20:00', preferredDays: ['Monday', 'Friday'], raw: {}, fetchedAt: new Date('2026-06-01T00:00:00Z') },
  ],
} as unknown as Inventory;

const options: ViewOptions = { filter: {}, since: new Date('2026-05-31T00:00:00Z'), days: 2, timeZone: 'Asia/Shanghai', limit: 20, local: false };

async function render(report: HistoryReport, format: OutputFormat): Promise<string> {
  let text = '';
  await writeReport(format, report.records, report.columns, { closed: false, write: async (t) => void (text += t) }, { empty: report.empty, ...(report.summary ? { summary: report.summary } : {}) });
  return text;
}

describe('history views', () => {
  it('--changes: appeared and gone in the order they happened; exact values in json, people\'s in the table', async () => {
    const report = await changesView(fake, options);
    expect(report.records).toEqual([
      { change: 'gone', at: '2026-05-31T06:00:00.000Z', provider: 'huawei-rds', account: 'prod', region: 'cn-north-4', instanceId: 'in-1', id: 'b-old', status: 'success', type: 'full', startTime: '2026-05-30T16:00:00.000Z', sizeBytes: 1536 },
      { change: 'appeared', at: '2026-05-31T12:00:00.000Z', provider: 'huawei-rds', account: 'prod', region: 'cn-north-4', instanceId: 'in-1', id: 'b-new', status: 'success', type: 'full', startTime: '2026-05-30T16:00:00.000Z', sizeBytes: 1536 },
    ]);
    expect(JSON.parse(await render(report, 'json'))).toEqual(report.records);
    expect((await render(report, 'table')).split('\n')).toEqual([
      'SEEN                  CHANGE    PROVIDER    ACCOUNT  REGION      INSTANCE  ID     STATUS   TYPE  START                     SIZE',
      '2026-05-31T06:00:00Z  gone      huawei-rds  prod     cn-north-4  in-1      b-old  success  full  2026-05-30T16:00:00Z  1.50 KiB',
      '2026-05-31T12:00:00Z  appeared  huawei-rds  prod     cn-north-4  in-1      b-new  success  full  2026-05-30T16:00:00Z  1.50 KiB',
      '',
      '1 backup appeared, 1 gone',
      '',
    ]);
  });

  it('--last-success: an instance without one has nulls, and "-" in the table', async () => {
    const report = await lastSuccessView(fake, options);
    expect(report.records[1]).toEqual({ provider: 'huawei-rds', account: 'prod', region: 'cn-north-4', instanceId: 'in-2', engine: null, backupId: null, startTime: null, endTime: null, sizeBytes: null, goneAt: null });
    const table = await render(report, 'table');
    expect(table).toMatch(/in-2\s+-\s+-\s+-\s+-\s+-\s+-\n/);
    expect(table).toContain('2 instances, 1 never with a successful backup');
  });

  it('--coverage: covered/days and the missing days in the table; the day-by-day counts only in machine formats', async () => {
    const report = await coverageView(fake, options);
    const table = await render(report, 'table');
    expect(table).toContain('COVERED  DAYS WITHOUT A SUCCESSFUL BACKUP (Asia/Shanghai)');
    expect(table).toMatch(/in-1\s+1\/2\s+2026-05-30\n/);
    expect(table).not.toContain('DAILY');
    const [json] = JSON.parse(await render(report, 'json')) as { daily: unknown; missingDays: string[] }[];
    expect(json!.daily).toEqual([{ date: '2026-05-30', successes: 0 }, { date: '2026-05-31', successes: 2 }]);
    const [header, row] = csvRows(await render(report, 'csv'));
    expect(header).toEqual(['provider', 'account', 'region', 'instanceId', 'coveredDays', 'days', 'missingDays']);
    expect(row).toEqual(['huawei-rds', 'prod', 'cn-north-4', 'in-1', '1', '2', '2026-05-30']);
  });

  it('--sizes: one row per instance and day, bytes exact in csv and human in the table', async () => {
    const report = await sizesView(fake, options);
    const [, first, second] = csvRows(await render(report, 'csv'));
    expect(first).toEqual(['huawei-rds', 'prod', 'cn-north-4', 'in-1', '2026-05-31', '2', String(3 * 1024 ** 3), String(2 * 1024 ** 3)]);
    expect(second!.at(-1)).toBe('');
    const table = await render(report, 'table');
    expect(table).toMatch(/2026-05-31\s+2\s+3\.00 GiB\s+2\.00 GiB\n/);
    expect(table).toContain('DAY (Asia/Shanghai)');
  });

  it('--runs and --policies', async () => {
    const runs = await render(await runsView(fake, options), 'table');
    expect(runs).toMatch(/^RUN\s+STATUS\s+STARTED\s+FINISHED\s+LISTED\s+NEW\s+CHANGED\s+GONE\s+ERRORS\s+SCOPE\n\s+7\s+partial\s+2026-06-01T00:00:00Z\s+2026-06-01T00:00:09Z\s+120\s+3\s+1\s+2\s+1\s+huawei-rds\/prod\/cn-north-4 aliyun-rds\/prod\/cn-hangzhou\n$/);
    const policies = await policiesView(fake, options);
    expect(await render(policies, 'table')).toMatch(/in-1\s+off\s+0 d\s+19:00-20:00\s+Monday, Friday\s+-\s+2026-06-01T00:00:00Z/);
    expect(csvRows(await render(policies, 'csv'))[1]).toEqual(['huawei-rds', 'prod', 'cn-north-4', 'in-1', 'false', '0', '19:00-20:00', 'Monday Friday', '', '2026-06-01T00:00:00.000Z']);
  });

  it('an empty view says so in the table and is an empty array in json', async () => {
    const empty = { ...fake, sizes: async () => [] } as unknown as Inventory;
    const report = await sizesView(empty, options);
    expect(await render(report, 'table')).toBe('No successful backup in that period.\n\n0 instance-days of 0 instances\n');
    expect(await render(report, 'json')).toBe('[]\n');
    expect(await render(report, 'ndjson')).toBe('');
  });
});
