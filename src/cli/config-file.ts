import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PROVIDER_NAMES, PROVIDERS, providerEntry, type ProviderEntry, type ProviderName } from '../index.js';
import { UsageError } from './exit-codes.js';
import type { SourceSpec } from './source-spec.js';
import { didYouMean } from './suggest.js';

/** What `--config FILE` holds: the sources to list, and optionally the concurrency. */
export interface CliConfig {
  sources: SourceSpec[];
  concurrency?: number;
}

// Keys that would put credentials in a file meant to be committed and shared.
const SECRET_KEY = /^(credentials|access_?key(_?id|_?secret)?|secret(_?(key|id|access_?key))?|security_?token|sts_?token|token|ak|sk|password)$/i;

const positiveInt = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive());
const nonEmpty = z.string().trim().min(1);

/** Common source options a config file may set (the rest, like `retry`, are for code). */
const COMMON_CONFIG_KEYS = {
  instances: z.array(nonEmpty).min(1).optional(),
  endpoint: nonEmpty.optional(),
  timeoutMs: positiveInt.optional(),
  instanceBudgetMs: positiveInt.optional(),
};

/** Which regions and which account: every provider takes them. */
const SCOPE_CONFIG_KEYS = {
  excludeRegions: z.array(nonEmpty).min(1).optional(),
  profile: nonEmpty.optional(),
  account: nonEmpty.optional(),
};

/** One location, a list of them, or '*' (every location the account can use). */
const locationValue = z.union([nonEmpty, z.array(nonEmpty).min(1)]);

/** `regions` beside `region` (`sites` beside `site`): the plural key a file may use for a list. */
function pluralOf(key: string): string {
  return `${key}s`;
}

// Strict objects on purpose: unlike provider responses (read leniently), this file is written by hand, and a
// misspelt key ("regoin") must be an error, not a silently ignored option. Keys come from the registry.
function sourceSchema(entry: ProviderEntry) {
  const key = entry.location.key;
  const options = Object.fromEntries(
    entry.options.map((o) => [o.key, (o.choices ? z.enum(o.choices as [string, ...string[]]) : nonEmpty).optional()]),
  );
  return z.strictObject({
    provider: z.literal(entry.name),
    [key]: locationValue.optional(),
    [pluralOf(key)]: locationValue.optional(),
    ...options,
    ...SCOPE_CONFIG_KEYS,
    ...COMMON_CONFIG_KEYS,
  });
}

const SOURCE_SCHEMAS = new Map(PROVIDERS.map((entry) => [entry.name as ProviderName, sourceSchema(entry)]));

const configSchema = z.strictObject({
  $schema: z.string().optional(),
  sources: z.array(z.unknown()).min(1),
  concurrency: positiveInt.optional(),
});

/** The keys a source of `provider` may have, in the order the docs list them. */
export function configKeysOf(provider: ProviderName): string[] {
  return Object.keys(SOURCE_SCHEMAS.get(provider)!.shape);
}

/** A valid config file with one source per provider, from the registry's examples. */
function configExample(): string {
  const lines = PROVIDERS.map((entry, i) => {
    const fields = [`"provider": "${entry.name}"`, `"${entry.location.key}": "${entry.location.example}"`];
    if (i === 1) fields.push('"instances": ["<instance-id>"]');
    return `    { ${fields.join(', ')} }`;
  });
  return `{\n  "sources": [\n${lines.join(',\n')}\n  ]\n}`;
}

export async function loadConfigFile(path: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read config file ${path}${code ? ` (${code})` : ''}: check the --config path.`);
  }
  return parseConfig(text, path);
}

/** Validates a config file's text; every problem becomes a `UsageError` naming the file, the key and the fix. */
export function parseConfig(text: string, path: string): CliConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Config file ${path} is not valid JSON (${(error as Error).message}). Expected, for example:\n${configExample()}`);
  }
  rejectSecrets(json, path);
  const problems: string[] = [];
  const top = configSchema.safeParse(json);
  if (!top.success) {
    problems.push(...top.error.issues.map((issue) => describeIssue(issue, [], Object.keys(configSchema.shape))));
    throw invalid(path, problems);
  }
  const sources: SourceSpec[] = [];
  top.data.sources.forEach((source, index) => {
    const spec = parseSource(source, ['sources', index], problems);
    if (spec) sources.push(spec);
  });
  if (problems.length > 0) throw invalid(path, problems);
  const { concurrency } = top.data;
  return concurrency === undefined ? { sources } : { sources, concurrency };
}

