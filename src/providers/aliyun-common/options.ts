import { z } from 'zod';
import { resolveEndpointOverride } from '../../endpoint.js';
import { commonOptionsShape, parseOptions, type CommonSourceOptions } from '../../listing/options.js';
import type { ProviderOptionInfo } from '../entry.js';
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
  options: AliyunSourceOptions;
  region: string;
  signatureVersion: AliyunSignatureVersion;
  format: AliyunResponseFormat;
  baseUrl: string;
}

export const aliyunOptionsSchema = z
  .object({
    ...commonOptionsShape,
    region: z.string({ error: "region is required, e.g. { region: 'cn-hangzhou' }" }),
    signatureVersion: z.enum(['v3', 'v1'], { error: "signatureVersion must be 'v3' or 'v1'" }).optional(),
    format: z.enum(['json', 'xml'], { error: "format must be 'json' or 'xml'" }).optional(),
  })
  .strict();

/** Validates every option (the common ones included) when the factory is called, and picks the base URL. */
export function resolveAliyunOptions(provider: AliyunProviderName, input: unknown): ResolvedAliyunOptions {
  const options = parseOptions(provider, aliyunOptionsSchema, input, provider) as AliyunSourceOptions;
  const hasEndpoint = options.endpoint !== undefined;
  const region = validateAliyunRegion(provider, options.region, { requireKnown: !hasEndpoint });
  const baseUrl = hasEndpoint ? resolveEndpointOverride(provider, options.endpoint!) : aliyunBaseUrl(ALIYUN_PRODUCT_OF[provider], region);
  return { options, region, signatureVersion: options.signatureVersion ?? 'v3', format: options.format ?? 'json', baseUrl };
}

/** The Aliyun-specific options, for the CLI's flags and the config file. */
export const ALIYUN_OPTION_INFO = [
  { key: 'signatureVersion', flag: 'signature-version', placeholder: '<v3|v1>', description: 'Aliyun signature: v3 (ACS3-HMAC-SHA256, default) or v1 (HMAC-SHA1)', choices: ['v3', 'v1'] },
  { key: 'format', flag: 'aliyun-format', placeholder: '<json|xml>', description: 'the response format to ask Aliyun for (default json)', choices: ['json', 'xml'] },
] as const satisfies readonly ProviderOptionInfo[];
