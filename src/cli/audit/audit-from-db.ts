import { ConfigurationError, describeFailure, type ListingFailure } from '../../index.js';
import type { InventoryAuditOptions, InventoryFilter } from '../../inventory/index.js';
import { UsageError } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { openDb } from '../inventory/open-db.js';
import { ALL_LOCATIONS, LOCATION_FLAGS } from '../source-flags.js';
import type { SourceCommandOptions } from '../resolve-sources.js';
import { inRuleFlags, type AuditCommandOptions, type JudgedAudit } from './audit-command.js';

/**
 * `cloud-backups audit --from-db`: the same rules, judged over what `sync` recorded instead of what the clouds list
 * now (`inventory.audit`). No credentials, no request. The source flags that name things narrow it (`--provider`,
 * the location flags, `--profile` as the account label, `--instance`); flags that only say how to reach a cloud are
 * refused rather than ignored. Instances the inventory cannot vouch for (never listed completely, or not within
 * `--stale-after`) are "error", so the exit code is 3, never a silent 0.
 */
export async function judgeInventory(options: AuditCommandOptions & { fromDb: string | true }, io: CliIO): Promise<JudgedAudit> {
  const auditOptions: InventoryAuditOptions = { ...inventoryFilter(options), now: options.now ?? io.now?.() ?? new Date(), signal: io.signal };
  if (options.staleAfterMs !== undefined) auditOptions.staleAfter = options.staleAfterMs;
  const inventory = await openDb(options.fromDb === true ? undefined : options.fromDb, false);
  try {
    return { result: await inventory.audit(options.rules, auditOptions), wording: evidenceWording };
  } catch (error) {
    if (error instanceof ConfigurationError && !io.signal.aborted) throw new UsageError(inRuleFlags(error).replaceAll('staleAfter', '--stale-after'));
    throw error;
  } finally {
    await inventory.close();
  }
}

/** The library's advice names its option; on the command line it is a flag. */
function evidenceWording(failure: ListingFailure): string {
  return describeFailure(failure).replaceAll('raise staleAfter', 'raise --stale-after');
}

/** The flags that narrow an inventory audit, each with the filter key it sets. */
const FILTER_FLAGS: Readonly<Record<string, keyof InventoryFilter>> = {
  ...Object.fromEntries(LOCATION_FLAGS.map((f) => [f.name, 'regions' as const])),
  profile: 'accounts',
};

/** The source flags read as filters of the stored history; any flag that would only reach a cloud is a usage error. */
export function inventoryFilter(options: SourceCommandOptions): InventoryFilter {
  const refused = [
    options.config !== undefined ? '--config' : undefined,
    options.concurrency !== undefined ? '--concurrency' : undefined,
    ...Object.entries(options.sources.values ?? {}).filter(([name, values]) => values.length > 0 && FILTER_FLAGS[name] === undefined).map(([name]) => `--${name}`),
  ].filter((flag): flag is string => flag !== undefined);
  if (refused.length > 0) {
    throw new UsageError(
      `--from-db judges what sync recorded: ${refused.join(', ')} ${refused.length === 1 ? 'does' : 'do'} not apply. ` +
        `It is narrowed by --provider, ${Object.keys(FILTER_FLAGS).map((f) => `--${f}`).join(', ')} (the account label) and --instance.`,
    );
  }
  const filter: InventoryFilter = {};
  if (options.sources.provider !== undefined) filter.providers = options.sources.provider;
  const add = (key: keyof InventoryFilter, flag: string, values: readonly string[]) => {
    for (const value of values) {
      if (value === ALL_LOCATIONS) continue;
      if (value.includes(':')) {
        throw new UsageError(`--${flag} ${value}: with --from-db the values are plain names (a filter over every provider given); use --provider to narrow by provider.`);
      }
      const list = (filter[key] ??= []) as string[];
      list.push(value);
    }
  };
  for (const [name, values] of Object.entries(options.sources.values ?? {})) {
    const key = FILTER_FLAGS[name];
    if (key !== undefined) add(key, name, values);
  }
  if (options.sources.instance !== undefined) add('instances', 'instance', options.sources.instance);
  return filter;
}
