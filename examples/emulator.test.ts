/**
 * The emulator in a vitest suite: your code that lists backups, tested against a local stand-in for the four clouds
 * that checks signatures and knows the ground truth. No credentials, no network.
 *
 *   npx vitest run examples/emulator.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunKvstore, aliyunRds, capitalOnlineMysql, createBackupClient, huaweiRds, PartialFailureError, PermissionError, type BackupSource } from 'cloud-backups';
import { startEmulator, type RunningEmulator } from 'cloud-backups/emulator';

const PROVIDERS = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'] as const;

/**
 * Every provider, pointed at the emulator. Retries wait milliseconds, not seconds, so tests stay fast under faults,
 * and a request may take 10 attempts, so a run of faults on one request cannot fail a test by chance.
 */
function sources(emu: RunningEmulator): BackupSource[] {
  const common = { credentials: emu.credentials, retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 10, budget: 10_000 } };
  return [
    aliyunRds({ region: emu.aliyunRegion, endpoint: emu.url, ...common }),
    aliyunKvstore({ region: emu.aliyunRegion, endpoint: emu.url, ...common }),
    huaweiRds({ region: emu.huaweiRegion, endpoint: emu.url, iamEndpoint: emu.iamEndpoint, ...common }),
    capitalOnlineMysql({ site: 'cn', endpoint: `${emu.url}/{site}`, ...common }),
  ];
}

const key = (b: { provider: string; instanceId: string; id: string }) => `${b.provider} ${b.instanceId} ${b.id}`;

describe('listing backups against the emulator', () => {
  let emu: RunningEmulator;
  // A pinned anchor: the same data on every run (without it, the history ends when the emulator starts).
  const anchorTime = new Date('2026-06-01T00:00:00Z');

  beforeAll(async () => {
    emu = await startEmulator({ seed: 1, instances: 2, backupsPerInstance: 30, anchorTime });
  });
  afterAll(() => emu.close());

  it('lists exactly the backups the emulator holds, with the fields its ground truth says', async () => {
    const client = createBackupClient({ sources: sources(emu) });
    const listed = await client.backups().toArray();
    client.close();
    const truth = PROVIDERS.flatMap((p) => emu.groundTruth.backups(p));
    expect(listed.map(key).sort()).toEqual(truth.map(key).sort());
    const byKey = new Map(truth.map((b) => [key(b), b]));
    for (const b of listed) {
      const expected = byKey.get(key(b))!;
      expect({ status: b.status, startTime: b.startTime, sizeBytes: b.sizeBytes }).toEqual({ status: expected.status, startTime: expected.startTime, sizeBytes: expected.sizeBytes });
    }
  });

  it("finds last week's failed backups", async () => {
    const since = new Date(anchorTime.getTime() - 7 * 86_400_000);
    const client = createBackupClient({ sources: sources(emu) });
    const failed = await client.backups({ status: 'failed', since }).toArray();
    client.close();
    const truth = PROVIDERS.flatMap((p) => emu.groundTruth.backups(p)).filter((b) => b.status === 'failed' && b.startTime >= since);
    expect(failed.map(key).sort()).toEqual(truth.map(key).sort());
  });

  it('still lists everything while the clouds throttle, fail and reset connections', async () => {
    emu.setFaults({ throttleRate: 0.1, serverErrorRate: 0.05, resetRate: 0.05 });
    try {
      const client = createBackupClient({ sources: sources(emu) });
      const listed = await client.backups().toArray();
      client.close();
      expect(listed).toHaveLength(PROVIDERS.reduce((n, p) => n + emu.groundTruth.backups(p).length, 0));
    } finally {
      emu.setFaults({});
    }
  });

  it('reports a region the keys may not use as one failure, and lists everything else', async () => {
    emu.denyRegion({ provider: 'huawei-rds', region: emu.huaweiRegion });
    try {
      const client = createBackupClient({ sources: sources(emu) });
      const listed: string[] = [];
      const error = await (async () => {
        for await (const b of client.backups()) listed.push(b.provider);
      })().catch((e: unknown) => e);
      client.close();
      expect(error).toBeInstanceOf(PartialFailureError);
      const failures = (error as PartialFailureError).failures;
      expect(failures.map((f) => [f.provider, f.region])).toEqual([['huawei-rds', emu.huaweiRegion]]);
      expect(failures[0]!.error).toBeInstanceOf(PermissionError);
      expect(new Set(listed)).toEqual(new Set(['aliyun-rds', 'aliyun-kvstore', 'capitalonline-mysql']));
    } finally {
      emu.clearDenials();
    }
  });
});
