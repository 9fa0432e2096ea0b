import { resolveEndpointOverride } from '../../endpoint.js';
import { ConfigurationError } from '../../errors.js';
import { rejectUnknownOptions, type CommonSourceOptions } from '../../source.js';
import { ALIYUN_PRODUCT_OF, aliyunBaseUrl, validateAliyunRegion, type AliyunProviderName } from './endpoints.js';

export type AliyunSignatureVersion = 'v3' | 'v1';
export type AliyunResponseFormat = 'json' | 'xml';

/** Options shared by the Aliyun sources (RDS, KVStore). */
export type AliyunSourceOptions = CommonSourceOptions & {
  /** Region id, e.g. `cn-hangzhou`: picks the endpoint (unless `endpoint` is given) and scopes instance discovery. */
  region: string;
  /** `'v3'` (default): ACS3-HMAC-SHA256 as the current official SDK sends it; `'v1'`: RPC HMAC-SHA1 over GET. */
  signatureVersion?: AliyunSignatureVersion;
  /** Response format to ask for. Default `'json'`; `'xml'` yields the same results. */
  format?: AliyunResponseFormat;
};

/** Validated Aliyun options, with the base URL to call. */
export interface ResolvedAliyunOptions {
  region: string;
  signatureVersion: AliyunSignatureVersion;
  format: AliyunResponseFormat;
  baseUrl: string;
}

const ALIYUN_OPTION_KEYS = ['region', 'signatureVersion', 'format'] as const;

/** Validates the Aliyun-specific options (the common ones are checked by createSource) and picks the base URL. */
export function resolveAliyunOptions(provider: AliyunProviderName, options: AliyunSourceOptions): ResolvedAliyunOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(`${provider}: options are required, e.g. { region: 'cn-hangzhou' }.`, { provider, field: 'options' });
  }
  rejectUnknownOptions(provider, options, ALIYUN_OPTION_KEYS);
  const hasEndpoint = options.endpoint !== undefined;
  if (hasEndpoint && typeof options.endpoint !== 'string') {
    throw new ConfigurationError(`${provider}: endpoint must be a URL string.`, { provider, field: 'endpoint' });
  }
  const region = validateAliyunRegion(provider, options.region, { requireKnown: !hasEndpoint });
  const signatureVersion = options.signatureVersion ?? 'v3';
  if (signatureVersion !== 'v3' && signatureVersion !== 'v1') {
    throw new ConfigurationError(`${provider}: signatureVersion must be 'v3' or 'v1', got ${JSON.stringify(signatureVersion)}.`, {
      provider,
      field: 'signatureVersion',
    });
  }
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'xml') {
    throw new ConfigurationError(`${provider}: format must be 'json' or 'xml', got ${JSON.stringify(format)}.`, { provider, field: 'format' });
  }
  const baseUrl = options.endpoint !== undefined
    ? resolveEndpointOverride(provider, options.endpoint)
    : aliyunBaseUrl(ALIYUN_PRODUCT_OF[provider], region);
  return { region, signatureVersion, format, baseUrl };
}
