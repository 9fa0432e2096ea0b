import { z } from 'zod';
import { capitalOnlineCredentialsChain } from '../../credentials/capitalonline.js';
import { commonOptionsShape, parseOptions, type CommonSourceOptions } from '../../listing/options.js';
import { createSource, type BackupSource } from '../../listing/source.js';
import { defineEntry } from '../entry.js';
import { endpointTemplate } from '../../listing/endpoint-template.js';
import { regionSelection } from '../../listing/regions.js';
import { CAPITALONLINE_MYSQL, CAPITALONLINE_SITES, CAPITALONLINE_SITE_BASE_URLS, DEFAULT_CAPITALONLINE_SITE, resolveSite, type CapitalOnlineSite } from './endpoints.js';
import { capitalOnlineMysqlProvider } from './provider.js';
import { resolveTimeZone } from './time.js';

/** Options of `capitalOnlineMysql`: the common source options plus `site`, `excludeRegions`, `profile` and `timeZone`. */
export type CapitalOnlineMysqlOptions = CommonSourceOptions & {
  /**
   * The API entry point: 'cn' (default, cdsapi), 'asia' (cdsapi-asia) or 'us' (cdsapi-us); a list of them; or `'*'`
   * for all three. Each backup's `region` is its instance's own (`RegionId`, e.g. `CN_Beijing_A`).
   */
  site?: CapitalOnlineSite | readonly CapitalOnlineSite[] | '*';
  /** Sites to leave out of `'*'`. */
  excludeRegions?: readonly CapitalOnlineSite[];
  /**
   * A named set of keys: profile `prod` reads `PROD_CDS_SECRET_ID` / `PROD_CDS_SECRET_KEY` (CapitalOnline has no
   * credentials file). Default: `CDS_SECRET_ID` / `CDS_SECRET_KEY`.
   */
  profile?: string;
  /** The IANA zone (or `+08:00` offset) the API's zone-less times are read in. Default `Asia/Shanghai`. */
  timeZone?: string;
};

const capitalOnlineOptionsSchema = z
  .object({
    ...commonOptionsShape,
    site: z.union([z.string(), z.array(z.string())], { error: `site must be one of ${CAPITALONLINE_SITES.join(', ')}, a list of them, or '*'` }).optional(),
    excludeRegions: z.array(z.string(), { error: 'excludeRegions must be an array of sites' }).optional(),
    profile: z.string({ error: 'profile must be a name' }).regex(/^[A-Za-z0-9_-]+$/, 'profile must be letters, digits, - and _ (it names environment variables)').optional(),
    timeZone: z.string({ error: 'timeZone must be a string such as "Asia/Shanghai"' }).optional(),
  })
  .strict();

/**
 * CapitalOnline (首都在线) MySQL backups of one site, several, or all three (`'*'`), through `DescribeBackups`;
 * instances are discovered with `DescribeDBInstances` unless `instances` names them. Each backup's `region` is its
 * instance's own `RegionId` and `site` the site it was listed from. Credentials default to `CDS_SECRET_ID` /
 * `CDS_SECRET_KEY` (with `profile: 'prod'`, `PROD_CDS_SECRET_ID` / `PROD_CDS_SECRET_KEY`), read on the first request.
 * Every option is checked here, when the factory is called.
 *
 * @example
 * ```ts
 * capitalOnlineMysql({ site: 'cn' })                    // mainland China, keys from CDS_SECRET_ID / CDS_SECRET_KEY
 * capitalOnlineMysql({ site: '*', profile: 'prod' })    // every site, keys from PROD_CDS_SECRET_ID / PROD_CDS_SECRET_KEY
 * capitalOnlineMysql({ site: '*', endpoint: `${emu.url}/{site}`, credentials: emu.credentials })   // the emulator
 * ```
 */
export function capitalOnlineMysql(input: CapitalOnlineMysqlOptions = {}): BackupSource<'capitalonline-mysql'> {
  const options = parseOptions(CAPITALONLINE_MYSQL, capitalOnlineOptionsSchema, input, CAPITALONLINE_MYSQL) as CapitalOnlineMysqlOptions;
  const sites = regionSelection(CAPITALONLINE_MYSQL, 'site', options.site ?? DEFAULT_CAPITALONLINE_SITE, options.excludeRegions, (s) => resolveSite(s));
  const timeZone = resolveTimeZone(options.timeZone);
  const baseUrlFor =
    options.endpoint === undefined ? (site: string) => CAPITALONLINE_SITE_BASE_URLS[resolveSite(site)] : endpointTemplate(CAPITALONLINE_MYSQL, options.endpoint, '{site}', 'cn');
  return createSource({
    definition: capitalOnlineMysqlProvider(timeZone),
    options: { ...options, account: options.account ?? options.profile },
    regions: sites,
    baseUrlFor,
    credentialsChain: capitalOnlineCredentialsChain({ profile: options.profile }),
  });
}

export const capitalOnlineMysqlEntry = defineEntry({
  name: CAPITALONLINE_MYSQL,
  title: 'CapitalOnline MySQL',
  create: (options) => capitalOnlineMysql(options as CapitalOnlineMysqlOptions),
  location: { key: 'site', known: CAPITALONLINE_SITES, example: 'cn', optional: true },
  options: [
    { key: 'timeZone', flag: 'time-zone', placeholder: '<zone>', description: "the zone CapitalOnline's zone-less times are read in (default Asia/Shanghai)" },
  ],
  emulatorOptions: ({ url, region }) => ({ site: region, endpoint: `${url}/{site}` }),
  credentialVariables: ['CDS_SECRET_ID', 'CDS_SECRET_KEY'],
});

export { CAPITALONLINE_SITES, CAPITALONLINE_SITE_BASE_URLS, type CapitalOnlineSite } from './endpoints.js';
export { DEFAULT_CAPITALONLINE_TIME_ZONE } from './time.js';
