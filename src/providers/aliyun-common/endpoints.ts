import { ConfigurationError } from '../../errors.js';
import type { ProviderName } from '../../model.js';
import { closestMatch } from '../../suggest.js';

/** The two Aliyun RPC products this library calls. */
export type AliyunProduct = 'rds' | 'r-kvstore';

export const ALIYUN_PRODUCT_OF = {
  'aliyun-rds': 'rds',
  'aliyun-kvstore': 'r-kvstore',
} as const satisfies Record<Extract<ProviderName, `aliyun-${string}`>, AliyunProduct>;

export type AliyunProviderName = keyof typeof ALIYUN_PRODUCT_OF;

// Internal and test region ids that the official clients' `_endpointMap`s send to the central host.
const INTERNAL_CENTRAL_REGIONS = [
  'ap-northeast-2-pop', 'cn-beijing-finance-pop', 'cn-beijing-gov-1', 'cn-beijing-nu16-b01', 'cn-edge-1', 'cn-fujian',
  'cn-haidian-cm12-c01', 'cn-hangzhou-bj-b01', 'cn-hangzhou-internal-prod-1', 'cn-hangzhou-internal-test-1',
  'cn-hangzhou-internal-test-2', 'cn-hangzhou-internal-test-3', 'cn-hangzhou-test-306', 'cn-hongkong-finance-pop',
  'cn-qingdao-nebula', 'cn-shanghai-et15-b01', 'cn-shanghai-et2-b01', 'cn-shanghai-inner', 'cn-shanghai-internal-test-1',
  'cn-shenzhen-inner', 'cn-shenzhen-st4-d01', 'cn-shenzhen-su18-b01', 'cn-wuhan', 'cn-yushanfang', 'cn-zhangbei',
  'cn-zhangbei-na61-b01', 'cn-zhangjiakou-na62-a01', 'cn-zhengzhou-nebula-1', 'eu-west-1-oxs', 'rus-west-1-pop',
] as const;

/**
 * Regions each product serves from its central `<product>.aliyuncs.com` host, as the `_endpointMap` of
 * `@alicloud/rds20140815` 15.x and `@alicloud/r-kvstore20150101` 6.x give them. The products differ:
 * cn-shenzhen, cn-hongkong, ap-southeast-1, us-east-1 and us-west-1 are central for RDS only, cn-wulanchabu
 * and cn-hangzhou-finance for KVStore only.
 */
const CENTRAL_REGIONS: Record<AliyunProduct, ReadonlySet<string>> = {
  rds: new Set([
    'cn-qingdao', 'cn-beijing', 'cn-hangzhou', 'cn-shanghai', 'cn-shenzhen', 'cn-heyuan', 'cn-hongkong', 'ap-southeast-1',
    'us-west-1', 'us-east-1', 'cn-shanghai-finance-1', 'cn-shenzhen-finance-1', 'cn-beijing-finance-1', 'cn-north-2-gov-1',
    ...INTERNAL_CENTRAL_REGIONS,
  ]),
  'r-kvstore': new Set([
    'cn-qingdao', 'cn-beijing', 'cn-wulanchabu', 'cn-hangzhou', 'cn-shanghai', 'cn-heyuan', 'cn-hangzhou-finance',
    ...INTERNAL_CENTRAL_REGIONS,
  ]),
};

/** Hosts that follow neither the central host nor the regional rule. */
const SPECIAL_HOSTS: Record<AliyunProduct, Readonly<Record<string, string>>> = {
  rds: { 'cn-hangzhou-finance': 'rds-vpc.cn-hangzhou-finance.aliyuncs.com' },
  'r-kvstore': {},
};

/** Public regions served by the regional rule `<product>.<region>.aliyuncs.com` (the clients' maps list them). */
const REGIONAL_REGIONS = [
  'cn-zhangjiakou', 'cn-huhehaote', 'cn-wulanchabu', 'cn-nanjing', 'cn-fuzhou', 'cn-guangzhou', 'cn-chengdu', 'cn-wuhan-lr',
  'cn-zhengzhou-jva', 'cn-shenzhen', 'cn-hongkong', 'cn-heyuan-acdr-1', 'cn-wulanchabu-gic-1', 'cn-hangzhou-finance',
  'cn-shanghai-finance-1', 'cn-shenzhen-finance-1', 'cn-beijing-finance-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7', 'ap-south-1', 'us-east-1', 'us-west-1', 'us-southeast-1', 'na-south-1',
  'eu-west-1', 'eu-central-1', 'me-east-1', 'me-central-1',
] as const;

/** Every region id either product's official client knows. */
export const KNOWN_ALIYUN_REGIONS: ReadonlySet<string> = new Set([
  ...CENTRAL_REGIONS.rds,
  ...CENTRAL_REGIONS['r-kvstore'],
  ...REGIONAL_REGIONS,
]);

const REGION_FORMAT = /^[a-z]{2,4}(-[a-z0-9]+)+$/;

/**
 * Checks a region id: it must look like `cn-hangzhou`, and (unless an endpoint override makes the host
 * irrelevant) be one the official clients know, so a typo fails here instead of as a DNS error.
 */
export function validateAliyunRegion(provider: AliyunProviderName, region: unknown, options: { requireKnown: boolean }): string {
  if (typeof region !== 'string' || region.trim() === '') {
    throw new ConfigurationError(`${provider}: region is required, e.g. { region: 'cn-hangzhou' }.`, { provider, field: 'region' });
  }
  if (!REGION_FORMAT.test(region)) {
    throw new ConfigurationError(
      `${provider}: region "${region}" is not an Aliyun region id; use the lower-case id such as 'cn-hangzhou' or 'ap-southeast-1'.`,
      { provider, field: 'region' },
    );
  }
  if (options.requireKnown && !KNOWN_ALIYUN_REGIONS.has(region)) {
    const product = ALIYUN_PRODUCT_OF[provider];
    const hint = closestMatch(region, KNOWN_ALIYUN_REGIONS);
    throw new ConfigurationError(
      `${provider}: unknown region "${region}".` +
        (hint ? ` Did you mean "${hint}"?` : '') +
        ` If it is a new region, pass its endpoint too, e.g. endpoint: 'https://${product}.${region}.aliyuncs.com'.`,
      { provider, field: 'region' },
    );
  }
  return region;
}

/** The host the official client would call for this product and region (no scheme). */
export function aliyunHost(product: AliyunProduct, region: string): string {
  const special = SPECIAL_HOSTS[product][region];
  if (special) return special;
  if (CENTRAL_REGIONS[product].has(region)) return `${product}.aliyuncs.com`;
  return `${product}.${region}.aliyuncs.com`;
}

/** The https base URL for this product and region. */
export function aliyunBaseUrl(product: AliyunProduct, region: string): string {
  return `https://${aliyunHost(product, region)}`;
}
