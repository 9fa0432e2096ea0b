import { ConfigurationError } from '../../errors.js';

/**
 * Region ids look like `cn-north-4`, `ap-southeast-1`, `my-kualalumpur-1`, `eu-west-101`. The pattern is checked
 * (the region becomes part of a host name) but the list is not: Huawei adds regions, and a new one must work.
 */
const REGION_PATTERN = /^[a-z]{2}(?:-[a-z0-9]+)+$/;

/** Huawei Cloud Europe is the one region on its own domain. */
const DOMAIN_EXCEPTIONS: Readonly<Record<string, string>> = { 'eu-west-101': 'myhuaweicloud.eu' };
const DEFAULT_DOMAIN = 'myhuaweicloud.com';

export function validateRegion(region: unknown): string {
  if (typeof region !== 'string' || region.trim() === '') {
    throw new ConfigurationError('huawei-rds: region is required, e.g. huaweiRds({ region: "cn-north-4" }).', { provider: 'huawei-rds', field: 'region' });
  }
  if (!REGION_PATTERN.test(region)) {
    throw new ConfigurationError(
      `huawei-rds: region ${JSON.stringify(region)} is not a Huawei Cloud region id; use the lower-case id such as "cn-north-4" or "ap-southeast-1".`,
      { provider: 'huawei-rds', field: 'region' },
    );
  }
  return region;
}

function domainOf(region: string): string {
  return DOMAIN_EXCEPTIONS[region] ?? DEFAULT_DOMAIN;
}

/** IAM's global endpoint: where an account's projects of every region are listed. */
export const IAM_GLOBAL_ENDPOINT = 'https://iam.myhuaweicloud.com';

/** `https://rds.{region}.myhuaweicloud.com` (`.eu` for eu-west-101). */
export function rdsEndpoint(region: string): string {
  return `https://rds.${validateRegion(region)}.${domainOf(region)}`;
}

/** The regional IAM endpoint the official Go SDK uses for project lookups: `https://iam.{region}.myhuaweicloud.com`. */
export function iamEndpoint(region: string): string {
  return `https://iam.${validateRegion(region)}.${domainOf(region)}`;
}

/** The regions the official Go and Node SDKs' RDS region tables list (new regions work too: the pattern is what is checked). */
export const HUAWEI_KNOWN_REGIONS = [
  'af-south-1', 'af-north-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'cn-north-1', 'cn-north-2', 'cn-north-4', 'cn-north-9', 'cn-north-11', 'cn-north-12', 'cn-east-2', 'cn-east-3', 'cn-east-4',
  'cn-east-5', 'cn-south-1', 'cn-south-2', 'cn-south-4', 'cn-southwest-2', 'cn-southwest-3', 'ru-northwest-2', 'ru-moscow-1',
  'sa-brazil-1', 'la-north-2', 'la-south-2', 'na-mexico-1', 'tr-west-1', 'ae-ad-1', 'me-east-1', 'my-kualalumpur-1', 'eu-west-0',
  'eu-west-101',
] as const;
