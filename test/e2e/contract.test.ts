import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { AuthenticationError, NotFoundError, type Backup } from '../../src/index.js';
import { expectSameBackups } from './compare.js';
import { emulatorSource, PROVIDERS } from './sources.js';

/** One contract, run against every provider through the emulator: what every source must do. */
describe.each(PROVIDERS)('contract: %s', (provider) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 42, instances: 3, backupsPerInstance: 230 });
  });
  afterAll(() => emu.close());

  const listAll = async (overrides = {}) => {
    const source = emulatorSource(emu, provider, overrides);
    try {
      const out: Backup[] = [];
      for (const inst of emu.groundTruth.instances(provider)) {
        out.push(...(await source.listBackups({ instanceId: inst.instanceId, instance: { provider, instanceId: inst.instanceId, createdAt: inst.createdAt } }).toArray()));
      }
      return out;
    } finally {
      source.close();
    }
  };

  it('lists exactly the ground truth of every instance', async () => {
    expectSameBackups(await listAll(), emu.groundTruth.backups(provider));
  });

  it('discovers the same instances the emulator serves', async () => {
    const source = emulatorSource(emu, provider);
    const found = await source.listInstances();
    expect(found.map((i) => i.instanceId).sort()).toEqual(emu.groundTruth.instances(provider).map((i) => i.instanceId).sort());
    source.close();
  });

  it('still lists exactly the ground truth with 20% throttling, 5% 5xx and resets', async () => {
    emu.setFaults({ throttleRate: 0.2, serverErrorRate: 0.05, resetRate: 0.03 });
    try {
      emu.clearRequestLog();
      // Several walks, so even a provider with one request per instance meets every kind of fault.
      for (let run = 0; run < 6; run++) {
        expectSameBackups(await listAll({ retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 12, budget: 100_000 } }), emu.groundTruth.backups(provider));
      }
      const log = emu.requestLog();
      // Each provider throttles its own way (Aliyun: HTTP 400 Throttling.User; Huawei: 429 APIGW.0308).
      expect(log.some((r) => r.status === 429 || /throttl/i.test(r.code ?? ''))).toBe(true);
      expect(log.some((r) => r.status >= 500 || r.status === 0)).toBe(true);
    } finally {
      emu.setFaults({});
    }
  });

  it('has no duplicates and loses no backup when new backups appear between page requests', async () => {
    const drifting = await startEmulator({ seed: 5, instances: 1, backupsPerInstance: 650 });
    try {
      const inst = drifting.groundTruth.instances(provider)[0]!;
      const before = drifting.groundTruth.backups(provider).map((b) => b.id);
      drifting.setFaults({ driftPerPage: 3 });
      const source = emulatorSource(drifting, provider);
      const listed = await source.listBackups({ instanceId: inst.instanceId }).toArray();
      source.close();
      const ids = listed.map((b) => b.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(before));
      if (provider !== 'capitalonline-mysql') expect(drifting.groundTruth.backups(provider).length).toBeGreaterThan(before.length);
    } finally {
      await drifting.close();
    }
  });

  it('reports an unknown instance as NotFoundError naming it', async () => {
    const source = emulatorSource(emu, provider);
    const error = await source.listBackups({ instanceId: 'no-such-instance' }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('no-such-instance');
    source.close();
  });

  it('reports a wrong secret as AuthenticationError without leaking it', async () => {
    const wrong = { accessKeyId: emu.credentials.accessKeyId, accessKeySecret: 'definitely-wrong-secret' };
    const source = emulatorSource(emu, provider, { credentials: wrong });
    const inst = emu.groundTruth.instances(provider)[0]!;
    const error = await source.listBackups({ instanceId: inst.instanceId }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(error)).not.toContain('definitely-wrong-secret');
    expect((error as AuthenticationError).retryable).toBe(false);
    source.close();
  });
});
