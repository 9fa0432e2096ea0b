import { z } from 'zod';
import { capitalOnlineCredentialsChain } from '../../credentials/capitalonline.js';
import { commonOptionsShape, parseOptions, type CommonSourceOptions } from '../../listing/options.js';
import { createSource, type BackupSource } from '../../listing/source.js';
import { defineEntry } from '../entry.js';
import { CAPITALONLINE_MYSQL, CAPITALONLINE_SITES, resolveBaseUrl, resolveSite, type CapitalOnlineSite } from './endpoints.js';
import { capitalOnlineMysqlProvider } from './provider.js';
import { resolveTimeZone } from './time.js';

export type CapitalOnlineMysqlOptions = CommonSourceOptions & {
  /** The API entry point: 'cn' (default, cdsapi), 'asia' (cdsapi-asia) or 'us' (cdsapi-us). */
  site?: CapitalOnlineSite;
  /** The IANA zone (or `+08:00` offset) the API's zone-less times are read in. Default `Asia/Shanghai`. */
  timeZone?: string;
};

const capitalOnlineOptionsSchema = z
  .object({
    ...commonOptionsShape,
    site: z.string({ error: `site must be one of ${CAPITALONLINE_SITES.join(', ')}` }).optional(),
    timeZone: z.string({ error: 'timeZone must be a string such as "Asia/Shanghai"' }).optional(),
  })
  .strict();

/**
 * CapitalOnline (首都在线) MySQL backups of one site, through `DescribeBackups`. Credentials default to
 * `CDS_SECRET_ID` / `CDS_SECRET_KEY`, read on the first request. Every option is checked here.
 *
 * @example
 * ```ts
 * capitalOnlineMysql({ site: 'cn' })
 * ```
 */
export function capitalOnlineMysql(input: CapitalOnlineMysqlOptions = {}): BackupSource<'capitalonline-mysql'> {
  const options = parseOptions(CAPITALONLINE_MYSQL, capitalOnlineOptionsSchema, input, CAPITALONLINE_MYSQL) as CapitalOnlineMysqlOptions;
  const site = resolveSite(options.site);
  const timeZone = resolveTimeZone(options.timeZone);
  return createSource({
    definition: capitalOnlineMysqlProvider(site, timeZone),
    options,
    region: site,
    baseUrl: resolveBaseUrl(site, options.endpoint),
    credentialsChain: capitalOnlineCredentialsChain(),
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
  credentialVariables: ['CDS_SECRET_ID', 'CDS_SECRET_KEY'],
});

export { CAPITALONLINE_SITES, CAPITALONLINE_SITE_BASE_URLS, type CapitalOnlineSite } from './endpoints.js';
export { DEFAULT_CAPITALONLINE_TIME_ZONE } from './time.js';
