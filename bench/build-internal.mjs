// Bundles the providers' response-handling code (parse, envelope schema, records schema, mapper) from a source
// tree into bench/.build/, for the normalization benchmark only. The package's public surface stays as it is:
// nothing here is exported by cloud-backups. Dependencies (zod, ...) stay external, so the bundle runs the same
// copies the built package uses.
//
// Two layouts are known, so before/after figures come from the same benchmark code (bench/compare.mjs):
// - the current one (src/providers/<p>/map.ts exports `mapBackupsPage(response, context)`);
// - the pre-restructure one (src/providers/shared.ts, mappers that take a parsed envelope), as of commit 53b3eff.
// BENCH_SRC_ROOT points at another checkout (default: this repository).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));

/** The source tree to bundle from. */
export function sourceRoot() {
  return resolve(process.env.BENCH_SRC_ROOT ?? here);
}

// Each `full` function repeats what the provider's fetchBackupsPage does once the HTTP response is in:
// parseBody -> (unwrap) -> the provider's page mapper (envelope schema, records, mappers). `parse` and `validate`
// stop earlier, to show where the cost goes.
const CURRENT = `
import { parseBody } from './src/http/parse-body.js';
import { parseEnvelope } from './src/providers/shared/records.js';
import { unwrapResponseRoot } from './src/providers/aliyun-common/rpc-call.js';
import { aliyunRdsBackupRecordSchema, describeBackupsResponseSchema as rdsEnvelope } from './src/providers/aliyun-rds/schema.js';
import { mapBackupsPage as mapRdsPage } from './src/providers/aliyun-rds/map.js';
import { aliyunKvstoreBackupRecordSchema, describeBackupsEnvelopeSchema as kvEnvelope } from './src/providers/aliyun-kvstore/schema.js';
import { mapBackupsPage as mapKvPage } from './src/providers/aliyun-kvstore/map.js';
import { huaweiRdsBackupRecordSchema, listBackupsEnvelopeSchema as hwEnvelope } from './src/providers/huawei-rds/schema.js';
import { mapBackupsPage as mapHwPage } from './src/providers/huawei-rds/map.js';
import { capitalOnlineBackupRecordSchema, describeBackupsResponseSchema as coEnvelope } from './src/providers/capitalonline-mysql/schema.js';
import { mapBackupsPage as mapCoPage } from './src/providers/capitalonline-mysql/map.js';
import { DEFAULT_CAPITALONLINE_TIME_ZONE } from './src/providers/capitalonline-mysql/time.js';
import { z } from 'zod';

const URL_ = 'http://127.0.0.1/bench';
const NOW = new Date();
const response = (text: string, body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, text, body, url: URL_ });
const countValid = (records: readonly unknown[], schema: z.ZodType) => (schema.safeParse(records).success ? records.length : 0);
const arrays = new Map<unknown, z.ZodType>();
const arrayOf = (schema: z.ZodType) => { let a = arrays.get(schema); if (!a) arrays.set(schema, (a = z.array(schema))); return a; };

export const layout = 'current';
export const providers = {
  'aliyun-rds': {
    parse: (text: string) => unwrapResponseRoot(parseBody(text, 'application/json', 'aliyun-rds', URL_), 'DescribeBackups'),
    validate(text: string) {
      const envelope = parseEnvelope('aliyun-rds', 'DescribeBackups', rdsEnvelope, response(text, this.parse(text)));
      return countValid(envelope.Items, arrayOf(aliyunRdsBackupRecordSchema));
    },
    full(text: string, instanceId: string, region: string) {
      return mapRdsPage(response(text, this.parse(text)), { account: 'default', region, instanceId, now: NOW });
    },
  },
  'aliyun-kvstore': {
    parse: (text: string) => unwrapResponseRoot(parseBody(text, 'application/json', 'aliyun-kvstore', URL_), 'DescribeBackups'),
    validate(text: string) {
      const envelope = parseEnvelope('aliyun-kvstore', 'DescribeBackups', kvEnvelope, response(text, this.parse(text)));
      return countValid(envelope.Backups, arrayOf(aliyunKvstoreBackupRecordSchema));
    },
    full(text: string, instanceId: string, region: string) {
      return mapKvPage(response(text, this.parse(text)), { account: 'default', region, instanceId, now: NOW });
    },
  },
  'huawei-rds': {
    parse: (text: string) => parseBody(text, 'application/json', 'huawei-rds', URL_),
    validate(text: string) {
      const envelope = parseEnvelope('huawei-rds', 'ListBackups', hwEnvelope, response(text, this.parse(text)));
      return countValid(envelope.backups, arrayOf(huaweiRdsBackupRecordSchema));
    },
    full(text: string, instanceId: string, region: string) {
      return mapHwPage(response(text, this.parse(text)), { account: 'default', region, instanceId });
    },
  },
  'capitalonline-mysql': {
    parse: (text: string) => parseBody(text, 'application/json', 'capitalonline-mysql', URL_),
    validate(text: string) {
      const envelope = parseEnvelope('capitalonline-mysql', 'DescribeBackups', coEnvelope, response(text, this.parse(text)));
      return countValid(envelope.Data ?? [], arrayOf(capitalOnlineBackupRecordSchema));
    },
    full(text: string, instanceId: string, region: string) {
      return mapCoPage(response(text, this.parse(text)), { account: 'default', region, site: 'cn', instanceId, timeZone: DEFAULT_CAPITALONLINE_TIME_ZONE });
    },
  },
};
`;