function parseSource(source: unknown, at: (string | number)[], problems: string[]): SourceSpec | undefined {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    problems.push(`  - ${formatPath(at)}: must be an object such as { "provider": "${PROVIDER_NAMES[0]}", ... }`);
    return undefined;
  }
  const provider = (source as { provider?: unknown }).provider;
  const schema = typeof provider === 'string' ? SOURCE_SCHEMAS.get(provider as ProviderName) : undefined;
  if (!schema) {
    const hint = typeof provider === 'string' ? didYouMean(provider, PROVIDER_NAMES) : '';
    problems.push(`  - ${formatPath([...at, 'provider'])}: must be one of ${PROVIDER_NAMES.join(', ')}.${hint}`);
    return undefined;
  }
  const result = schema.safeParse(source);
  if (!result.success) {
    problems.push(...result.error.issues.map((issue) => describeIssue(issue, at, configKeysOf(provider as ProviderName))));
    return undefined;
  }
  const { provider: name, ...options } = result.data as { provider: ProviderName } & Record<string, unknown>;
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return locationOf(name, options, at, problems) ? { provider: name, options } : undefined;
}

/**
 * Folds the plural key (`regions`) into the factory's (`region`), and checks a location is there when the provider
 * needs one. False (with the problem noted) when the entry cannot be listed.
 */
function locationOf(provider: ProviderName, options: Record<string, unknown>, at: (string | number)[], problems: string[]): boolean {
  const { key, optional, example } = providerEntry(provider).location;
  const plural = pluralOf(key);
  if (options[key] !== undefined && options[plural] !== undefined) {
    problems.push(`  - ${formatPath(at)}: give "${key}" or "${plural}", not both`);
    return false;
  }
  if (options[plural] !== undefined) {
    options[key] = options[plural];
    delete options[plural];
  }
  if (options[key] === undefined && !optional) {
    problems.push(`  - ${formatPath([...at, key])}: required: one ${key} ("${example}"), a list (["${example}", ...]), or "*" for every ${key} the account can use`);
    return false;
  }
  return true;
}

function invalid(path: string, problems: readonly string[]): UsageError {
  return new UsageError(`Config file ${path} is invalid:\n${problems.join('\n')}\nExpected, for example:\n${configExample()}`);
}

function rejectSecrets(json: unknown, path: string): void {
  const found: { at: string; provider?: ProviderName }[] = [];
  const walk = (value: unknown, at: (string | number)[], provider: ProviderName | undefined) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...at, i], provider));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const own = (PROVIDER_NAMES as readonly unknown[]).includes(record.provider) ? (record.provider as ProviderName) : provider;
    for (const [key, v] of Object.entries(record)) {
      if (SECRET_KEY.test(key)) found.push(own ? { at: formatPath([...at, key]), provider: own } : { at: formatPath([...at, key]) });
      else walk(v, [...at, key], own);
    }
  };
  walk(json, [], undefined);
  if (found.length === 0) return;
  // Name where each secret sits, never its value.
  const lines = found.map(({ at, provider }) => {
    const vars = provider ? providerEntry(provider).credentialVariables.join(' and ') : "the provider's credential variables";
    return `  - ${at}: remove it and set ${vars} in the environment instead (or name a profile of the provider's credentials file with "profile")`;
  });
  throw new UsageError(
    `Config file ${path} contains credentials; secrets are not allowed in it (a config file gets committed and shared):\n${lines.join('\n')}`,
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue, at: readonly (string | number)[], allowed: readonly string[]): string {
  const where = formatPath([...at, ...issue.path]);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"${didYouMean(k, allowed).replace(/^ Did you mean (.*)\?$/, ' (did you mean $1?)')}`);
    return `  - ${where}: unknown key${issue.keys.length === 1 ? '' : 's'} ${keys.join(', ')}; allowed keys: ${allowed.join(', ')}`;
  }
  return `  - ${where}: ${issue.message}`;
}
