import { PROVIDERS, providerEntry, type ProviderName } from '../index.js';
import { configKeysOf } from './config-file.js';
import { EXIT_INTERRUPTED, EXIT_NOTHING_LISTED, EXIT_OK, EXIT_PARTIAL_FAILURE, EXIT_USAGE } from './exit-codes.js';
import { ALL_LOCATIONS, OPTION_FLAGS } from './source-flags.js';
import { flagsForSpecs } from './spec-flags.js';

/** `--help` texts. Every provider name, location and option in them comes from the registry. */

const titles = PROVIDERS.map((p) => p.title);

export const PROGRAM_DESCRIPTION = `List database backups on ${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}.`;

/** Providers sharing the first provider's location key and example: one flag value lists them all. */
function sameLocationAsFirst() {
  const [first] = PROVIDERS;
  return PROVIDERS.filter((p) => p.location.key === first.location.key && p.location.example === first.location.example);
}

/** Providers sharing the first provider's location key (`--region`): one `'*'` covers them all. */
export function regionProviders(): ProviderName[] {
  return PROVIDERS.filter((p) => p.location.key === PROVIDERS[0].location.key).map((p) => p.name);
}

/** A location the provider knows other than its example, for an `--exclude-region` example. */
function lastKnown(name: ProviderName): string {
  const { known, example } = providerEntry(name).location;
  return known.filter((k) => k !== example).at(-1) ?? example;
}

function locationOf(name: ProviderName): string {
  const entry = PROVIDERS.find((p) => p.name === name)!;
  return `--${entry.location.key} ${entry.location.example}`;
}

export function programExamples(): string {
  const [first] = PROVIDERS;
  return `
Examples:
  $ npx cloud-backups demo                      # the whole job on a local emulator, no credentials needed
  $ cloud-backups list --provider ${first.name} ${locationOf(first.name)} --status failed --since 7d
  $ cloud-backups audit --provider ${first.name} ${locationOf(first.name)} --max-age 26h --consecutive-days 7
  $ cloud-backups exporter --config sources.json --listen 127.0.0.1:9469 --interval 5m
  $ cloud-backups sync --config sources.json --db ./.cloud-backups-db   # keep the history past the clouds' retention
  $ cloud-backups history --coverage --days 30                          # ... and query it
  $ cloud-backups emulator --port 4566          # a local cloud for your own code and tests`;
}

/** Which environment variables each provider's credentials come from, providers sharing them on one line. */
function credentialVariablesHelp(): string {
  const byVariables = new Map<string, ProviderName[]>();
  for (const entry of PROVIDERS) {
    const key = entry.credentialVariables.join(' / ');
    byVariables.set(key, [...(byVariables.get(key) ?? []), entry.name]);
  }
  return [...byVariables].map(([vars, providers]) => `  ${providers.join(', ')}: ${vars}`).join('\n');
}

/** The keys a config file's source may have, per provider. */
function configKeysHelp(): string {
  return PROVIDERS.map((p) => `  ${p.name}: ${configKeysOf(p.name).join(', ')}`).join('\n');
}

export function listExamples(): string {
  const shared = sameLocationAsFirst();
  const everyone = flagsForSpecs(PROVIDERS.map((p) => ({ provider: p.name, options: { [p.location.key]: p.location.example } })));
  const last = PROVIDERS.at(-1)!;
  const optionExample = OPTION_FLAGS.find((f) => f.choices && f.choices.length > 1);
  const optionProvider = optionExample ? [...optionExample.keys.keys()][0]! : undefined;
  const lines = [
    '',
    'Examples:',
    `  # Failed backups of the last 7 days (credentials from ${shared[0]!.credentialVariables.join(' / ')})`,
    `  $ cloud-backups list --provider ${shared.map((p) => p.name).join(',')} ${locationOf(shared[0]!.name)} --status failed --since 7d`,
    '',
    '  # Every provider, each where it lists, as CSV',
    `  $ cloud-backups list ${everyone.join(' ')} --format csv > backups.csv`,
    '',
    "  # Every region of two accounts (named profiles of each provider's credentials), but one region",
    `  $ cloud-backups list --provider ${regionProviders().join(',')} --${PROVIDERS[0].location.key} '${ALL_LOCATIONS}' --exclude-region ${lastKnown(PROVIDERS[0].name)} \\`,
    '      --profile prod --profile staging --status failed',
    '',
    '  # Two instances, automated full backups since May, one JSON object per line',
    `  $ cloud-backups list --provider ${last.name} ${locationOf(last.name)} --instance db-1 --instance db-2 \\`,
    '      --mode automated --type full --since 2026-05-01 --format ndjson | jq .sizeBytes',
  ];
  if (optionExample && optionProvider) {
    lines.push(
      '',
      `  # A provider-specific flag: --${optionExample.name} (${[...optionExample.keys.keys()].join(', ')})`,
      `  $ cloud-backups list --provider ${optionProvider} ${locationOf(optionProvider)} --${optionExample.name} ${optionExample.choices!.at(-1)}`,
    );
  }
  lines.push(
    '',
    "  # Sources from a file (no secrets in it: credentials come from each provider's environment)",
    '  $ cloud-backups list --config sources.json --status failed,running',
    '',
    "  # Against the emulator (`cloud-backups emulator` prints the full command line)",
    `  $ cloud-backups list --endpoint http://127.0.0.1:4566 --provider ${shared[0]!.name} ${locationOf(shared[0]!.name)}`,
    '',
    "Credentials come from each provider's environment (or its credentials file), never from flags:",
    credentialVariablesHelp(),
    "With --profile NAME, from that named profile of the provider's credentials file (or NAME_-prefixed variables where",
    'a provider has no file); each profile is one account, and its name is the account column of its backups.',
    '',
    'Config file (--config FILE): JSON {"sources": [{"provider": ..., ...}, ...], "concurrency": 8}; keys per provider',
    `(a location key takes one value, a list, or "${ALL_LOCATIONS}"; its plural, e.g. "regions", is the same):`,
    configKeysHelp(),
    '',
    'Output: table on a terminal (streamed; widths from the first rows), ndjson when piped. --raw adds each',
    "provider's own record to json/ndjson. Listing errors (a source, region or instance that failed) go to stderr.",
    '',
    'Exit codes:',
    `  ${EXIT_OK}    everything was listed`,
    `  ${EXIT_PARTIAL_FAILURE}    listing errors: some parts failed; everything else was listed`,
    `  ${EXIT_USAGE}    usage or configuration error (a flag, the config file, missing credentials)`,
    `  ${EXIT_NOTHING_LISTED}    nothing could be listed: every part of the listing that was tried failed`,
    `  ${EXIT_INTERRUPTED}  interrupted (Ctrl-C); what was listed is printed`,
  );
  return lines.join('\n');
}

export const DEMO_EXAMPLES = `
Examples:
  $ cloud-backups demo
  $ npx cloud-backups demo --seed 7 --local
  $ cloud-backups demo --anchor-time 2026-06-01     # a history that ends on a fixed date`;

export const EMULATOR_EXAMPLES = `
Examples:
  $ cloud-backups emulator --port 4566
  $ cloud-backups emulator --seed 7 --instances 10 --backups 500 --latency 30 --throttle 0.1
  $ cloud-backups emulator --anchor-time 2026-06-01T00:00:00Z    # the same data on every run`;
