import { huaweiCredentialChain } from '../../credentials/huawei.js';
import { resolveEndpointOverride } from '../../endpoint.js';
import { ConfigurationError } from '../../errors.js';
import { createSource, defineProvider, rejectUnknownOptions, type BackupSource, type CommonSourceOptions, type ProviderDefinition } from '../../source.js';
import { fetchBackupsPage, LIST_BACKUPS_PAGE_SIZE } from './backups.js';
import { iamEndpoint, rdsEndpoint, validateRegion } from './endpoints.js';
import { listHuaweiInstances } from './instances.js';
import { createProjectIdResolver, validateProjectId, type ProjectIdResolver } from './project.js';

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

/** A Huawei Cloud RDS v3 source for one region (and project). */
export function huaweiRds(options: HuaweiRdsOptions): BackupSource<'huawei-rds'> {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('huawei-rds: huaweiRds() needs an options object, e.g. huaweiRds({ region: "cn-north-4" }).', { provider: PROVIDER });
  }
  rejectUnknownOptions(PROVIDER, options, ['region', 'projectId', 'iamEndpoint']);
  const region = validateRegion(options.region);
  const projectId = options.projectId === undefined ? undefined : validateProjectId(options.projectId, 'projectId');
  const baseUrl = options.endpoint === undefined ? rdsEndpoint(region) : resolveEndpointOverride(PROVIDER, options.endpoint);
  const iamBaseUrl = options.iamEndpoint === undefined ? iamEndpoint(region) : resolveEndpointOverride(PROVIDER, options.iamEndpoint, 'iamEndpoint');
  const chain = huaweiCredentialChain();
  const usesChain = options.credentials === undefined;

  const projectIds = createProjectIdResolver({
    region,
    ...(projectId !== undefined ? { projectId } : {}),
    // A project id belongs to the account whose keys it came with: only used with those keys.
    ...(usesChain ? { defaultProjectId: () => chain.projectId() } : {}),
    iamBaseUrl,
    ...(options.endpoint !== undefined && options.iamEndpoint === undefined
      ? {
          iamLookupRefusal:
            `huawei-rds: endpoint is overridden (${baseUrl}) but the project id is unknown and iamEndpoint is not set; ` +
            `refusing to send these credentials to the public IAM endpoint ${iamBaseUrl}. Pass projectId, or iamEndpoint for the lookup.`,
        }
      : {}),
  });

  return createSource({
    definition: huaweiRdsDefinition(projectIds),
    options,
    region,
    baseUrl,
    credentialsChain: () => chain.credentials(),
  });
}

/** The provider definition, bound to one source's project id resolver. */
export function huaweiRdsDefinition(projectIds: ProjectIdResolver): ProviderDefinition<'huawei-rds'> {
  return defineProvider({
    provider: PROVIDER,
    paging: { kind: 'offset', pageSize: LIST_BACKUPS_PAGE_SIZE },
    capabilities: {
      // `backup_type` pins mode and type together (see backupTypePushdown); `status` filters only SQL Server
      // full backups server-side, so it is never pushed.
      pushdown: ['mode', 'type', 'time'],
      timeWindow: 'optional',
    },
    fetchBackupsPage: (ctx, args) => fetchBackupsPage(ctx, projectIds, args),
    listInstances: (ctx, listOptions) => listHuaweiInstances(ctx, projectIds, listOptions),
  });
}
