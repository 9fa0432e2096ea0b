import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createBackupClient, PartialFailureError, type Backup, type BackupSource, type ListingFailure } from '../../src/index.js';
import { expectSameBackups } from './compare.js';
import { emulatorSource, emulatorSources, PROVIDERS } from './sources.js';

/**
 * The client over every provider at once. What each source must do on its own (filters, paging, retries, errors,
 * cancellation) is the contract suite's (test/contract); this is what only a mix of sources shows.
 */
describe('client over the emulator, every provider at once', () => {
  let emu: RunningEmulator;
  const open: BackupSource[] = [];
  const track = (sources: BackupSource[]) => (open.push(...sources), sources);
  const truth = () => PROVIDERS.flatMap((p) => emu.groundTruth.backups(p));

  beforeAll(async () => {
    emu = await startEmulator({ seed: 7, accounts: 2, regions: 2, instances: 2, backupsPerInstance: 60, anchorTime: new Date('2026-05-01T00:00:00Z') });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await emu.close();
  });

  it('yields exactly the union of every provider ground truth, across accounts and regions', async () => {
    const listed = await createBackupClient({ sources: track(PROVIDERS.flatMap((p) => emulatorSources(emu, p))) }).backups().toArray();
    expectSameBackups(listed, truth());
  });

  it('narrows to the providers and instances asked for', async () => {
    const client = createBackupClient({ sources: track(PROVIDERS.flatMap((p) => emulatorSources(emu, p))) });
    const [one, two] = emu.groundTruth.instances('huawei-rds');
    const kv = emu.groundTruth.instances('aliyun-kvstore')[3]!;
    const picked = [one!.instanceId, two!.instanceId, kv.instanceId];
    const listed = await client.backups({ providers: ['huawei-rds', 'aliyun-kvstore'], instances: picked }).toArray();
    expectSameBackups(listed, truth().filter((b) => picked.includes(b.instanceId)));
    expect((await client.instances({ providers: 'huawei-rds', instances: picked })).map((t) => t.instance.instanceId).sort()).toEqual([one!.instanceId, two!.instanceId].sort());
  });

  it('lists every other backup, then names exactly the wrong-secret source and the unknown instance', async () => {
    const huaweiIds = emu.groundTruth.instances('huawei-rds').filter((i) => i.account === 'default' && i.region === emu.huaweiRegion).map((i) => i.instanceId);
    const sources = track([
      emulatorSource(emu, 'aliyun-rds', { credentials: { accessKeyId: emu.credentials.accessKeyId, accessKeySecret: 'wrong' } }),
      emulatorSource(emu, 'aliyun-kvstore'),
      emulatorSource(emu, 'huawei-rds', { instances: [...huaweiIds, 'rds-does-not-exist'] }),
      emulatorSource(emu, 'capitalonline-mysql'),
    ]);
    const atFirstPlace = (b: { provider: string; account: string; region: string }) =>
      b.account === 'default' && (b.provider === 'capitalonline-mysql' ? b.region === 'CN_Beijing_A' : b.region === emu.regions[b.provider as 'aliyun-rds'][0]);
    const expected = truth().filter((b) => b.provider !== 'aliyun-rds' && atFirstPlace(b));
    const named = (f: ListingFailure) => [f.provider, f.account, f.instanceId ?? '(source)', f.error.name];
    const failed = [
      ['aliyun-rds', 'default', '(source)', 'AuthenticationError'],
      ['huawei-rds', 'default', 'rds-does-not-exist', 'NotFoundError'],
    ];

    const seen: Backup[] = [];
    const error = await (async () => {
      for await (const b of createBackupClient({ sources }).backups()) seen.push(b);
    })().catch((e: unknown) => e);
    expectSameBackups(seen, expected);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect((error as PartialFailureError).failures.map(named).sort()).toEqual(failed);

    const failures: ListingFailure[] = [];
    const listed = await createBackupClient({ sources, onError: (f) => failures.push(f) }).backups().toArray();
    expectSameBackups(listed, expected);
    expect(failures.map(named).sort()).toEqual(failed);
  });

  it('overlaps instances up to the concurrency bound and never above it', async () => {
    // One page per instance, each answered after 250 ms: eight walks start long before the first answer.
    const wide = await startEmulator({ seed: 3, instances: { 'huawei-rds': 16 }, backupsPerInstance: 50, latency: 250 });
    try {
      const sources = track([emulatorSource(wide, 'huawei-rds', { pageConcurrency: 1, projectId: wide.huaweiProjectId })]);
      const c = createBackupClient({ sources, concurrency: 8 });
      wide.resetConcurrency();
      expect(await c.backups().toArray()).toHaveLength(wide.groundTruth.backups('huawei-rds').length);
      expect(wide.concurrency().max).toBe(8);
    } finally {
      await wide.close();
    }
  });
});
