import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CAPITALONLINE_SITES, PROVIDER_NAMES, type ProviderName } from '../index.js';
import { UsageError } from './exit-codes.js';
import { ALIYUN_FORMATS, ALIYUN_SIGNATURE_VERSIONS, CREDENTIAL_ENV_VARS, type SourceSpec } from './source-spec.js';

/** What `--config FILE` holds: the sources to list, and optionally the concurrency. */
export interface CliConfig {
  sources: SourceSpec[];
  concurrency?: number;
}

// Keys that would put credentials in a file meant to be committed and shared.
const SECRET_KEY = /^(credentials|access_?key(_?id|_?secret)?|secret(_?(key|id|access_?key))?|security_?token|sts_?token|token|ak|sk|password)$/i;

const positiveInt = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive());
const nonEmpty = z.string().trim().min(1);

// Strict objects on purpose: unlike provider responses (read leniently), this file is written by hand,
// and a misspelt key ("regoin") must be an error, not a silently ignored option.
const common = {
  instances: z.array(nonEmpty).min(1).optional(),
  endpoint: nonEmpty.optional(),
  timeoutMs: positiveInt.optional(),
};
const aliyunSource = <P extends 'aliyun-rds' | 'aliyun-kvstore'>(provider: P) =>
  z.strictObject({
    provider: z.literal(provider),
    region: nonEmpty,
    signatureVersion: z.enum(ALIYUN_SIGNATURE_VERSIONS).optional(),
    format: z.enum(ALIYUN_FORMATS).optional(),
    ...common,
  });
const sourceSchema = z.discriminatedUnion('provider', [
  aliyunSource('aliyun-rds'),
  aliyunSource('aliyun-kvstore'),
  z.strictObject({ provider: z.literal('huawei-rds'), region: nonEmpty, projectId: nonEmpty.optional(), iamEndpoint: nonEmpty.optional(), ...common }),
  z.strictObject({ provider: z.literal('capitalonline-mysql'), site: z.enum(CAPITALONLINE_SITES).optional(), timeZone: nonEmpty.optional(), ...common }),
]);
const configSchema = z.strictObject({
  $schema: z.string().optional(),
  sources: z.array(sourceSchema).min(1),
  concurrency: positiveInt.optional(),
});

export const CONFIG_EXAMPLE = `{
  "sources": [
    { "provider": "aliyun-rds", "region": "cn-hangzhou" },
    { "provider": "aliyun-kvstore", "region": "cn-hangzhou", "instances": ["r-bp1xxxx"] },
    { "provider": "huawei-rds", "region": "cn-north-4" },
    { "provider": "capitalonline-mysql", "site": "cn" }
  ]
}`;

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
    throw new UsageError(`Config file ${path} is not valid JSON (${(error as Error).message}). Expected, for example:\n${CONFIG_EXAMPLE}`);
  }
  rejectSecrets(json, path);
  const result = configSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${formatPath(issue.path)}: ${describeIssue(issue, json)}`);
    throw new UsageError(`Config file ${path} is invalid:\n${problems.join('\n')}\nExpected, for example:\n${CONFIG_EXAMPLE}`);
  }
  const { sources, concurrency } = result.data;
  return { sources: sources as SourceSpec[], ...(concurrency !== undefined ? { concurrency } : {}) };
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
      if (SECRET_KEY.test(key)) found.push({ at: formatPath([...at, key]), ...(own ? { provider: own } : {}) });
      else walk(v, [...at, key], own);
    }
  };
  walk(json, [], undefined);
  if (found.length === 0) return;
  // Name where each secret sits, never its value.
  const lines = found.map(({ at, provider }) => {
    const vars = provider ? CREDENTIAL_ENV_VARS[provider].join(' and ') : 'the provider\'s credential variables';
    return `  - ${at}: remove it and set ${vars} in the environment instead (or use the provider's credentials file)`;
  });
  throw new UsageError(
    `Config file ${path} contains credentials; secrets are not allowed in it (a config file gets committed and shared):\n${lines.join('\n')}`,
  );
}

/** The keys a source (at `sources[i]`) or the top level may have, for "unknown key" messages. */
function allowedKeys(path: readonly PropertyKey[], json: unknown): string[] | undefined {
  if (path.length === 0) return Object.keys(configSchema.shape);
  const index = path[1];
  if (path.length !== 2 || path[0] !== 'sources' || typeof index !== 'number') return undefined;
  const provider = (json as { sources: { provider?: unknown }[] }).sources[index]?.provider;
  const schema = sourceSchema.options.find((option) => option.shape.provider.value === provider);
  return schema ? Object.keys(schema.shape) : undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    return `must be one of ${PROVIDER_NAMES.join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') {
    const unknown = `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const allowed = allowedKeys(issue.path, json);
    return allowed ? `${unknown}; allowed keys: ${allowed.join(', ')}` : unknown;
  }
  return issue.message;
}
