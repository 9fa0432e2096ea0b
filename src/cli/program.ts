import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { BACKUP_METHODS, BACKUP_MODES, BACKUP_STATUSES, BACKUP_TYPES, CAPITALONLINE_SITES, PROVIDER_NAMES, type ProviderName } from '../index.js';
import { runDemo, type DemoOptions } from './demo.js';
import { runEmulator, type EmulatorCommandOptions } from './emulator-command.js';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, type ExitCode } from './exit-codes.js';
import { OUTPUT_FORMATS } from './format/writer.js';
import type { CliIO } from './io.js';
import { runList, type ListCommandOptions } from './list-command.js';
import { TIME_ARGUMENT_HELP, TimeArgumentError, parseTimeArgument } from './relative-time.js';
import { CREDENTIAL_ENV_VARS } from './source-spec.js';

const LIST_EXAMPLES = `
Examples:
  # Failed backups of the last 7 days on two Aliyun products (keys from ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET)
  $ cloud-backups list --provider aliyun-rds --provider aliyun-kvstore --region cn-hangzhou --status failed --since 7d

  # Every provider, regions per provider, as CSV
  $ cloud-backups list --provider aliyun-rds --provider huawei-rds --provider capitalonline-mysql \\
      --region cn-hangzhou --region huawei-rds:cn-north-4 --site cn --format csv > backups.csv

  # Two instances, automated full backups since May, one JSON object per line
  $ cloud-backups list --provider huawei-rds --region cn-north-4 --instance abc123in01 --instance def456in01 \\
      --mode automated --type full --since 2026-05-01 --format ndjson | jq .sizeBytes

  # Sources from a file (no secrets in it: credentials come from each provider's environment)
  $ cloud-backups list --config sources.json --status failed,running

Credentials come from each provider's environment (or its credentials file), never from flags:
${credentialVariables()}

Output: table on a terminal, ndjson when piped. Exit codes: 0 all listed, 1 some part failed
(what could be listed is printed, failures on stderr), 2 usage or configuration error.`;

const PROGRAM_EXAMPLES = `
Examples:
  $ npx cloud-backups demo                      # the whole job on a local emulator, no credentials needed
  $ cloud-backups list --provider aliyun-rds --region cn-hangzhou --status failed --since 7d
  $ cloud-backups emulator --port 4566          # a local cloud for your own code and tests`;

function credentialVariables(): string {
  const byVariables = new Map<string, ProviderName[]>();
  for (const provider of PROVIDER_NAMES) {
    const key = CREDENTIAL_ENV_VARS[provider].join(' / ');
    byVariables.set(key, [...(byVariables.get(key) ?? []), provider]);
  }
  return [...byVariables].map(([vars, providers]) => `  ${providers.join(', ')}: ${vars}`).join('\n');
}

const DEMO_EXAMPLES = `
Examples:
  $ cloud-backups demo
  $ npx cloud-backups demo --seed 7`;

const EMULATOR_EXAMPLES = `
Examples:
  $ cloud-backups emulator --port 4566
  $ cloud-backups emulator --seed 7 --instances 10 --backups 500 --latency 30 --throttle 0.1`;

/** Runs the CLI on `argv` (without the node and script paths) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_OK;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    io.stderr.write(`cloud-backups: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodeFor(error);
  }
}

/** Help and --version exit 0; every other commander error (unknown flag, bad value, missing command) is a usage error. */
function commanderExitCode(error: CommanderError): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
  if (error.code === 'commander.help' && error.exitCode === 0) return EXIT_OK;
  return EXIT_USAGE;
}

