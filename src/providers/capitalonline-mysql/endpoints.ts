import { ConfigurationError } from '../../errors.js';

export const CAPITALONLINE_MYSQL = 'capitalonline-mysql' as const;

/** CapitalOnline's three API entry points ("sites"); which regions each serves is not documented. */
export const CAPITALONLINE_SITES = ['cn', 'asia', 'us'] as const;
/** A CapitalOnline API site: `cn` (mainland China), `asia` or `us`. */
export type CapitalOnlineSite = (typeof CAPITALONLINE_SITES)[number];

export const DEFAULT_CAPITALONLINE_SITE: CapitalOnlineSite = 'cn';

/** The base URL of each site: `https://cdsapi.capitalonline.net`, `https://cdsapi-asia...`, `https://cdsapi-us...`. */
export const CAPITALONLINE_SITE_BASE_URLS: Readonly<Record<CapitalOnlineSite, string>> = {
  cn: 'https://cdsapi.capitalonline.net',
  asia: 'https://cdsapi-asia.capitalonline.net',
  us: 'https://cdsapi-us.capitalonline.net',
};

/** The MySQL product path, appended to the site's base URL (or to the endpoint override). */
export const CAPITALONLINE_MYSQL_PATH = '/mysql';

/** Validates the `site` option; absent means mainland China. */
export function resolveSite(site: unknown): CapitalOnlineSite {
  if (site === undefined) return DEFAULT_CAPITALONLINE_SITE;
  if (typeof site === 'string' && (CAPITALONLINE_SITES as readonly string[]).includes(site)) return site as CapitalOnlineSite;
  const shown = typeof site === 'string' ? `"${site}"` : typeof site;
  throw new ConfigurationError(
    `${CAPITALONLINE_MYSQL}: site ${shown} is not one of ${CAPITALONLINE_SITES.map((s) => `'${s}'`).join(', ')} ` +
      `(cn = ${CAPITALONLINE_SITE_BASE_URLS.cn}, asia = Asia-Pacific, us = Europe and the Americas).`,
    { provider: CAPITALONLINE_MYSQL, field: 'site' },
  );
}
