/**
 * The Aliyun regions the emulator knows, and the two `DescribeRegions` answers built from them:
 * RDS lists one row per zone (RegionId repeats), KVStore one row per region with its zones joined.
 * Endpoints follow each SDK's own endpoint map (rds20140815 15.4, r-kvstore20150101 6.4).
 */
interface AliyunRegion {
  id: string;
  /** Zone letters: zone ids are `${id}-${letter}`. */
  zones: readonly string[];
  /** The region's id infix in instance, VPC and vSwitch ids (`rm-bp1…` is Hangzhou). */
  idPrefix: string;
  city: { en: string; zh: string };
  name: { en: string; zh: string };
  rdsEndpoint: string;
  kvstoreEndpoint: string;
}

const CENTRAL_RDS = 'rds.aliyuncs.com';
const CENTRAL_KVSTORE = 'r-kvstore.aliyuncs.com';

export const ALIYUN_REGION_CATALOGUE: readonly AliyunRegion[] = [
  { id: 'cn-hangzhou', zones: ['h', 'i', 'j', 'k'], idPrefix: 'bp1', city: { en: 'Hangzhou', zh: '杭州' }, name: { en: 'China (Hangzhou)', zh: '华东1（杭州）' }, rdsEndpoint: CENTRAL_RDS, kvstoreEndpoint: CENTRAL_KVSTORE },
  { id: 'cn-beijing', zones: ['g', 'h', 'i', 'j', 'k', 'l'], idPrefix: '2ze', city: { en: 'Beijing', zh: '北京' }, name: { en: 'China (Beijing)', zh: '华北2（北京）' }, rdsEndpoint: CENTRAL_RDS, kvstoreEndpoint: CENTRAL_KVSTORE },
  { id: 'cn-shanghai', zones: ['e', 'f', 'g', 'l', 'm'], idPrefix: 'uf6', city: { en: 'Shanghai', zh: '上海' }, name: { en: 'China (Shanghai)', zh: '华东2（上海）' }, rdsEndpoint: CENTRAL_RDS, kvstoreEndpoint: CENTRAL_KVSTORE },
  { id: 'cn-shenzhen', zones: ['a', 'd', 'e', 'f'], idPrefix: 'wz9', city: { en: 'Shenzhen', zh: '深圳' }, name: { en: 'China (Shenzhen)', zh: '华南1（深圳）' }, rdsEndpoint: CENTRAL_RDS, kvstoreEndpoint: 'r-kvstore.cn-shenzhen.aliyuncs.com' },
  { id: 'ap-southeast-1', zones: ['a', 'b', 'c'], idPrefix: 't4n', city: { en: 'Singapore', zh: '新加坡' }, name: { en: 'Singapore', zh: '新加坡' }, rdsEndpoint: CENTRAL_RDS, kvstoreEndpoint: 'r-kvstore.ap-southeast-1.aliyuncs.com' },
  { id: 'eu-central-1', zones: ['a', 'b'], idPrefix: 'gw8', city: { en: 'Frankfurt', zh: '法兰克福' }, name: { en: 'Germany (Frankfurt)', zh: '德国（法兰克福）' }, rdsEndpoint: 'rds.eu-central-1.aliyuncs.com', kvstoreEndpoint: 'r-kvstore.eu-central-1.aliyuncs.com' },
];

export const ALIYUN_REGIONS: readonly string[] = ALIYUN_REGION_CATALOGUE.map((r) => r.id);

export function aliyunRegion(id: string): AliyunRegion {
  const region = ALIYUN_REGION_CATALOGUE.find((r) => r.id === id);
  if (!region) throw new Error(`unknown Aliyun region ${id}`);
  return region;
}

type Language = 'en' | 'zh';

/** `AcceptLanguage` as each product reads it; the two products default differently. */
function language(value: string | undefined, fallback: Language): Language {
  if (value === 'zh-CN') return 'zh';
  if (value === 'en-US') return 'en';
  return fallback;
}

const zoneName = (r: AliyunRegion, letter: string, lang: Language): string =>
  lang === 'en' ? `${r.city.en} Zone ${letter.toUpperCase()}` : `${r.city.zh} 可用区${letter.toUpperCase()}`;

/** RDS `DescribeRegions` (AcceptLanguage default en-US): `Regions.RDSRegion[]`, one row per zone. */
export function rdsRegionsBody(acceptLanguage: string | undefined): Record<string, unknown> {
  const lang = language(acceptLanguage, 'en');
  return {
    Regions: {
      RDSRegion: ALIYUN_REGION_CATALOGUE.flatMap((r) => r.zones.map((z) => ({
        RegionId: r.id,
        ZoneId: `${r.id}-${z}`,
        LocalName: r.name[lang],
        ZoneName: zoneName(r, z, lang),
        RegionEndpoint: r.rdsEndpoint,
      }))),
    },
  };
}

/** KVStore `DescribeRegions` (AcceptLanguage default zh-CN): `RegionIds.KVStoreRegion[]`, one row per region. */
export function kvstoreRegionsBody(acceptLanguage: string | undefined): Record<string, unknown> {
  const lang = language(acceptLanguage, 'zh');
  return {
    RegionIds: {
      KVStoreRegion: ALIYUN_REGION_CATALOGUE.map((r) => {
        const zones = r.zones.map((z) => `${r.id}-${z}`);
        return { RegionId: r.id, LocalName: r.name[lang], RegionEndpoint: r.kvstoreEndpoint, ZoneIds: zones.join(','), ZoneIdList: { ZoneId: zones } };
      }),
    },
  };
}
