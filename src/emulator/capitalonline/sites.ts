/**
 * CapitalOnline's three API sites (`cdsapi`, `cdsapi-asia`, `cdsapi-us`) and the regions each
 * serves. Which host serves which region is undocumented; the area in each region's documented
 * display name decides here (Hong Kong is 亚太地区, so the Asia site).
 */
export type Site = 'cn' | 'asia' | 'us';
export const SITES: readonly Site[] = ['cn', 'asia', 'us'];

interface CapitalOnlineRegion {
  id: string;
  site: Site;
  displayName: string;
  vdcName: string;
  /** DescribeRegions fields. */
  regionName: string;
  siteName: string;
  cityName: string;
  cityId: string;
}

/** In the order `startEmulator({ regions })` takes them: one per site first, so two regions already span two sites. */
export const CAPITALONLINE_REGION_CATALOGUE: readonly CapitalOnlineRegion[] = [
  { id: 'CN_Beijing_A', site: 'cn', displayName: '中国大陆-北京-可用区A', vdcName: '北京PaaS1', regionName: '中国大陆', siteName: '北京1', cityName: '北京', cityId: '0d8e9d1a-3b7e-11ea-a5a2-0242ac110002' },
  { id: 'CN_Hongkong_A', site: 'asia', displayName: '亚太地区-香港-可用区A', vdcName: '香港PaaS1', regionName: '亚太地区', siteName: '香港1', cityName: '香港', cityId: '0d8f3c44-3b7e-11ea-a5a2-0242ac110002' },
  { id: 'US_NewYork_A', site: 'us', displayName: '北美地区-纽约-可用区A', vdcName: '纽约PaaS1', regionName: '北美地区', siteName: '纽约1', cityName: '纽约', cityId: '0d8f9b12-3b7e-11ea-a5a2-0242ac110002' },
  { id: 'CN_Shanghai_A', site: 'cn', displayName: '中国大陆-上海-可用区A', vdcName: '上海PaaS1', regionName: '中国大陆', siteName: '上海1', cityName: '上海', cityId: '0d8ee0b6-3b7e-11ea-a5a2-0242ac110002' },
  { id: 'APAC_Singapore_A', site: 'asia', displayName: '亚太地区-新加坡-可用区A', vdcName: '新加坡PaaS1', regionName: '亚太地区', siteName: '新加坡1', cityName: '新加坡', cityId: '0d8f6a6e-3b7e-11ea-a5a2-0242ac110002' },
  { id: 'EUR_Germany_A', site: 'us', displayName: '欧洲地区-法兰克福-可用区A', vdcName: '法兰克福PaaS1', regionName: '欧洲地区', siteName: '法兰克福1', cityName: '法兰克福', cityId: '0d8fc8a8-3b7e-11ea-a5a2-0242ac110002' },
];

export const CAPITALONLINE_REGIONS: readonly string[] = CAPITALONLINE_REGION_CATALOGUE.map((r) => r.id);

export function capitalOnlineRegion(id: string): CapitalOnlineRegion {
  const region = CAPITALONLINE_REGION_CATALOGUE.find((r) => r.id === id);
  if (!region) throw new Error(`unknown CapitalOnline region ${id}`);
  return region;
}

const PATH = /^(?:\/(cn|asia|us))?\/mysql\/?$/;

/** `/mysql` is the mainland site; `/{site}/mysql` names one. Undefined: not a CapitalOnline MySQL path. */
export function siteOfPath(path: string): Site | undefined {
  const m = PATH.exec(path);
  return m ? ((m[1] as Site | undefined) ?? 'cn') : undefined;
}

/** MySQL `DescribeRegions`: every region of the platform (the documented example lists all areas from one host). */
export function describeRegionsData(): Array<Record<string, unknown>> {
  return CAPITALONLINE_REGION_CATALOGUE.map((r) => ({
    RegionId: r.id, RegionName: r.regionName, SiteName: r.siteName, CityName: r.cityName, CityId: r.cityId, IsSaling: 1,
  }));
}
