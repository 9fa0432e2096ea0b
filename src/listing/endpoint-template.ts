import { resolveEndpointOverride } from '../endpoint.js';
import type { ProviderName } from '../model.js';

/**
 * An `endpoint` override for a source of many regions: a base URL that may name the region with a placeholder
 * (`https://rds.{region}.example.com`, `http://127.0.0.1:4566/{site}`). Checked once when the factory is called
 * (with the placeholder filled by a sample), then filled per region; without a placeholder every region shares it.
 */
export function endpointTemplate(
  provider: ProviderName,
  endpoint: string,
  placeholder: '{region}' | '{site}',
  sample: string,
  field = 'endpoint',
): (region: string) => string {
  resolveEndpointOverride(provider, endpoint.replaceAll(placeholder, sample), field);
  if (!endpoint.includes(placeholder)) {
    const fixed = resolveEndpointOverride(provider, endpoint, field);
    return () => fixed;
  }
  const byRegion = new Map<string, string>();
  return (region) => {
    let url = byRegion.get(region);
    if (url === undefined) {
      url = resolveEndpointOverride(provider, endpoint.replaceAll(placeholder, encodeURIComponent(region)), field);
      byRegion.set(region, url);
    }
    return url;
  };
}
