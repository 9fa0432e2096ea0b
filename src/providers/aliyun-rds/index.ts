import { aliyunCredentialsChain } from '../../credentials/aliyun.js';
import { assumeRole } from '../../credentials/aliyun-sts.js';
import { createSource, type BackupSource } from '../../listing/source.js';
import { KNOWN_ALIYUN_REGIONS } from '../aliyun-common/endpoints.js';
import { ALIYUN_OPTION_INFO, resolveAliyunOptions, type AliyunSourceOptions } from '../aliyun-common/options.js';
import { defineEntry } from '../entry.js';
import { aliyunRdsProvider } from './provider.js';

/** Options of `aliyunRds`: the common source options plus `region`, `signatureVersion` and `format`. */
export type AliyunRdsOptions = AliyunSourceOptions;

/**
 * Aliyun ApsaraDB RDS (MySQL, PostgreSQL, SQL Server, MariaDB) backups through `DescribeBackups`, in one region,
 * several, or every region the account can use (`'*'`, listed through `DescribeRegions` once per source). Instances
 * are discovered with `DescribeDBInstances` unless `instances` names them. Every option is checked here, when the
 * factory is called; credentials are read on the first request.
 *
 * @example
 * ```ts
 * aliyunRds({ region: 'cn-hangzhou' })                  // credentials from the Aliyun env/file chain; instances discovered
 * aliyunRds({ region: '*', excludeRegions: ['cn-shenzhen'], profile: 'prod' })   // a named (or RAM-role) profile
 * aliyunRds({ region: emu.aliyunRegion, endpoint: emu.url, credentials: emu.credentials })   // the emulator
 * ```
 */
export function aliyunRds(options: AliyunRdsOptions): BackupSource<'aliyun-rds'> {
  const aliyun = resolveAliyunOptions('aliyun-rds', options);
  return createSource({
    definition: aliyunRdsProvider(aliyun),
    options: { ...aliyun.options, account: aliyun.options.account ?? aliyun.options.profile },
    regions: aliyun.regions,
    baseUrlFor: aliyun.baseUrlFor,
    credentialsChain: ({ transport, now }) =>
      aliyunCredentialsChain('aliyun-rds', {
        profile: aliyun.options.profile,
        stsEndpoint: aliyun.options.stsEndpoint,
        assume: (keys, role) => assumeRole('aliyun-rds', transport, keys, role, now),
      })(),
  });
}

export const aliyunRdsEntry = defineEntry({
  name: 'aliyun-rds',
  title: 'Aliyun RDS',
  create: (options) => aliyunRds(options as unknown as AliyunRdsOptions),
  location: { key: 'region', known: [...KNOWN_ALIYUN_REGIONS], example: 'cn-hangzhou', optional: false },
  options: ALIYUN_OPTION_INFO,
  emulatorOptions: ({ url, region }) => ({ region, endpoint: url }),
  credentialVariables: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
});
