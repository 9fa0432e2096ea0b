import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ResponseValidationError } from '../../src/errors.js';
import { runtimeOf } from '../../src/listing/source.js';
import type { BackupPolicy, BackupSource, InstanceInfo, ProviderName } from '../../src/index.js';
import { mapKvstoreBackupPolicy } from '../../src/providers/aliyun-kvstore/policy.js';
import { mapRdsBackupPolicy } from '../../src/providers/aliyun-rds/policy.js';
import { huaweiWeekdays, mapHuaweiBackupPolicy } from '../../src/providers/huawei-rds/policy.js';
import { emulatorSource, type SourceOverrides } from '../e2e/sources.js';

const WHERE = { account: 'default', region: 'cn-hangzhou', instanceId: 'rm-1' };

let emu: RunningEmulator;
const sources: BackupSource[] = [];
beforeAll(async () => {
  emu = await startEmulator({ seed: 9, instances: 6, backupsPerInstance: 1, anchorTime: new Date('2026-06-01T00:00:00Z') });
});
afterAll(async () => {
  for (const s of sources) s.close();
  await emu.close();
});
beforeEach(() => {
  emu.setFaults({});
  emu.clearRequestLog();
});

/** Reads a policy the way the audit does: through the source's runtime. */
async function policyOf(source: BackupSource, instance: Omit<InstanceInfo, 'provider' | 'account'>): Promise<BackupPolicy | undefined> {
  sources.push(source);
  const runtime = runtimeOf(source)!;
  return runtime.policy({ provider: source.provider, account: source.account, ...instance }, new AbortController().signal);
}

/** A policy without `raw`, and `raw` less its RequestId: what the ground truth states. */
const comparable = ({ raw, ...rest }: BackupPolicy | ReturnType<RunningEmulator['groundTruth']['policies']>[number]) => {
  const { RequestId: _, ...fields } = raw as Record<string, unknown>;
  return { ...rest, raw: fields };
};

