import { CAPITALONLINE_SITES, PROVIDER_NAMES, type CapitalOnlineSite, type ProviderName } from '../index.js';
import { UsageError } from './exit-codes.js';
import { REGIONAL_PROVIDERS, type SourceSpec } from './source-spec.js';

/** The source flags of `list`, as commander collected them. */
export interface SourceFlags {
  provider?: ProviderName[];
  /** `REGION`, or `PROVIDER:REGION` to give one provider its own; repeatable (one source per region). */
  region?: string[];
  /** `ID`, or `PROVIDER:ID`; repeatable. */
  instance?: string[];
  endpoint?: string;
  site?: string;
  projectId?: string;
  iamEndpoint?: string;
}

/** Splits `aliyun-rds:cn-hangzhou` into provider and value; a value without a provider prefix applies to all. */
export function splitProviderPrefix(text: string): { provider?: ProviderName; value: string } {
  const colon = text.indexOf(':');
  const prefix = colon > 0 ? text.slice(0, colon) : undefined;
  if (prefix !== undefined && (PROVIDER_NAMES as readonly string[]).includes(prefix)) {
    return { provider: prefix as ProviderName, value: text.slice(colon + 1) };
  }
  return { value: text };
}

/** Turns `--provider`, `--region`, `--instance`, ... into source specs, refusing combinations that cannot mean anything. */
export function sourcesFromFlags(flags: SourceFlags): SourceSpec[] {
  const providers = [...new Set(flags.provider ?? [])];
  if (providers.length === 0) {
    throw new UsageError(`Choose what to list: --provider <name> (repeatable; one of ${PROVIDER_NAMES.join(', ')}), or --config FILE.`);
  }
  const chosen = new Set(providers);
  requireProvider(flags.site !== undefined, '--site', 'capitalonline-mysql', chosen);
  requireProvider(flags.projectId !== undefined, '--project-id', 'huawei-rds', chosen);
  requireProvider(flags.iamEndpoint !== undefined, '--iam-endpoint', 'huawei-rds', chosen);
  const site = flags.site === undefined ? undefined : parseSite(flags.site);

  const regions = regionsByProvider(flags.region ?? [], chosen);
  const instances = instancesByProvider(flags.instance ?? [], providers);
  const specs: SourceSpec[] = [];
  for (const provider of providers) {
    const ids = instances.get(provider);
    const common = {
      ...(ids ? { instances: ids } : {}),
      ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
    };
    if (provider === 'capitalonline-mysql') {
      specs.push({ provider, ...common, ...(site !== undefined ? { site } : {}) });
      continue;
    }
    const providerRegions = regions.get(provider) ?? [];
    if (providerRegions.length === 0) {
      throw new UsageError(`${provider} needs a region: add --region <region> (e.g. --region ${provider === 'huawei-rds' ? 'cn-north-4' : 'cn-hangzhou'}), or --region ${provider}:<region>.`);
    }
    if (providerRegions.length > 1 && ids) {
      throw new UsageError(`--instance names ${provider} instances, which live in one region, but ${providerRegions.length} regions were given for it: use one --region.`);
    }
    if (provider === 'huawei-rds' && providerRegions.length > 1 && flags.projectId !== undefined) {
      throw new UsageError('--project-id belongs to one Huawei region, but several regions were given for huawei-rds: use one --region, or a --config file with one source per region.');
    }
    for (const region of providerRegions) {
      if (provider === 'huawei-rds') {
        specs.push({
          provider,
          region,
          ...common,
          ...(flags.projectId !== undefined ? { projectId: flags.projectId } : {}),
          ...(flags.iamEndpoint !== undefined ? { iamEndpoint: flags.iamEndpoint } : {}),
        });
      } else {
        specs.push({ provider, region, ...common });
      }
    }
  }
  return specs;
}

function parseSite(text: string): CapitalOnlineSite {
  const site = CAPITALONLINE_SITES.find((s) => s === text);
  if (site === undefined) throw new UsageError(`--site "${text}" is not a CapitalOnline site. Allowed values: ${CAPITALONLINE_SITES.join(', ')}.`);
  return site;
}

function requireProvider(given: boolean, flag: string, provider: ProviderName, chosen: ReadonlySet<ProviderName>): void {
  if (given && !chosen.has(provider)) throw new UsageError(`${flag} applies to ${provider} only: add --provider ${provider}, or drop ${flag}.`);
}

/** Prefixed regions go to their provider; unprefixed ones to every chosen regional provider that has no prefixed one. */
function regionsByProvider(values: readonly string[], chosen: ReadonlySet<ProviderName>): Map<ProviderName, string[]> {
  const prefixed = new Map<ProviderName, string[]>();
  const shared: string[] = [];
  for (const text of values) {
    const { provider, value } = splitProviderPrefix(text);
    if (value.trim() === '') throw new UsageError(`--region "${text}" has no region name.`);
    if (provider === undefined) {
      shared.push(value);
      continue;
    }
    if (!REGIONAL_PROVIDERS.has(provider)) throw new UsageError(`--region ${text}: ${provider} has sites, not regions: use --site.`);
    if (!chosen.has(provider)) throw new UsageError(`--region ${text} names ${provider}, which is not listed: add --provider ${provider}.`);
    prefixed.set(provider, [...(prefixed.get(provider) ?? []), value]);
  }
  const regional = [...chosen].filter((p) => REGIONAL_PROVIDERS.has(p));
  if (shared.length > 0 && regional.length === 0) throw new UsageError('--region applies to aliyun-rds, aliyun-kvstore and huawei-rds; capitalonline-mysql takes --site.');
  const out = new Map<ProviderName, string[]>();
  for (const provider of regional) out.set(provider, [...new Set(prefixed.get(provider) ?? shared)]);
  return out;
}

function instancesByProvider(values: readonly string[], providers: readonly ProviderName[]): Map<ProviderName, string[]> {
  const out = new Map<ProviderName, string[]>();
  for (const text of values) {
    let { provider, value } = splitProviderPrefix(text);
    if (value.trim() === '') throw new UsageError(`--instance "${text}" has no instance id.`);
    if (provider === undefined) {
      if (providers.length > 1) {
        throw new UsageError(`--instance ${text}: with several providers, say whose instance it is, e.g. --instance ${providers[0]}:${text}.`);
      }
      provider = providers[0]!;
    } else if (!providers.includes(provider)) {
      throw new UsageError(`--instance ${text} names ${provider}, which is not listed: add --provider ${provider}.`);
    }
    const ids = out.get(provider) ?? [];
    if (!ids.includes(value)) ids.push(value);
    out.set(provider, ids);
  }
  return out;
}
