import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatedBackup, type RunningEmulator } from '../../src/emulator/index.js';
import {
  BACKUP_MODES,
  BACKUP_STATUSES,
  BACKUP_TYPES,
  createBackupClient,
  PartialFailureError,
  type Backup,
  type BackupMode,
  type BackupStatus,
  type BackupType,
  type ListingFailure,
} from '../../src/index.js';
import { expectSameBackups } from './compare.js';
import { emulatorSource, PROVIDERS } from './sources.js';

describe('client over the emulator', () => {
  let emu: RunningEmulator;
  let everything: Backup[];
  const truth = () => PROVIDERS.flatMap((p) => emu.groundTruth.backups(p));
  const client = () => createBackupClient({ sources: PROVIDERS.map((p) => emulatorSource(emu, p)) });

  beforeAll(async () => {
    emu = await startEmulator({ seed: 7, instances: 3, backupsPerInstance: 150 });
    everything = await client().backups().toArray();
  });
  afterAll(() => emu.close());

  it('yields exactly the union of every provider ground truth', () => {
    expectSameBackups(everything, truth());
  });

  it('yields exactly the filtered ground truth for any combination of status, mode and type', async () => {
    const subset = <T extends string>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined });
    const c = client();
    await fc.assert(
      fc.asyncProperty(subset<BackupStatus>(BACKUP_STATUSES), subset<BackupMode>(BACKUP_MODES), subset<BackupType>(BACKUP_TYPES), async (status, mode, type) => {
        const listed = await c.backups({ ...(status ? { status } : {}), ...(mode ? { mode } : {}), ...(type ? { type } : {}) }).toArray();
        const keep = (b: EmulatedBackup) => (!status || status.includes(b.status)) && (!mode || mode.includes(b.mode)) && (!type || type.includes(b.type));
        expectSameBackups(listed, truth().filter(keep));
      }),
      { seed: 11, numRuns: 25 },
    );
    // Single values are pushed down where the API can apply them: visible in the requests.
    emu.clearRequestLog();
    await c.backups({ status: 'failed', providers: 'aliyun-rds' }).toArray();
    expect(emu.requestLog().filter((r) => r.action === 'DescribeBackups').every((r) => r.params.BackupStatus === 'Failed')).toBe(true);
  });

  it('includes since and excludes until, on exact instants', async () => {
    const sorted = truth().sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    const since = sorted[Math.floor(sorted.length / 3)]!.startTime;
    const until = sorted[Math.floor((2 * sorted.length) / 3)]!.startTime;
    const listed = await client().backups({ since, until }).toArray();
    expectSameBackups(listed, sorted.filter((b) => b.startTime >= since && b.startTime < until));
    expect(listed.some((b) => b.startTime.getTime() === since.getTime())).toBe(true);
    expect(listed.some((b) => b.startTime.getTime() === until.getTime())).toBe(false);
  });

  it('lists every other backup, then names exactly the wrong-secret source and the unknown instance', async () => {
    const inst = emu.groundTruth.instances('huawei-rds').map((i) => i.instanceId);
    const sources = [
      emulatorSource(emu, 'aliyun-rds', { credentials: { accessKeyId: emu.credentials.accessKeyId, accessKeySecret: 'wrong' } }),
      emulatorSource(emu, 'aliyun-kvstore'),
      emulatorSource(emu, 'huawei-rds', { instances: [...inst, 'rds-does-not-exist'] }),
      emulatorSource(emu, 'capitalonline-mysql'),
    ];
    const expected = truth().filter((b) => b.provider !== 'aliyun-rds');

    const seen: Backup[] = [];
    const error = await (async () => {
      for await (const b of createBackupClient({ sources }).backups()) seen.push(b);
    })().catch((e: unknown) => e);
    expectSameBackups(seen, expected);
    expect(error).toBeInstanceOf(PartialFailureError);
    const named = (f: ListingFailure) => [f.provider, f.instanceId ?? '(source)', f.error.name];
    expect((error as PartialFailureError).failures.map(named).sort()).toEqual(
      [
        ['aliyun-rds', '(source)', 'AuthenticationError'],
        ['huawei-rds', 'rds-does-not-exist', 'NotFoundError'],
      ].sort(),
    );

    const failures: ListingFailure[] = [];
    const listed = await createBackupClient({ sources, onError: (f) => failures.push(f) }).backups().toArray();
    expectSameBackups(listed, expected);
    expect(failures.map(named).sort()).toEqual(
      [
        ['aliyun-rds', '(source)', 'AuthenticationError'],
        ['huawei-rds', 'rds-does-not-exist', 'NotFoundError'],
      ].sort(),
    );
  });

  it('starts no request after a break', async () => {
    const c = createBackupClient({ sources: [emulatorSource(emu, 'aliyun-rds', { pageConcurrency: 2 })], concurrency: 1 });
    emu.clearRequestLog();
    emu.setLatency(20);
    try {
      let n = 0;
      for await (const _ of c.backups()) if (++n === 5) break;
      await new Promise((r) => setTimeout(r, 50));
      const atBreak = emu.requestLog().length;
      await new Promise((r) => setTimeout(r, 300));
      const log = emu.requestLog();
      expect(log.length).toBe(atBreak);
      // Discovery, page 1 of the first instance and at most its prefetch: nothing for any other instance.
      const first = log.find((r) => r.action === 'DescribeBackups')!.instanceId;
      expect(log.filter((r) => r.action === 'DescribeBackups' && r.instanceId !== first)).toEqual([]);
      expect(log.filter((r) => r.action === 'DescribeBackups').length).toBeLessThanOrEqual(3);
    } finally {
      emu.setLatency(0);
    }
  });

  it('overlaps instances up to the concurrency bound and never above it', async () => {
    const wide = await startEmulator({ seed: 3, instances: { 'huawei-rds': 16 }, backupsPerInstance: 300, latency: 50 });
    try {
      const c = createBackupClient({ sources: [emulatorSource(wide, 'huawei-rds', { pageConcurrency: 1 })], concurrency: 8 });
      wide.resetConcurrency();
      const listed = await c.backups().toArray();
      expect(listed).toHaveLength(wide.groundTruth.backups('huawei-rds').length);
      expect(wide.concurrency().max).toBe(8);
    } finally {
      await wide.close();
    }
  });
});
