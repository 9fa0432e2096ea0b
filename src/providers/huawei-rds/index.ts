import { z } from 'zod';
import { huaweiCredentialChain } from '../../credentials/huawei.js';
import { resolveEndpointOverride } from '../../endpoint.js';
import { commonOptionsShape, parseOptions, type CommonSourceOptions } from '../../listing/options.js';
import { createSource, type BackupSource } from '../../listing/source.js';
import { defineEntry } from '../entry.js';
import { HUAWEI_KNOWN_REGIONS, iamEndpoint, rdsEndpoint, validateRegion } from './endpoints.js';
import { createProjectIdResolver, validateProjectId } from './project.js';
import { huaweiRdsProvider } from './provider.js';

export interface HuaweiRdsOptions extends CommonSourceOptions {
  /** Region id, e.g. `cn-north-4`. */
  region: string;
  /**
   * The region's project id. Default: `HUAWEICLOUD_SDK_PROJECT_ID` or the profile's `project_id` when the
   * credentials come from the env/file chain, else looked up once through IAM (`GET /v3/projects?name={region}`).
   */
  projectId?: string;
  /** IAM base URL for that lookup. Default `https://iam.{region}.myhuaweicloud.com`. */
  iamEndpoint?: string;
}

const PROVIDER = 'huawei-rds';

const huaweiOptionsSchema = z
  .object({
    ...commonOptionsShape,
    region: z.string({ error: 'region is required, e.g. huaweiRds({ region: "cn-north-4" })' }),
    projectId: z.string({ error: 'projectId must be a string' }).optional(),
    iamEndpoint: z.string({ error: 'iamEndpoint must be a URL string' }).optional(),
  })
  .strict();

/**
 * Huawei Cloud RDS v3 backups (MySQL, PostgreSQL, SQL Server, MariaDB) of one region, through `ListBackups`.
 * Every option is checked here, when the factory is called.
 *
 * @example
 * ```ts
 * huaweiRds({ region: 'cn-north-4' })   // project id resolved through IAM when not given
 * ```
 */
export function huaweiRds(input: HuaweiRdsOptions): BackupSource<'huawei-rds'> {
  const options = parseOptions(PROVIDER, huaweiOptionsSchema, input, PROVIDER) as HuaweiRdsOptions;
  const region = validateRegion(options.region);
  const projectId = options.projectId === undefined ? undefined : validateProjectId(options.projectId, 'projectId');
  const baseUrl = options.endpoint === undefined ? rdsEndpoint(region) : resolveEndpointOverride(PROVIDER, options.endpoint);
  const iamBaseUrl = options.iamEndpoint === undefined ? iamEndpoint(region) : resolveEndpointOverride(PROVIDER, options.iamEndpoint, 'iamEndpoint');
  const chain = huaweiCredentialChain();
  const usesChain = options.credentials === undefined;

  const projectIds = createProjectIdResolver({
    region,
    projectId,
    // A project id belongs to the account whose keys it came with: only used with those keys.
    defaultProjectId: usesChain ? () => chain.projectId() : undefined,
    iamBaseUrl,
    iamLookupRefusal:
      options.endpoint !== undefined && options.iamEndpoint === undefined
        ? `huawei-rds: endpoint is overridden (${baseUrl}) but the project id is unknown and iamEndpoint is not set; ` +
          `refusing to send these credentials to the public IAM endpoint ${iamBaseUrl}. Pass projectId (--project-id), or iamEndpoint (--iam-endpoint) for the lookup.`
        : undefined,
  });

  return createSource({
    definition: huaweiRdsProvider(projectIds),
    options,
    region,
    baseUrl,
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
  credentialVariables: ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
});
