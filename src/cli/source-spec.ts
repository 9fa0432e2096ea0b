import {
  aliyunKvstore,
  aliyunRds,
  capitalOnlineMysql,
  huaweiRds,
  type AliyunResponseFormat,
  type AliyunSignatureVersion,
  type BackupSource,
  type CapitalOnlineSite,
  type CredentialsInput,
  type ProviderName,
} from '../index.js';

export const ALIYUN_SIGNATURE_VERSIONS = ['v3', 'v1'] as const satisfies readonly AliyunSignatureVersion[];
export const ALIYUN_FORMATS = ['json', 'xml'] as const satisfies readonly AliyunResponseFormat[];

/**
 * One source as the command line or the config file describes it: no secrets, ever
 * (credentials come from each provider's env/file chain).
 */
export type SourceSpec =
  | (SpecCommon & { provider: 'aliyun-rds' | 'aliyun-kvstore'; region?: string; signatureVersion?: AliyunSignatureVersion; format?: AliyunResponseFormat })
  | (SpecCommon & { provider: 'huawei-rds'; region?: string; projectId?: string; iamEndpoint?: string })
  | (SpecCommon & { provider: 'capitalonline-mysql'; site?: CapitalOnlineSite; timeZone?: string });

interface SpecCommon {
  instances?: string[];
  endpoint?: string;
  timeoutMs?: number;
}

/** Providers whose sources are per region (CapitalOnline is per site instead). */
export const REGIONAL_PROVIDERS: ReadonlySet<ProviderName> = new Set(['aliyun-rds', 'aliyun-kvstore', 'huawei-rds']);

/** The env variables each provider's credential chain reads first: what error messages tell users to set. */
export const CREDENTIAL_ENV_VARS: Record<ProviderName, readonly [id: string, secret: string]> = {
  'aliyun-rds': ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  'aliyun-kvstore': ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  'huawei-rds': ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
  'capitalonline-mysql': ['CDS_SECRET_ID', 'CDS_SECRET_KEY'],
};

/**
 * Creates the library source a spec describes. `credentials` is only for the in-process demo; the CLI
 * itself leaves it out so each provider's own chain is used. The factories validate the values
 * (region names, URLs) and throw `ConfigurationError`s that say what to fix.
 */
export function buildSource(spec: SourceSpec, credentials?: CredentialsInput): BackupSource {
  const common = {
    ...(spec.instances !== undefined ? { instances: spec.instances } : {}),
    ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint } : {}),
    ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  };
  switch (spec.provider) {
    case 'aliyun-rds':
    case 'aliyun-kvstore': {
      const options = {
        ...common,
        region: spec.region ?? '',
        ...(spec.signatureVersion !== undefined ? { signatureVersion: spec.signatureVersion } : {}),
        ...(spec.format !== undefined ? { format: spec.format } : {}),
      };
      return spec.provider === 'aliyun-rds' ? aliyunRds(options) : aliyunKvstore(options);
    }
    case 'huawei-rds':
      return huaweiRds({
        ...common,
        region: spec.region ?? '',
        ...(spec.projectId !== undefined ? { projectId: spec.projectId } : {}),
        ...(spec.iamEndpoint !== undefined ? { iamEndpoint: spec.iamEndpoint } : {}),
      });
    case 'capitalonline-mysql':
      return capitalOnlineMysql({
        ...common,
        ...(spec.site !== undefined ? { site: spec.site } : {}),
        ...(spec.timeZone !== undefined ? { timeZone: spec.timeZone } : {}),
      });
  }
}
