// Bundles the providers' response-handling code (parse, envelope schema, per-record schema, mapper) from
// src/ into bench/.build/internal.mjs, for the normalization benchmark only. The package's public surface stays
// as it is: nothing here is exported by cloud-backups. Dependencies (zod, date-fns, ...) stay external, so the
// bundle runs the same copies the built package uses.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const INTERNAL_BUNDLE = fileURLToPath(new URL('./.build/internal.mjs', import.meta.url));

// Each `full` function repeats, line for line, what the provider's fetchBackupsPage does once the HTTP response
// is in (src/providers/<provider>/{index,provider,backups}.ts): parseBody -> (unwrap) -> parseEnvelope -> records
// mapped one by one. `parse` and `validate` stop earlier, to show where the cost goes.
const ENTRY = `
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

/** Builds the bundle (about a second); returns its path. */
export async function buildInternal() {
  const esbuild = await import('esbuild');
  mkdirSync(new URL('./.build/', import.meta.url), { recursive: true });
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'bench-internal-entry.ts', loader: 'ts' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: INTERNAL_BUNDLE,
    logLevel: 'warning',
  });
  return INTERNAL_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildInternal());
}
