import { z } from 'zod';
import { huaweiCredentialChain } from '../../credentials/huawei.js';
import { resolveEndpointOverride } from '../../endpoint.js';
import { commonOptionsShape, parseOptions, type CommonSourceOptions } from '../../listing/options.js';
import { createSource, type BackupSource } from '../../listing/source.js';
import { endpointTemplate } from '../../listing/endpoint-template.js';
import { regionSelection } from '../../listing/regions.js';
import { ConfigurationError } from '../../errors.js';
import { defineEntry } from '../entry.js';
import { HUAWEI_KNOWN_REGIONS, IAM_GLOBAL_ENDPOINT, iamEndpoint, rdsEndpoint, validateRegion } from './endpoints.js';
import { createProjectDirectory, validateProjectId } from './project.js';
import { huaweiRdsProvider } from './provider.js';

/** Options of `huaweiRds`: the common source options plus `region`, `excludeRegions`, `projectId`, `iamEndpoint` and `profile`. */
export interface HuaweiRdsOptions extends CommonSourceOptions {
  /**
   * Region id (`cn-north-4`), a list of them, or `'*'` for every region the account has a project in (listed through
   * IAM `GET /v3/auth/projects` when a listing starts, which also gives each region's project id).
   */
  region: HuaweiRegion | readonly HuaweiRegion[] | '*';
  /** Regions to leave out of `'*'` (or of the list). */
  excludeRegions?: readonly string[];
  /**
   * The region's project id, for a source of one region. Default: `HUAWEICLOUD_SDK_PROJECT_ID` or the profile's
   * `project_id` when the credentials come from the env/file chain, else looked up once through IAM.
   */
  projectId?: string;
  /** IAM base URL for project lookups (may hold `{region}`). Default `https://iam.{region}.myhuaweicloud.com`; `'*'` asks `https://iam.myhuaweicloud.com`. */
  iamEndpoint?: string;
  /** A section of `~/.huaweicloud/credentials` other than `[basic]`. Default: the usual chain. */
  profile?: string;
}

/** A Huawei Cloud region id: the known ones are suggested by editors; new regions are accepted too. */
export type HuaweiRegion = (typeof HUAWEI_KNOWN_REGIONS)[number] | (string & {});

const PROVIDER = 'huawei-rds';

const huaweiOptionsSchema = z
  .object({
    ...commonOptionsShape,
    region: z.union([z.string(), z.array(z.string())], { error: 'region is required: a region id such as "cn-north-4", a list of them, or "*"' }),
    excludeRegions: z.array(z.string(), { error: 'excludeRegions must be an array of region ids' }).optional(),
    profile: z.string({ error: 'profile must be a section name of ~/.huaweicloud/credentials' }).min(1).optional(),
    projectId: z.string({ error: 'projectId must be a string' }).optional(),
    iamEndpoint: z.string({ error: 'iamEndpoint must be a URL string' }).optional(),
  })
  .strict();

/**
 * Huawei Cloud RDS v3 backups (MySQL, PostgreSQL, SQL Server, MariaDB) through `ListBackups`, in one region, several,
 * or every region the account has a project in (`'*'`, through IAM `GET /v3/auth/projects`). Instances are discovered
 * with `ListInstances` unless `instances` names them. Every option is checked here, when the factory is called.
 *
 * @example
 * ```ts
 * huaweiRds({ region: 'cn-north-4' })                   // project id resolved through IAM when not given
 * huaweiRds({ region: '*', profile: 'prod' })           // section [prod] of ~/.huaweicloud/credentials
 * huaweiRds({ region: emu.huaweiRegion, endpoint: emu.url, iamEndpoint: emu.iamEndpoint, credentials: emu.credentials })
 * ```
 */
export function huaweiRds(input: HuaweiRdsOptions): BackupSource<'huawei-rds'> {
  const options = parseOptions(PROVIDER, huaweiOptionsSchema, input, PROVIDER) as HuaweiRdsOptions;
  const regions = regionSelection(PROVIDER, 'region', options.region, options.excludeRegions, validateRegion);
  const single = regions.kind === 'list' && regions.regions.length === 1;
  if (options.projectId !== undefined && !single) {
    throw new ConfigurationError('huawei-rds: projectId belongs to one region, but this source covers several: leave it out (each region\'s project id is looked up), or use one region.', {
      provider: PROVIDER,
      field: 'projectId',
    });
  }
  const projectId = options.projectId === undefined ? undefined : validateProjectId(options.projectId, 'projectId');
  const baseUrlFor = options.endpoint === undefined ? rdsEndpoint : endpointTemplate(PROVIDER, options.endpoint, '{region}', 'cn-north-4');
  const iamBaseUrlFor =
    options.iamEndpoint === undefined ? iamEndpoint : endpointTemplate(PROVIDER, options.iamEndpoint, '{region}', 'cn-north-4', 'iamEndpoint');
  const iamGlobalUrl = options.iamEndpoint === undefined || options.iamEndpoint.includes('{region}') ? IAM_GLOBAL_ENDPOINT : iamBaseUrlFor('*');
  const chain = huaweiCredentialChain({ profile: options.profile });
  const usesChain = options.credentials === undefined;

  const projects = createProjectDirectory({
    projectId,
    // A project id belongs to the account whose keys it came with, and to one region: used only then.
    defaultProjectId: usesChain && single ? () => chain.projectId() : undefined,
    iamBaseUrlFor,
    refuseIamLookup: options.endpoint !== undefined && options.iamEndpoint === undefined,
  });

  return createSource({
    definition: huaweiRdsProvider(projects, iamGlobalUrl),
    options: { ...options, account: options.account ?? options.profile },
    regions,
    baseUrlFor,
    credentialsChain: () => chain.credentials(),
  });
}

export const huaweiRdsEntry = defineEntry({
  name: 'huawei-rds',
  title: 'Huawei Cloud RDS',
  create: (options) => huaweiRds(options as unknown as HuaweiRdsOptions),
  location: { key: 'region', known: HUAWEI_KNOWN_REGIONS, example: 'cn-north-4', optional: false },
  options: [
    { key: 'projectId', flag: 'project-id', placeholder: '<id>', description: "the Huawei region's project id (default: looked up through IAM)" },
    { key: 'iamEndpoint', flag: 'iam-endpoint', placeholder: '<url>', description: 'the Huawei IAM base URL for project lookups' },
  ],
  emulatorOptions: ({ url, iamEndpoint, region }) => ({ region, endpoint: url, iamEndpoint }),
  credentialVariables: ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
});
