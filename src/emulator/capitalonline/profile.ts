import type { InstanceSeed } from '../model.js';
import type { ProviderProfile } from '../profile.js';
import { creationTime, dataSize, instanceName } from '../profile.js';
import { chance, pick, randInt, randUuid } from '../random.js';
import { CAPITALONLINE_REGION_CATALOGUE, capitalOnlineRegion } from './sites.js';

export const capitalOnlineProfile: ProviderProfile = {
  provider: 'capitalonline-mysql',
  emptyInstances: true,
  // Only `finished` is documented.
  reportsFailed: false,
  reportsRunning: false,
  reportsDeleting: false,
  makeInstance(rng, index, ctx) {
    // The region once was a random pick; the draw stays so every later value is what it was.
    pick(rng, CAPITALONLINE_REGION_CATALOGUE);
    const { id: regionId, displayName, vdcName, site } = capitalOnlineRegion(ctx.region);
    const ha = chance(rng, 0.7);
    const inst: Omit<InstanceSeed, 'settings' | 'quirks'> = {
      provider: 'capitalonline-mysql',
      index,
      account: ctx.account,
      id: randUuid(rng),
      name: instanceName(rng, index, 'mysql'),
      region: regionId,
      zone: regionId,
      engine: 'MySQL',
      engineVersion: pick(rng, ['5.6.40', '5.7.24', '8.0.23']),
      createdAt: creationTime(rng, ctx),
      dataSizeBytes: dataSize(rng),
      schedule: {
        windowMs: randInt(rng, 0, 3_600) * 1000,
        incrementalPerDay: 0,
        differentialPerDay: 0,
        manualPerDay: 0.1,
        // Only `finished` is documented, so the data holds no failed or running backups.
        failedRate: 0,
        deletingRate: 0,
        newestRunning: false,
      },
      fullMethod: 'physical',
      manualMethods: ['physical', 'logical', 'logical'],
      extra: {
        displayName,
        vdcName,
        site,
        vdcId: randUuid(rng),
        resourceId: randUuid(rng),
        ip: `10.${randInt(rng, 0, 255)}.${randInt(rng, 0, 255)}.${randInt(rng, 2, 254)}`,
        port: 3306,
        cpu: pick(rng, [2, 4, 8]),
        ram: pick(rng, [4096, 8192, 16384]),
        disks: pick(rng, [100, 200, 500]),
        subProductName: ha ? 'MySQL 高可用版' : 'MySQL 基础版',
        subProductKey: ha ? 'mysql-replication' : 'mysql-standalone',
      },
      r: randInt(rng, 0, 0xffffffff),
    };
    // Under emptyBodies the first instance of each account x region states its version as a JSON number
    // (a version a number can carry exactly), after every random draw so nothing else changes.
    if (ctx.settings.shapes.emptyBodies && index === 0) {
      inst.engineVersion = '5.7';
      inst.extra['numericVersion'] = 1;
    }
    return inst;
  },
  backupId: (_inst, _numericId, rng) => randUuid(rng),
};
