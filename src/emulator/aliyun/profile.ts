import type { InstanceSeed } from '../model.js';
import type { ProfileContext, ProviderProfile } from '../profile.js';
import { creationTime, dataSize, instanceName } from '../profile.js';
import { chance, pick, randInt, randString, weighted } from '../random.js';
import { aliyunRegion } from './regions.js';

export const aliyunRdsProfile: ProviderProfile = {
  provider: 'aliyun-rds',
  reportsRunning: false,
  reportsDeleting: false,
  makeInstance(rng, index, ctx) {
    const engine = weighted(rng, [['MySQL', 6], ['PostgreSQL', 2.5], ['SQLServer', 1.5]] as const);
    const engineVersion =
      engine === 'MySQL' ? pick(rng, ['5.6', '5.7', '8.0', '8.0'])
      : engine === 'PostgreSQL' ? pick(rng, ['13.0', '14.0', '15.0', '16.0'])
      : pick(rng, ['2017_std_ha', '2019_std_ha', '2019_ent']);
    const prefix = engine === 'PostgreSQL' ? 'pgm-' : 'rm-';
    const cloudDisk = engine !== 'SQLServer' && chance(rng, 0.3);
    const region = aliyunRegion(ctx.region);
    const zone = `${ctx.region}-${pick(rng, region.zones)}`;
    return {
      provider: 'aliyun-rds',
      index,
      account: ctx.account,
      id: `${prefix}${region.idPrefix}${randString(rng, 14)}`,
      name: instanceName(rng, index, engine.toLowerCase()),
      region: ctx.region,
      zone,
      engine,
      engineVersion,
      createdAt: creationTime(rng, ctx),
      dataSizeBytes: dataSize(rng),
      schedule: {
        windowMs: randInt(rng, 0, 7_200) * 1000,
        incrementalPerDay: engine === 'SQLServer' ? 3 : engine === 'MySQL' && chance(rng, 0.3) ? 1 : 0,
        differentialPerDay: 0,
        manualPerDay: 0.08,
        failedRate: 0.03,
        deletingRate: 0,
        newestRunning: false,
      },
      fullMethod: cloudDisk ? 'snapshot' : 'physical',
      manualMethods: engine === 'MySQL' ? ['physical', 'physical', 'logical'] : ['physical'],
      extra: {
        hostInstanceId: randInt(rng, 1_000_000, 99_999_999),
        dbInstanceClass: pick(rng, ['rds.mysql.s2.large', 'mysql.n2.medium.1', 'pg.n2.small.2c', 'mssql.x4.medium.e2']),
        storageType: cloudDisk ? 'cloud_essd' : 'local_ssd',
        category: pick(rng, ['Basic', 'HighAvailability', 'HighAvailability']),
        vpcId: `vpc-${region.idPrefix}${randString(rng, 17)}`,
        vSwitchId: `vsw-${region.idPrefix}${randString(rng, 17)}`,
        custins: randInt(rng, 10_000_000, 99_999_999),
      },
      r: randInt(rng, 0, 0xffffffff),
    };
  },
  backupId: (_inst, numericId) => String(numericId),
};

export const aliyunKvstoreProfile: ProviderProfile = {
  provider: 'aliyun-kvstore',
  reportsRunning: false,
  reportsDeleting: false,
  makeInstance(rng, index, ctx) {
    const engineVersion = pick(rng, ['4.0', '5.0', '6.0', '7.0']);
    const cluster = chance(rng, 0.25);
    const region = aliyunRegion(ctx.region);
    const inst: Omit<InstanceSeed, 'settings' | 'quirks'> = {
      provider: 'aliyun-kvstore',
      index,
      account: ctx.account,
      id: `r-${region.idPrefix}${randString(rng, 14)}`,
      name: instanceName(rng, index, 'redis'),
      region: ctx.region,
      zone: `${ctx.region}-${pick(rng, region.zones)}`,
      engine: 'Redis',
      engineVersion,
      createdAt: creationTime(rng, ctx),
      dataSizeBytes: Math.round(dataSize(rng) / 16),
      schedule: {
        windowMs: randInt(rng, 0, 7_200) * 1000,
        incrementalPerDay: chance(rng, 0.2) ? 1 : 0,
        differentialPerDay: 0,
        manualPerDay: 0.06,
        failedRate: 0.02,
        deletingRate: 0,
        newestRunning: false,
      },
      fullMethod: 'physical',
      manualMethods: ['physical', 'physical', 'logical'],
      extra: {
        architectureType: cluster ? 'cluster' : 'standard',
        instanceClass: cluster ? 'redis.sharding.small.default' : 'redis.master.small.default',
        nodeType: cluster ? 'double' : 'MASTER_SLAVE',
        shardCount: cluster ? 2 : 1,
        capacity: pick(rng, [1024, 2048, 4096, 8192, 16384]),
        port: 6379,
        vpcId: `vpc-${region.idPrefix}${randString(rng, 17)}`,
        vSwitchId: `vsw-${region.idPrefix}${randString(rng, 17)}`,
      },
      r: randInt(rng, 0, 0xffffffff),
    };
    applyClusterShapes(inst, ctx);
    return inst;
  },
  backupId: (_inst, numericId) => String(numericId),
};

/** Shard counts of the clusters the shapes add: 16 shards put a job across a page boundary at every page size. */
const SHARD_COUNTS = [4, 8, 16] as const;

/**
 * Under `kvstoreClusters` every classic cluster reports one row per shard, and the second instance of each
 * account x region (of three) is one; under `kvstoreCloudNative` the third is a cloud-native cluster (the
 * `NodeType` values the DescribeInstances model documents for cloud-native instances), which backs up in full only.
 * Decided after every random draw, so the instance's other values stay what they were.
 */
function applyClusterShapes(inst: Omit<InstanceSeed, 'settings' | 'quirks'>, ctx: ProfileContext): void {
  const { kvstoreClusters, kvstoreCloudNative } = ctx.settings.shapes;
  const shards = SHARD_COUNTS[inst.r % SHARD_COUNTS.length] ?? 8;
  if (kvstoreCloudNative && inst.index % 3 === 2) {
    Object.assign(inst.extra, {
      kind: 'cloud-native-cluster', architectureType: 'cluster', nodeType: 'MASTER_SLAVE', shardCount: shards,
      instanceClass: 'redis.shard.small.2.ce', shardClass: 'redis.shard.small.2.ce',
    });
    inst.schedule.incrementalPerDay = 0;
    return;
  }
  const classic = inst.extra['architectureType'] === 'cluster' || (kvstoreClusters && inst.index % 3 === 1);
  if (!classic) {
    inst.extra['kind'] = 'standard';
    return;
  }
  Object.assign(inst.extra, { kind: 'cluster', architectureType: 'cluster', nodeType: 'double' });
  if (kvstoreClusters) {
    Object.assign(inst.extra, { shardCount: shards, instanceClass: `redis.logic.sharding.2g.${shards}db.0rodb.${shards}proxy.default` });
  }
}
