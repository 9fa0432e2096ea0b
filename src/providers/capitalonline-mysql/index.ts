import { capitalOnlineCredentialsChain } from '../../credentials/capitalonline.js';
import { ConfigurationError } from '../../errors.js';
import { createSource, rejectUnknownOptions, type BackupSource, type CommonSourceOptions } from '../../source.js';
import { CAPITALONLINE_MYSQL, resolveBaseUrl, resolveSite, type CapitalOnlineSite } from './endpoints.js';
import { capitalOnlineMysqlProvider } from './provider.js';
import { resolveTimeZone } from './time.js';

export type CapitalOnlineMysqlOptions = CommonSourceOptions & {
  /** The API entry point: 'cn' (default, cdsapi), 'asia' (cdsapi-asia) or 'us' (cdsapi-us). Also the source's `region`. */
  site?: CapitalOnlineSite;
  /** The IANA zone (or `+08:00` offset) the API's zone-less times are read in. Default `Asia/Shanghai`. */
  timeZone?: string;
};

/**
 * A source listing CapitalOnline (首都在线) MySQL backups of one site. Credentials default to
 * `CDS_SECRET_ID` / `CDS_SECRET_KEY`, read on the first request.
 */
export function capitalOnlineMysql(options: CapitalOnlineMysqlOptions = {}): BackupSource<'capitalonline-mysql'> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(`${CAPITALONLINE_MYSQL}: options must be an object, e.g. capitalOnlineMysql({ site: 'cn' }).`, {
      provider: CAPITALONLINE_MYSQL,
    });
  }
  rejectUnknownOptions(CAPITALONLINE_MYSQL, options, ['site', 'timeZone']);
  const site = resolveSite(options.site);
  const timeZone = resolveTimeZone(options.timeZone);
  return createSource({
    definition: capitalOnlineMysqlProvider(timeZone),
    options,
    region: site,
    baseUrl: resolveBaseUrl(site, options.endpoint),
    credentialsChain: capitalOnlineCredentialsChain(),
  });
}

export { CAPITALONLINE_SITES, CAPITALONLINE_SITE_BASE_URLS, type CapitalOnlineSite } from './endpoints.js';
export { DEFAULT_CAPITALONLINE_TIME_ZONE } from './time.js';
