import type { ProviderProfile } from '../profile.js';
import { creationTime, dataSize, instanceName } from '../profile.js';
import { chance, pick, randHex, randInt, weighted } from '../random.js';

/** Huawei suffixes ids by engine: MySQL in01/br01, PostgreSQL in03/br03, SQL Server in04/br04. */
const SUFFIX: Record<string, string> = { MySQL: '01', PostgreSQL: '03', SQLServer: '04' };

export const huaweiRdsProfile: ProviderProfile = {
  provider: 'huawei-rds',
  // ListBackups reports `size` in KB.
  sizeUnitBytes: 1024,
  emptyInstances: true,
  reportsRunning: true,
  reportsDeleting: true,
  makeInstance(rng, index, ctx) {
    const engine = weighted(rng, [['MySQL', 5], ['PostgreSQL', 3], ['SQLServer', 2]] as const);
    const engineVersion =
      engine === 'MySQL' ? pick(rng, ['5.7', '8.0', '8.0'])
      : engine === 'PostgreSQL' ? pick(rng, ['12', '13', '14', '15'])
      : pick(rng, ['2017_SE', '2019_SE', '2019_EE']);
    const sqlServer = engine === 'SQLServer';
    return {
      provider: 'huawei-rds',
      index,
      account: ctx.account,
      id: `${randHex(rng, 32)}in${SUFFIX[engine] ?? '01'}`,
      name: instanceName(rng, index, `rds-${engine.toLowerCase()}`),
      region: ctx.region,
      zone: `${ctx.region}${pick(rng, ['a', 'b', 'c', 'g'])}`,
      engine,
      engineVersion,
      createdAt: creationTime(rng, ctx),
      dataSizeBytes: dataSize(rng),
      schedule: {
        windowMs: randInt(rng, 0, 7_200) * 1000,
        incrementalPerDay: sqlServer ? 0 : randInt(rng, 2, 5),
        differentialPerDay: sqlServer ? 1 : 0,
        manualPerDay: 0.08,
        failedRate: 0.03,
        deletingRate: 0.01,
        newestRunning: chance(rng, 0.34),
      },
      // ListBackups reports no method: the truth is what the record says.
      fullMethod: 'unknown',
      manualMethods: ['unknown'],
      extra: {
        // Most records are in Beijing time; some instances report +0000 (both appear in Huawei's docs).
        offsetMinutes: chance(rng, 0.3) ? 0 : 480,
        port: engine === 'MySQL' ? 3306 : engine === 'PostgreSQL' ? 5432 : 1433,
        flavor: engine === 'MySQL' ? 'rds.mysql.x1.large.2.ha' : engine === 'PostgreSQL' ? 'rds.pg.x1.large.2.ha' : 'rds.mssql.x1.large.2.ha',
        volumeSize: pick(rng, [40, 100, 200, 500, 1000]),
        type: chance(rng, 0.7) ? 'Ha' : 'Single',
        privateIp: `192.168.${randInt(rng, 0, 255)}.${randInt(rng, 2, 254)}`,
        vpcId: randUuidLike(rng),
        subnetId: randUuidLike(rng),
        securityGroupId: randUuidLike(rng),
      },
      r: randInt(rng, 0, 0xffffffff),
    };
  },
  backupId: (inst, _numericId, rng) => `${randHex(rng, 32)}br${SUFFIX[inst.engine] ?? '01'}`,
};

function randUuidLike(rng: () => number): string {
  const h = randHex(rng, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
