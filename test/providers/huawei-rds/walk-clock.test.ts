import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { createSource } from '../../../src/listing/source.js';
import { createProjectDirectory } from '../../../src/providers/huawei-rds/project.js';
import { huaweiRdsProvider } from '../../../src/providers/huawei-rds/provider.js';

/**
 * Every page of one walk must ask for the same window: an open-ended window's end is computed from the walk's
 * clock, fixed when the walk starts, not from the time each page is signed. The clock here advances 1.5 s on
 * every reading, so pages straddle seconds.
 */
describe('huawei-rds walk clock', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 3, instances: { 'huawei-rds': 1 }, backupsPerInstance: { 'huawei-rds': 350 }, anchorTime: new Date() });
  });
  afterAll(() => emu.close());

  it('sends one end_time for every page of a walk whose pages straddle seconds', async () => {
    let tick = Date.now();
    const clock = () => new Date((tick += 1500));
    const source = createSource({
      definition: huaweiRdsProvider(createProjectDirectory({ projectId: emu.huaweiProjectId, iamBaseUrlFor: () => emu.iamEndpoint }), emu.iamEndpoint),
      options: { credentials: emu.credentials, pageConcurrency: 1 },
      regions: { kind: 'list', regions: [emu.huaweiRegion] },
      baseUrlFor: () => emu.endpoints['huawei-rds'],
      credentialsChain: async () => emu.credentials,
      now: clock,
    });
    const instanceId = emu.groundTruth.instances('huawei-rds')[0]!.instanceId;
    emu.clearRequestLog();
    const since = new Date(Date.now() - 400 * 86_400_000);
    const listed = await source.listBackups({ instanceId, since }).toArray();
    const pages = emu.requestLog().filter((e) => e.action === 'ListBackups');
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(new Set(pages.map((e) => e.params['end_time'])).size).toBe(1);
    expect(new Set(pages.map((e) => e.params['begin_time'])).size).toBe(1);
    expect(listed.length).toBe(emu.groundTruth.backups('huawei-rds', instanceId).filter((b) => b.startTime >= since).length);
    source.close();
  });
});