// The pre-restructure layout (commit 53b3eff), line for line as the benchmark had it then.
const BEFORE_RESTRUCTURE = `
import { parseBody } from './src/http/parse-body.js';
import { mapRecords, parseEnvelope } from './src/providers/shared.js';
import { unwrapResponseRoot } from './src/providers/aliyun-common/rpc-call.js';
import { aliyunRdsBackupRecordSchema, describeBackupsResponseSchema as rdsEnvelope } from './src/providers/aliyun-rds/schema.js';
import { mapRdsBackup } from './src/providers/aliyun-rds/map.js';
import { aliyunKvstoreBackupRecordSchema, describeBackupsEnvelopeSchema as kvEnvelope } from './src/providers/aliyun-kvstore/schema.js';
import { mapBackupsPage as mapKvPage } from './src/providers/aliyun-kvstore/map.js';
import { huaweiRdsBackupRecordSchema, listBackupsEnvelopeSchema as hwEnvelope } from './src/providers/huawei-rds/schema.js';
import { mapBackupsPage as mapHwPage } from './src/providers/huawei-rds/map.js';
import { capitalOnlineBackupRecordSchema, describeBackupsResponseSchema as coEnvelope } from './src/providers/capitalonline-mysql/schema.js';
import { mapCapitalOnlineBackup } from './src/providers/capitalonline-mysql/map.js';
import { DEFAULT_CAPITALONLINE_TIME_ZONE } from './src/providers/capitalonline-mysql/time.js';

const URL_ = 'http://127.0.0.1/bench';
const response = (text: string, body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, text, body, url: URL_ });
const countValid = (records: readonly unknown[], schema: { safeParse(v: unknown): { success: boolean } }) => {
  let n = 0;
  for (const r of records) if (schema.safeParse(r).success) n++;
  return n;
};

export const layout = 'before-restructure';
export const providers = {
  'aliyun-rds': {
    parse: (text: string) => unwrapResponseRoot(parseBody(text, 'application/json', 'aliyun-rds', URL_), 'DescribeBackups'),
    validate(text: string) {
      const envelope = parseEnvelope('aliyun-rds', 'DescribeBackups', rdsEnvelope, response(text, this.parse(text)));
      return countValid(envelope.Items, aliyunRdsBackupRecordSchema);
    },
    full(text: string, instanceId: string, region: string) {
      const envelope = parseEnvelope('aliyun-rds', 'DescribeBackups', rdsEnvelope, response(text, this.parse(text)));
      const context = { instanceId, region };
      return mapRecords({
        provider: 'aliyun-rds', instanceId, region, records: envelope.Items, schema: aliyunRdsBackupRecordSchema,
        map: (record) => mapRdsBackup(record, context), url: URL_,
      });
    },
  },
  'aliyun-kvstore': {
    parse: (text: string) => unwrapResponseRoot(parseBody(text, 'application/json', 'aliyun-kvstore', URL_), 'DescribeBackups'),
    validate(text: string) {
      const envelope = parseEnvelope('aliyun-kvstore', 'DescribeBackups', kvEnvelope, response(text, this.parse(text)));
      return countValid(envelope.Backups, aliyunKvstoreBackupRecordSchema);
    },
    full(text: string, instanceId: string, region: string) {
      const envelope = parseEnvelope('aliyun-kvstore', 'DescribeBackups', kvEnvelope, response(text, this.parse(text)));
      return mapKvPage(envelope, { instanceId, region, url: URL_ });
    },
  },
  'huawei-rds': {
    parse: (text: string) => parseBody(text, 'application/json', 'huawei-rds', URL_),
    validate(text: string) {
      const envelope = parseEnvelope('huawei-rds', 'ListBackups', hwEnvelope, response(text, this.parse(text)));
      return countValid(envelope.backups, huaweiRdsBackupRecordSchema);
    },
    full(text: string, instanceId: string, region: string) {
      const envelope = parseEnvelope('huawei-rds', 'ListBackups', hwEnvelope, response(text, this.parse(text)));
      return mapHwPage(envelope, { instanceId, region, url: URL_ });
    },
  },
  'capitalonline-mysql': {
    parse: (text: string) => parseBody(text, 'application/json', 'capitalonline-mysql', URL_),
    validate(text: string) {
      const envelope = parseEnvelope('capitalonline-mysql', 'DescribeBackups', coEnvelope, response(text, this.parse(text)));
      return countValid(envelope.Data ?? [], capitalOnlineBackupRecordSchema);
    },
    full(text: string, instanceId: string, region: string) {
      const envelope = parseEnvelope('capitalonline-mysql', 'DescribeBackups', coEnvelope, response(text, this.parse(text)));
      const records = envelope.Data ?? [];
      const timeZone = DEFAULT_CAPITALONLINE_TIME_ZONE;
      return mapRecords({
        provider: 'capitalonline-mysql', instanceId, region, records, schema: capitalOnlineBackupRecordSchema,
        map: (record) => mapCapitalOnlineBackup(record, { instanceId, timeZone, region }), url: URL_,
      });
    },
  },
};
`;

/** Builds the bundle for `root` (about a second); returns its path. */
export async function buildInternal(root = sourceRoot()) {
  const esbuild = await import('esbuild');
  const old = existsSync(join(root, 'src/providers/shared.ts'));
  const tag = root === resolve(here) ? 'internal' : `internal-${createHash('sha1').update(root).digest('hex').slice(0, 8)}`;
  const outfile = fileURLToPath(new URL(`./.build/${tag}.mjs`, import.meta.url));
  mkdirSync(new URL('./.build/', import.meta.url), { recursive: true });
  await esbuild.build({
    stdin: { contents: old ? BEFORE_RESTRUCTURE : CURRENT, resolveDir: root, sourcefile: 'bench-internal-entry.ts', loader: 'ts' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildInternal());
}
