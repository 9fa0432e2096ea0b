import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PaginationError, type ListingFailure } from '../../src/errors.js';
import { createBackupClient } from '../../src/listing/client.js';
import type { ProviderName } from '../../src/model.js';
import { expectSameBackups } from '../e2e/compare.js';
import { emulatorSources } from '../e2e/sources.js';

const ANCHOR = new Date('2026-06-01T00:00:00Z');
const PROVIDERS: readonly ProviderName[] = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 10 } };

describe('the real services shapes (issue 13)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 21, anchorTime: ANCHOR, instances: 4, backupsPerInstance: 130, shapes: 'all' });
  });
  afterAll(() => emu.close());

  it('lists 100% of the ground truth of every provider while the service caps pages below the size asked for', async () => {
    for (const provider of PROVIDERS) {
      const failures: ListingFailure[] = [];
      const listed = await createBackupClient({ sources: emulatorSources(emu, provider, fast), onError: (f) => failures.push(f) }).backups().toArray();
      expect(failures, provider).toEqual([]);
      expectSameBackups(listed, emu.groundTruth.backups(provider));
    }
  });

  it('makes one backup of a cluster job: its parts listed, the size their sum, the status the worst of them', async () => {
    const listed = await createBackupClient({ sources: emulatorSources(emu, 'aliyun-kvstore', fast) }).backups().toArray();
    const jobs = listed.filter((b) => (b.parts?.length ?? 0) >= 3);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(new Set(job.parts!.map((p) => p.nodeId)).size).toBe(job.parts!.length);
      if (job.parts!.every((p) => p.sizeBytes !== undefined)) expect(job.sizeBytes).toBe(job.parts!.reduce((sum, p) => sum + p.sizeBytes!, 0));
      if (job.parts!.some((p) => p.status === 'failed')) expect(job.status).toBe('failed');
    }
    // Never the same job twice, even when its rows straddle a page.
    const ids = listed.map((b) => `${b.instanceId}/${b.id}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("lists a cloud-native cluster's backups through DescribeClusterBackupList", async () => {
    const sources = emulatorSources(emu, 'aliyun-kvstore', fast);
    const instances = (await Promise.all(sources.map((s) => s.listInstances()))).flat();
    const native = instances.filter((i) => i.kind === 'cloud-native-cluster');
    expect(native.length).toBeGreaterThan(0);
    emu.clearRequestLog();
    const listed = await createBackupClient({ sources }).backups({ instances: native.map((i) => i.instanceId) }).toArray();
    expect(listed.length).toBeGreaterThan(0);
    expectSameBackups(listed, native.flatMap((i) => emu.groundTruth.backups('aliyun-kvstore', i.instanceId)));
    expect(new Set(emu.requestLog().filter((e) => e.instanceId !== undefined).map((e) => e.action))).toEqual(new Set(['DescribeClusterBackupList']));
  });

  it("gives CapitalOnline database-level backups scope 'database' and the instance's real region, with the site beside it", async () => {
    const listed = await createBackupClient({ sources: emulatorSources(emu, 'capitalonline-mysql', fast) }).backups().toArray();
    const db = listed.filter((b) => b.scope === 'database');
    expect(db.length).toBeGreaterThan(0);
    for (const b of listed) {
      if (b.provider !== 'capitalonline-mysql') continue;
      expect(b.region).toMatch(/^[A-Z]+_[A-Za-z]+_[A-Z]$/);
      expect(['cn', 'asia', 'us']).toContain(b.site);
    }
  });

  it('lists everything when the service serves fewer rows than any page size it accepts', async () => {
    // RDS accepts page sizes of 30, 50 and 100 only; this service serves 10 rows a page (and counts pages in 10s).
    const capped = await startEmulator({ seed: 3, anchorTime: ANCHOR, instances: { 'aliyun-rds': 1 }, backupsPerInstance: { 'aliyun-rds': 95 }, shapes: { pageSizeCap: { 'aliyun-rds': 10 } } });
    try {
      const listed = await createBackupClient({ sources: emulatorSources(capped, 'aliyun-rds', fast) }).backups().toArray();
      expectSameBackups(listed, capped.groundTruth.backups('aliyun-rds'));
    } finally {
      await capped.close();
    }
  });

  it('reports, with the counts, a total that contradicts the pages, after listing what it could', async () => {
    const lying = await startEmulator({ seed: 3, anchorTime: ANCHOR, instances: { 'aliyun-rds': 3 }, backupsPerInstance: { 'aliyun-rds': 250 }, faults: { badTotalRate: 1 } });
    try {
      const failures: ListingFailure[] = [];
      await createBackupClient({ sources: emulatorSources(lying, 'aliyun-rds', fast), onError: (f) => failures.push(f) }).backups().toArray();
      expect(failures).toHaveLength(3);
      for (const failure of failures) {
        const error = failure.error as PaginationError;
        expect(error).toBeInstanceOf(PaginationError);
        expect(error.instanceId).toBe(failure.instanceId);
        expect(error.listed).toBeTypeOf('number');
        if (error.expected !== undefined) expect(error.listed).toBeLessThan(error.expected);
        else expect(error.message).toMatch(/reported a total of (-1|0) on a page with \d+ rows/);
      }
    } finally {
      await lying.close();
    }
  });
});