describe('policy reads over the emulator (which checks every signature)', () => {
  const cases: [ProviderName, SourceOverrides, string][] = [
    ['aliyun-rds', {}, 'ACS3, JSON'],
    ['aliyun-rds', { signatureVersion: 'v1', format: 'xml' }, 'RPC v1, XML'],
    ['aliyun-kvstore', {}, 'ACS3, JSON'],
    ['aliyun-kvstore', { signatureVersion: 'v1', format: 'xml' }, 'RPC v1, XML'],
    ['huawei-rds', {}, 'SDK-HMAC-SHA256'],
  ];
  for (const [provider, overrides, how] of cases) {
    it(`${provider} (${how}) reads every policy as the ground truth states it`, async () => {
      const truth = emu.groundTruth.policies(provider);
      const source = emulatorSource(emu, provider, overrides);
      const read = await Promise.all(emu.groundTruth.instances(provider).map((i) => policyOf(source, { region: i.region, instanceId: i.instanceId })));
      const xml = overrides.format === 'xml';
      // XML carries every value as text: the mapped fields agree, `raw` keeps what was sent.
      expect(read.map((p) => (xml ? { ...comparable(p!), raw: undefined } : comparable(p!)))).toEqual(truth.map((p) => (xml ? { ...comparable(p), raw: undefined } : comparable(p))));
      expect(emu.requestLog().filter((r) => r.provider === provider).map((r) => [r.action, r.status])).toEqual(truth.map(() => [provider === 'huawei-rds' ? 'ShowBackupPolicy' : 'DescribeBackupPolicy', 200]));
      if (provider === 'huawei-rds') expect(truth.some((p) => !p.automated && p.retentionDays === 0)).toBe(true);
    });
  }

  it('a 200 that is not a policy is a ResponseValidationError, never an empty policy', async () => {
    emu.setFaults({ emptyEnvelopeRate: 1 });
    const instance = emu.groundTruth.instances('aliyun-rds')[0]!;
    const source = emulatorSource(emu, 'aliyun-rds', { retry: false });
    await expect(policyOf(source, { region: instance.region, instanceId: instance.instanceId })).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('CapitalOnline has no policy API: the runtime answers undefined without a request', async () => {
    const instance = emu.groundTruth.instances('capitalonline-mysql')[0]!;
    expect(await policyOf(emulatorSource(emu, 'capitalonline-mysql'), { region: instance.region, instanceId: instance.instanceId })).toBeUndefined();
    expect(emu.requestLog()).toEqual([]);
  });
});

describe('mapping Aliyun RDS DescribeBackupPolicy', () => {
  it('maps the SDK model\'s mix of numbers and strings into one BackupPolicy', () => {
    const answer = { RequestId: 'R1', BackupRetentionPeriod: 7, PreferredBackupTime: '19:00Z-20:00Z', PreferredBackupPeriod: 'Monday,Wednesday,friday', BackupLog: 'Enable', EnableBackupLog: '1', LogBackupRetentionPeriod: 7, ArchiveBackupRetentionPeriod: '365' };
    expect(mapRdsBackupPolicy(answer, WHERE)).toEqual({
      provider: 'aliyun-rds',
      ...WHERE,
      automated: true,
      retentionDays: 7,
      preferredWindow: '19:00Z-20:00Z',
      preferredDays: ['Monday', 'Wednesday', 'Friday'],
      logBackup: true,
      logRetentionDays: 7,
      raw: answer,
    });
    // The older switch alone, as XML text; with log backups off, no log retention is reported.
    const off = mapRdsBackupPolicy({ BackupRetentionPeriod: '30', BackupLog: 'Disabled', LogBackupRetentionPeriod: '7' }, WHERE);
    expect(off).toMatchObject({ retentionDays: 30, logBackup: false });
    expect(off.logRetentionDays).toBeUndefined();
  });

  it('a policy that keeps nothing or names no day takes no automated backup', () => {
    expect(mapRdsBackupPolicy({ BackupRetentionPeriod: '0' }, WHERE).automated).toBe(false);
    expect(mapRdsBackupPolicy({ BackupRetentionPeriod: 7, PreferredBackupPeriod: '' }, WHERE).automated).toBe(false);
    expect(mapRdsBackupPolicy({ BackupRetentionPeriod: 7 }, WHERE)).toMatchObject({ automated: true, retentionDays: 7 });
  });
});

describe('mapping Aliyun KVStore DescribeBackupPolicy', () => {
  it('reads the string retention and numeric switch of the KVStore model', () => {
    const answer = { BackupRetentionPeriod: '7', PreferredBackupTime: '05:00Z-06:00Z', PreferredBackupPeriod: 'Monday,Tuesday', EnableBackupLog: 1, DbsInstance: '0' };
    expect(mapKvstoreBackupPolicy(answer, WHERE)).toEqual({ provider: 'aliyun-kvstore', ...WHERE, automated: true, retentionDays: 7, preferredWindow: '05:00Z-06:00Z', preferredDays: ['Monday', 'Tuesday'], logBackup: true, raw: answer });
  });

  it('also reads the RDS-style types (a number retention, a string switch)', () => {
    expect(mapKvstoreBackupPolicy({ BackupRetentionPeriod: 3, EnableBackupLog: '0' }, WHERE)).toMatchObject({ retentionDays: 3, logBackup: false, automated: true });
  });
});

describe('mapping Huawei ShowBackupPolicy', () => {
  it('maps keep_days (0: automated backups off), the window and the weekday digits', () => {
    expect(mapHuaweiBackupPolicy({ keep_days: 7, start_time: '19:00-20:00', period: '1,2,4,7' }, WHERE)).toMatchObject({
      automated: true,
      retentionDays: 7,
      preferredWindow: '19:00-20:00',
      preferredDays: ['Monday', 'Tuesday', 'Thursday', 'Sunday'],
    });
    expect(mapHuaweiBackupPolicy({ keep_days: 0 }, WHERE)).toMatchObject({ automated: false, retentionDays: 0 });
    expect(mapHuaweiBackupPolicy({ keep_days: '3' }, WHERE)).toMatchObject({ automated: true, retentionDays: 3 });
  });

  it('keeps a weekday it cannot read as sent', () => {
    expect(huaweiWeekdays('1, 8')).toEqual(['Monday', '8']);
    expect(huaweiWeekdays(undefined)).toBeUndefined();
  });
});
