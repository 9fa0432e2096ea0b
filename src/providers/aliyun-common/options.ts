import { z } from 'zod';
import { resolveEndpointOverride } from '../../endpoint.js';
import { endpointTemplate } from '../../listing/endpoint-template.js';
import { commonOptionsShape, parseOptions, type CommonSourceOptions } from '../../listing/options.js';
import { regionSelection, type RegionSelection } from '../../listing/regions.js';
import type { ProviderOptionInfo } from '../entry.js';
import { ALIYUN_PRODUCT_OF, aliyunBaseUrl, validateAliyunRegion, type AliyunProviderName } from './endpoints.js';

/** How Aliyun requests are signed: `v3` (ACS3-HMAC-SHA256, the default) or `v1` (RPC HMAC-SHA1 over GET). */
export type AliyunSignatureVersion = 'v3' | 'v1';
/** The response format asked of Aliyun: `json` (default) or `xml`; both yield the same backups. */
export type AliyunResponseFormat = 'json' | 'xml';

/** Options shared by the Aliyun sources (RDS, KVStore). */
export type AliyunSourceOptions = CommonSourceOptions & {
  /**
   * Region id (`cn-hangzhou`), a list of them, or `'*'` for every region the account can use (listed through
   * `DescribeRegions` when a listing starts). Picks the endpoint of each region (unless `endpoint` is given).
   */
  region: string | readonly string[];
  /** Regions to leave out of `'*'` (or of the list). */
  excludeRegions?: readonly string[];
  /**
   * A named profile of `~/.alibabacloud/credentials` (`[name]`) or of the aliyun CLI's `~/.aliyun/config.json`:
   * access keys, STS tokens, or a RAM role to assume (`ram_role_arn` / `RamRoleArn`). Default: the usual chain.
   */
  profile?: string;
  /** The STS endpoint for RAM-role profiles. Default: the profile's, else `sts.{ALIBABA_CLOUD_STS_REGION}.aliyuncs.com`, else `sts.aliyuncs.com`. */
  stsEndpoint?: string;
  /** `'v3'` (default): ACS3-HMAC-SHA256 as the current official SDK sends it; `'v1'`: RPC HMAC-SHA1 over GET. */
  signatureVersion?: AliyunSignatureVersion;
  /** Response format to ask for. Default `'json'`; `'xml'` yields the same results. */
  format?: AliyunResponseFormat;
};

/** Validated Aliyun options, with the base URL of each region. */
export interface ResolvedAliyunOptions {
  options: AliyunSourceOptions;
  regions: RegionSelection;
  signatureVersion: AliyunSignatureVersion;
  format: AliyunResponseFormat;
  baseUrlFor: (region: string) => string;
  /** Where `DescribeRegions` is asked for `'*'`: the central host (every region's list is the same), or the override. */
  regionsBaseUrl: string;
}

export const aliyunOptionsSchema = z
  .object({
    ...commonOptionsShape,
    region: z.union([z.string(), z.array(z.string())], { error: "region is required: a region id such as 'cn-hangzhou', a list of them, or '*'" }),
    excludeRegions: z.array(z.string(), { error: 'excludeRegions must be an array of region ids' }).optional(),
    profile: z.string({ error: 'profile must be the name of a credentials profile' }).min(1, 'profile must not be empty').optional(),
    stsEndpoint: z.string({ error: 'stsEndpoint must be a URL string' }).optional(),
    signatureVersion: z.enum(['v3', 'v1'], { error: "signatureVersion must be 'v3' or 'v1'" }).optional(),
    format: z.enum(['json', 'xml'], { error: "format must be 'json' or 'xml'" }).optional(),
  })
  .strict();

/** Validates every option (the common ones included) when the factory is called, and picks each region's base URL. */
export function resolveAliyunOptions(provider: AliyunProviderName, input: unknown): ResolvedAliyunOptions {
  const options = parseOptions(provider, aliyunOptionsSchema, input, provider) as AliyunSourceOptions;
  const hasEndpoint = options.endpoint !== undefined;
  const check = (region: string) => validateAliyunRegion(provider, region, { requireKnown: !hasEndpoint });
  const regions = regionSelection(provider, 'region', options.region, options.excludeRegions, check);
  const product = ALIYUN_PRODUCT_OF[provider];
  const baseUrlFor = hasEndpoint ? endpointTemplate(provider, options.endpoint!, '{region}', 'cn-hangzhou') : (region: string) => aliyunBaseUrl(product, region);
  if (options.stsEndpoint !== undefined) resolveEndpointOverride(provider, options.stsEndpoint, 'stsEndpoint');
  return {
    options,
    regions,
    signatureVersion: options.signatureVersion ?? 'v3',
    format: options.format ?? 'json',
    baseUrlFor,
    regionsBaseUrl: hasEndpoint ? baseUrlFor('cn-hangzhou') : aliyunBaseUrl(product, 'cn-hangzhou'),
  };
}

/** The Aliyun-specific options, for the CLI's flags and the config file. */
export const ALIYUN_OPTION_INFO = [
  { key: 'signatureVersion', flag: 'signature-version', placeholder: '<v3|v1>', description: 'Aliyun signature: v3 (ACS3-HMAC-SHA256, default) or v1 (HMAC-SHA1)', choices: ['v3', 'v1'] },
  { key: 'format', flag: 'aliyun-format', placeholder: '<json|xml>', description: 'the response format to ask Aliyun for (default json)', choices: ['json', 'xml'] },
  { key: 'stsEndpoint', flag: 'sts-endpoint', placeholder: '<url>', description: 'the Aliyun STS base URL for RAM-role profiles (default: the profile\'s, else the STS endpoint of its region)' },
] as const satisfies readonly ProviderOptionInfo[];