export function buildProgram(io: CliIO, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command('cloud-backups')
    .description('List database backups on Aliyun RDS, Aliyun KVStore, Huawei Cloud RDS and CapitalOnline MySQL.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`cloud-backups: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .addHelpText('after', PROGRAM_EXAMPLES);

  program
    .command('list')
    .description('List backups from one or more providers, filtered, as a table, JSON, NDJSON or CSV.')
    .addOption(new Option('--provider <name>', `a provider to list, repeatable: ${PROVIDER_NAMES.join(', ')}`).argParser(providerList))
    .option('--region <region>', 'region for aliyun-*/huawei-rds, or PROVIDER:REGION; repeatable', collect)
    .option('--instance <id>', 'only this instance (ID, or PROVIDER:ID with several providers); repeatable. Default: every instance', collect)
    .option('--endpoint <url>', 'base URL replacing the providers\' hosts (e.g. the emulator\'s)')
    .addOption(new Option('--site <site>', 'CapitalOnline site').choices(CAPITALONLINE_SITES))
    .option('--project-id <id>', 'Huawei project id (default: from HUAWEICLOUD_SDK_PROJECT_ID or looked up through IAM)')
    .option('--iam-endpoint <url>', 'Huawei IAM base URL for the project id lookup')
    .option('--config <file>', 'JSON file listing the sources (instead of the flags above; no secrets allowed in it)')
    .option('--status <list>', `comma-separated: ${BACKUP_STATUSES.join(', ')}`, enumList('status', BACKUP_STATUSES))
    .option('--mode <list>', `comma-separated: ${BACKUP_MODES.join(', ')}`, enumList('mode', BACKUP_MODES))
    .option('--type <list>', `comma-separated: ${BACKUP_TYPES.join(', ')}`, enumList('type', BACKUP_TYPES))
    .option('--method <list>', `comma-separated: ${BACKUP_METHODS.join(', ')}`, enumList('method', BACKUP_METHODS))
    .option('--since <time>', `backups started at or after: ${TIME_ARGUMENT_HELP}`, timeArgument)
    .option('--until <time>', 'backups started before (same forms as --since)', timeArgument)
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, ndjson when piped)').choices(OUTPUT_FORMATS))
    .option('--limit <n>', 'stop after n backups', positiveInteger)
    .option('--concurrency <n>', 'instances listed at once (default 8)', positiveInteger)
    .option('--local', 'table times in this machine\'s time zone instead of UTC')
    .option('--raw', 'json/ndjson: include each provider\'s own record as "raw"')
    .addHelpText('after', LIST_EXAMPLES)
    .action(async (options: ListCommandOptions) => setExitCode(await runList(options, io)));

  program
    .command('demo')
    .description('Start a local emulator of the four clouds, list every backup on it, and print a summary. No credentials or network needed.')
    .option('--seed <n>', 'dataset seed', nonNegativeInteger)
    .option('--local', 'times in this machine\'s time zone instead of UTC')
    .addHelpText('after', DEMO_EXAMPLES)
    .action(async (options: DemoOptions) => setExitCode(await runDemo(options, io)));

  program
    .command('emulator')
    .description('Run the emulator of the four APIs in the foreground (until Ctrl-C) and print how to point code at it.')
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)', nonNegativeInteger)
    .option('--seed <n>', 'dataset and fault seed (default 1)', nonNegativeInteger)
    .option('--latency <ms>', 'milliseconds added to every response', nonNegativeInteger)
    .option('--throttle <rate>', 'share of requests answered with the provider\'s throttling error, 0..1', rate)
    .option('--instances <n>', 'instances per provider (default 3)', nonNegativeInteger)
    .option('--backups <n>', 'backups per instance (default 40)', nonNegativeInteger)
    .addHelpText('after', EMULATOR_EXAMPLES)
    .action(async (options: EmulatorCommandOptions) => setExitCode(await runEmulator(options, io)));

  return program;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function providerList(value: string, previous: ProviderName[] | undefined): ProviderName[] {
  const provider = PROVIDER_NAMES.find((p) => p === value);
  if (!provider) throw new InvalidArgumentError(`"${value}" is not a provider. Allowed values: ${PROVIDER_NAMES.join(', ')}.`);
  return [...(previous ?? []), provider];
}

/** A comma-separated, repeatable filter whose every value must be one of `allowed`. */
function enumList<T extends string>(name: string, allowed: readonly T[]): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => {
    const parsed = value.split(',').map((v) => v.trim());
    const out = [...(previous ?? [])];
    for (const item of parsed) {
      const match = allowed.find((a) => a === item);
      if (!match) throw new InvalidArgumentError(`"${item}" is not a backup ${name}. Allowed values: ${allowed.join(', ')}.`);
      if (!out.includes(match)) out.push(match);
    }
    return out;
  };
}

function timeArgument(value: string): Date {
  try {
    return parseTimeArgument(value, new Date());
  } catch (error) {
    if (error instanceof TimeArgumentError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function positiveInteger(value: string): number {
  const n = nonNegativeInteger(value);
  if (n === 0) throw new InvalidArgumentError('Expected an integer of 1 or more.');
  return n;
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a whole number.');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('The number is too large.');
  return n;
}

function rate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('Expected a number from 0 to 1, e.g. 0.2.');
  return n;
}
