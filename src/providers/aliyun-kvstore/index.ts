import { aliyunCredentialsChain } from '../../credentials/aliyun.js';
import { assumeRole } from '../../credentials/aliyun-sts.js';
import { createSource, type BackupSource } from '../../listing/source.js';
import { KNOWN_ALIYUN_REGIONS } from '../aliyun-common/endpoints.js';
import { ALIYUN_OPTION_INFO, resolveAliyunOptions, type AliyunSourceOptions } from '../aliyun-common/options.js';
import { defineEntry } from '../entry.js';
import { kvstoreProvider } from './provider.js';

/**
 * Options of `aliyunKvstore`: the common source options plus `region` (required), `signatureVersion`
 * (`'v3'` default, or `'v1'`) and `format` (`'json'` default, or `'xml'`).
 */
export type AliyunKvstoreOptions = AliyunSourceOptions;

/**
 * Aliyun KVStore (Redis, Tair, Memcache) backups: `DescribeBackups`, and `DescribeClusterBackupList` for cloud-native
 * clusters, in one region, several, or every region (`'*'`, through `DescribeRegions`). Instances are discovered with
 * `DescribeInstances` unless `instances` names them. A cluster's per-shard rows of one backup job come out as one
 * backup with its `parts`. Every option is checked here, when the factory is called.
 *
 * @example
 * ```ts
 * aliyunKvstore({ region: 'cn-hangzhou', instances: ['r-bp1xxxx'] })   // one instance: no discovery
 * aliyunKvstore({ region: '*', profile: 'prod' })
 * ```
 */
export function aliyunKvstore(options: AliyunKvstoreOptions): BackupSource<'aliyun-kvstore'> {
  const aliyun = resolveAliyunOptions('aliyun-kvstore', options);
  return createSource({
    definition: kvstoreProvider(aliyun),
    options: { ...aliyun.options, account: aliyun.options.account ?? aliyun.options.profile },
    regions: aliyun.regions,
    baseUrlFor: aliyun.baseUrlFor,
    credentialsChain: ({ transport, now }) =>
      aliyunCredentialsChain('aliyun-kvstore', {
        profile: aliyun.options.profile,
        stsEndpoint: aliyun.options.stsEndpoint,
        assume: (keys, role) => assumeRole('aliyun-kvstore', transport, keys, role, now),
      })(),
  });
}

export const aliyunKvstoreEntry = defineEntry({
  name: 'aliyun-kvstore',
  title: 'Aliyun KVStore (Redis, Tair)',
  create: (options) => aliyunKvstore(options as unknown as AliyunKvstoreOptions),
  location: { key: 'region', known: [...KNOWN_ALIYUN_REGIONS], example: 'cn-hangzhou', optional: false },
  options: ALIYUN_OPTION_INFO,
  emulatorOptions: ({ url, region }) => ({ region, endpoint: url }),
  credentialVariables: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
});
