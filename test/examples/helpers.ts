import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { vi } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import * as library from '../../src/index.js';
import * as emulator from '../../src/emulator/index.js';
import * as inventory from '../../src/inventory/index.js';

export const README = readFileSync(join(process.cwd(), 'README.md'), 'utf8');

/** The `ts` code blocks of the README section under `heading` (a `## ` heading), in order. */
export function readmeBlocks(heading: string): string[] {
  const start = README.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "## ${heading}"`);
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The README section under `heading`, as text. */
export function readmeSection(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

type Factory = (options: Record<string, unknown>) => unknown;

/** The options that point each provider's sources at an emulator: its URL, the same for every provider. */
export function emulatorEndpoints(url: string): Record<'aliyun-rds' | 'aliyun-kvstore' | 'huawei-rds' | 'capitalonline-mysql', Record<string, string>> {
  return {
    'aliyun-rds': { endpoint: url },
    'aliyun-kvstore': { endpoint: url },
    'huawei-rds': { endpoint: url, iamEndpoint: url },
    'capitalonline-mysql': { endpoint: `${url}/{site}` },
  };
}

/**
 * The library as a README snippet sees it, except that every source factory also points its source at the emulator
 * (the only change to the snippet: its regions, credentials and options stay as written).
 */
export function libraryAt(url: string): Record<string, unknown> {
  const at = emulatorEndpoints(url);
  const wrap = (factory: Factory, provider: keyof typeof at): Factory => (options) => factory({ ...options, ...at[provider] });
  return {
    ...library,
    aliyunRds: wrap(library.aliyunRds as unknown as Factory, 'aliyun-rds'),
    aliyunKvstore: wrap(library.aliyunKvstore as unknown as Factory, 'aliyun-kvstore'),
    huaweiRds: wrap(library.huaweiRds as unknown as Factory, 'huawei-rds'),
    capitalOnlineMysql: wrap(library.capitalOnlineMysql as unknown as Factory, 'capitalonline-mysql'),
  };
}

export interface SnippetRun {
  /** Every `console.log` call's arguments. */
  logs: unknown[][];
}

/**
 * Runs a README snippet: TypeScript compiled to JavaScript, its `import { ... } from 'cloud-backups'` (and
 * `cloud-backups/emulator`) lines served from `modules`, `console` captured, and `Date.now()` fixed at `now` when given
 * (so "the last week" is the same instant for the snippet and the test).
 */
export async function runSnippet(code: string, modules: Record<string, Record<string, unknown>>, now?: number): Promise<SnippetRun> {
  const imports: string[] = [];
  const body = code.replace(/^import \{([^}]+)\} from '([^']+)';$/gm, (_line, names: string, from: string) => {
    const module = modules[from];
    if (!module) throw new Error(`the snippet imports ${from}, which the test does not serve`);
    const bound = names.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '));
    for (const name of bound) if (!(name in module)) throw new Error(`${from} has no export ${name}`);
    imports.push(`const { ${bound.join(', ')} } = __modules[${JSON.stringify(from)}];`);
    return '';
  });
  const js = ts.transpileModule(`${imports.join('\n')}\n${body}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  }).outputText;
  const logs: unknown[][] = [];
  const capture = { ...console, log: (...args: unknown[]) => logs.push(args) };
  const FixedDate = now === undefined ? Date : class extends Date {
    static override now(): number {
      return now;
    }
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction('__modules', 'console', 'Date', js)(modules, capture, FixedDate);
  return { logs };
}

/**
 * The modules a snippet may import, with the library's factories pointed at `url`, and any inventory opened in memory
 * (a snippet's directory would be created in the working directory).
 */
export function snippetModules(url: string): Record<string, Record<string, unknown>> {
  const openInventory = (options: Record<string, unknown> = {}) => inventory.openInventory({ ...options, url: 'memory://' });
  return { 'cloud-backups': libraryAt(url), 'cloud-backups/emulator': { ...emulator }, 'cloud-backups/inventory': { ...inventory, openInventory } };
}

/** The modules a snippet may import, untouched: for snippets that point their sources at an emulator themselves. */
export function plainModules(): Record<string, Record<string, unknown>> {
  return { 'cloud-backups': { ...library }, 'cloud-backups/emulator': { ...emulator } };
}

/** Sets every provider's credential variables to one emulator account's keys (after `withoutCloudCredentials`). */
export function credentialsInEnvironment(keys: { accessKeyId: string; accessKeySecret: string }): void {
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', keys.accessKeyId);
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', keys.accessKeySecret);
  vi.stubEnv('HUAWEICLOUD_SDK_AK', keys.accessKeyId);
  vi.stubEnv('HUAWEICLOUD_SDK_SK', keys.accessKeySecret);
  vi.stubEnv('CDS_SECRET_ID', keys.accessKeyId);
  vi.stubEnv('CDS_SECRET_KEY', keys.accessKeySecret);
}

/**
 * Two named profiles in the (stubbed) home directory, as an operator would write them: `prod` holds the first
 * emulator account's keys; `staging` is the second account, reached on Aliyun through a RAM role that the first
 * account's keys assume (STS AssumeRole on the emulator), and with the second account's own keys elsewhere.
 */
export function writeProfiles(home: string, emu: RunningEmulator): void {
  const [first, second] = emu.accounts;
  if (!first || !second) throw new Error('writeProfiles needs an emulator with two accounts');
  mkdirSync(join(home, '.alibabacloud'), { recursive: true });
  writeFileSync(
    join(home, '.alibabacloud', 'credentials'),
    [
      '[prod]',
      'type = access_key',
      `access_key_id = ${first.credentials.accessKeyId}`,
      `access_key_secret = ${first.credentials.accessKeySecret}`,
      '',
      '[staging]',
      'type = ram_role_arn',
      `access_key_id = ${first.credentials.accessKeyId}`,
      `access_key_secret = ${first.credentials.accessKeySecret}`,
      `role_arn = ${second.roleArn}`,
      'role_session_name = cloud-backups-examples',
      `sts_endpoint = ${emu.url}`,
      '',
    ].join('\n'),
  );
  mkdirSync(join(home, '.huaweicloud'), { recursive: true });
  writeFileSync(
    join(home, '.huaweicloud', 'credentials'),
    [
      '[prod]',
      `ak = ${first.credentials.accessKeyId}`,
      `sk = ${first.credentials.accessKeySecret}`,
      '[staging]',
      `ak = ${second.credentials.accessKeyId}`,
      `sk = ${second.credentials.accessKeySecret}`,
      '',
    ].join('\n'),
  );
  vi.stubEnv('PROD_CDS_SECRET_ID', first.credentials.accessKeyId);
  vi.stubEnv('PROD_CDS_SECRET_KEY', first.credentials.accessKeySecret);
  vi.stubEnv('STAGING_CDS_SECRET_ID', second.credentials.accessKeyId);
  vi.stubEnv('STAGING_CDS_SECRET_KEY', second.credentials.accessKeySecret);
}

/** The profile each emulator account is reached through in `writeProfiles`. */
export const PROFILE_OF: Readonly<Record<string, string>> = { default: 'prod', 'account-2': 'staging' };

/** `provider instanceId id`: what identifies a backup across a listing and the ground truth. */
export const key = (b: { provider: string; instanceId: string; id: string }): string => `${b.provider} ${b.instanceId} ${b.id}`;

export const PROVIDERS = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'] as const;
