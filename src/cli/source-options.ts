import { type Command, Option } from 'commander';
import { PROVIDER_NAMES, type ProviderName } from '../index.js';
import { commaList, enumList, positiveInteger } from './arguments.js';
import type { SourceCommandOptions } from './resolve-sources.js';
import { SOURCE_FLAGS } from './source-flags.js';

/**
 * Adds the source flags every command that reads the clouds takes (list, audit, exporter, sync): --provider, where
 * each lists (--region, --site), which accounts (--profile), provider options, --endpoint, --instance, --config and
 * --concurrency. Returns how to read them back from the parsed options.
 */
export function addSourceOptions(command: Command): (opts: Record<string, unknown>) => SourceCommandOptions {
  command.option('--provider <names>', `providers, repeatable or comma-separated: ${PROVIDER_NAMES.join(', ')}`, enumList('a provider', PROVIDER_NAMES));
  const sourceFlags = SOURCE_FLAGS.map((flag) => {
    const option = new Option(`--${flag.name} ${flag.placeholder}`, flag.description).argParser(commaList);
    command.addOption(option);
    return { flag, attribute: option.attributeName() };
  });
  command
    .option('--instance <ids>', 'only these instances (ID, or PROVIDER:ID with several providers); repeatable or comma-separated. Default: every instance', commaList)
    .option('--config <file>', 'JSON file describing the sources (instead of the flags above; no secrets allowed in it)')
    .option('--concurrency <n>', 'instances read at once (default 8)', positiveInteger);
  return (opts) => {
    const values = Object.fromEntries(sourceFlags.map(({ flag, attribute }) => [flag.name, (opts[attribute] as string[] | undefined) ?? []]));
    const out: SourceCommandOptions = { sources: { values } };
    if (opts.provider !== undefined) out.sources.provider = opts.provider as ProviderName[];
    if (opts.instance !== undefined) out.sources.instance = opts.instance as string[];
    if (opts.config !== undefined) out.config = opts.config as string;
    if (opts.concurrency !== undefined) out.concurrency = opts.concurrency as number;
    return out;
  };
}
