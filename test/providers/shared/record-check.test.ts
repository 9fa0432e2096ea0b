import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mulberry32, type Rng } from '../../../src/emulator/random.js';
import { aliyunKvstoreBackupRecordSchema, aliyunKvstoreClusterBackupSchema } from '../../../src/providers/aliyun-kvstore/schema.js';
import { aliyunRdsBackupRecordSchema } from '../../../src/providers/aliyun-rds/schema.js';
import { capitalOnlineBackupRecordSchema } from '../../../src/providers/capitalonline-mysql/schema.js';
import { huaweiRdsBackupFieldsSchema } from '../../../src/providers/huawei-rds/schema.js';
import { compileRecordCheck } from '../../../src/providers/shared/record-check.js';

/** One full record per record schema, in the shape the services send (every documented field set). */
const SAMPLES: Record<string, { schema: z.ZodType; record: Record<string, unknown> }> = {
  'aliyun-rds': {
    schema: aliyunRdsBackupRecordSchema,
    record: {
      BackupId: '321020562', DBInstanceId: 'rm-uf6wjk5xxxxxxx', BackupStatus: 'Success', BackupStartTime: '2019-03-01T16:08:10Z',
      BackupEndTime: '2019-03-01T16:11:02Z', BackupType: 'FullBackup', BackupMode: 'Automated', BackupMethod: 'Physical',
      BackupSize: 2167808, BackupInitiator: 'System', BackupDownloadURL: 'http://dl.example/x.tar.gz', BackupIntranetDownloadURL: '',
      BackupDownloadLinkByDB: { BackupDownloadLinkByDB: [{ DataBase: 'db1', DownloadLink: 'http://x', IntranetDownloadLink: '' }] },
      BackupDBNames: 'db1,db2', BackupScale: 'DBInstance', BackupLocation: 'OSS', Checksum: 'abc', ConsistentTime: 1551441061,
      CopyOnlyBackup: '0', Encryption: '{}', Engine: 'MySQL', EngineVersion: '8.0', ExpectExpireTime: '2019-03-08T16:11:02Z',
      HostInstanceID: 5882781, IsAvail: 1, MetaStatus: 'OK', StorageClass: '0', StoreStatus: 'Enabled', SomethingNew: { a: 1 },
    },
  },
  'aliyun-kvstore': {
    schema: aliyunKvstoreBackupRecordSchema,
    record: {
      BackupId: 11111111, BackupJobID: 10001, BackupStatus: 'Success', BackupStartTime: '2019-03-14T18:00:00Z',
      BackupEndTime: '2019-03-14T18:01:00Z', BackupType: 'FullBackup', BackupMode: 'Automated', BackupMethod: 'Physical',
      BackupSize: '2167808', BackupDBNames: 'all', BackupDownloadURL: '', BackupIntranetDownloadURL: 'http://x', EngineVersion: '4.0',
      ExpectExpireTime: '2019-03-21T18:01:00Z', NodeInstanceId: 'r-bp1-db-0', RecoverConfigMode: '', Extra: [1, 'x'],
    },
  },
  'aliyun-kvstore cluster': {
    schema: aliyunKvstoreClusterBackupSchema,
    record: {
      ClusterBackupId: 'cb-hyxdof5x9kqb****', ClusterBackupStatus: 'OK', ClusterBackupStartTime: '2021-08-05T10:11:11Z',
      ClusterBackupEndTime: '2021-08-05T10:12:11Z', ClusterBackupMode: 'Automated', ClusterBackupSize: 10000, ExpectExpireTime: '',
      IsAvail: 1, Progress: '100', ShardClassMemory: 1024,
      Backups: [
        {
          BackupId: '11', BackupName: 'hins1', InstanceName: 'r-bp1-db-0', BackupStatus: 'OK', BackupStartTime: '2021-08-05T10:11:11Z',
          BackupEndTime: '2021-08-05T10:12:11Z', BackupSize: '5000', BackupDownloadURL: '', BackupIntranetDownloadURL: '', Engine: 'redis',
          IsAvail: '1', RecoverConfigMode: '', ExtraInfo: { CustinsDbVersion: '5.0' },
        },
      ],
    },
  },
  'capitalonline-mysql': {
    schema: capitalOnlineBackupRecordSchema,
    record: {
      BackupId: 'a1b2', Status: 'finished', BackupMode: 'auto', BackupType: 'physical-backup', BackupStrategy: 'instance', BackupSize: 1024,
      StartTime: '2022-03-01 02:00:00', EndTime: '2022-03-01 02:10:00', BackupFinishTime: '', Desc: 'nightly', InstanceId: 'uuid-1',
      BackupDownloadUrl: 'http://x', BackupIntranetDownloadUrl: '',
    },
  },
  'huawei-rds': {
    schema: huaweiRdsBackupFieldsSchema,
    record: {
      id: '43e4feaab48f11e89039fa163ebaa7e4br01', instance_id: 'd8e6ca5a624745bcb546a227aa3ae1cfin01', name: 'backup', type: 'auto',
      size: 2803, status: 'COMPLETED', begin_time: '2018-08-06T12:41:14+0800', end_time: '2018-08-06T12:43:14+0800',
      datastore: { type: 'MySQL', version: '5.6' }, databases: [{ name: 'user01' }], associated_with_ddm: false,
      min_data_volume_capacity_for_restore: 40,
    },
  },
};

/** Values of every JSON type, and the odd ones a hostile or broken server (or a bug) might produce. */
function randomValue(rng: Rng, depth = 0): unknown {
  const pick = Math.floor(rng() * (depth > 1 ? 13 : 16));
  switch (pick) {
    case 0: return '';
    case 1: return ' ';
    case 2: return 'x';
    case 3: return '2019-03-01T16:08:10Z';
    case 4: return 0;
    case 5: return Math.floor(rng() * 1e6);
    case 6: return -1.5;
    case 7: return Number.NaN;
    case 8: return Number.POSITIVE_INFINITY;
    case 9: return null;
    case 10: return undefined;
    case 11: return rng() < 0.5;
    case 12: return '\t\n';
    case 13: return [randomValue(rng, depth + 1), randomValue(rng, depth + 1)];
    case 14: return {};
    default: return { BackupDownloadLinkByDB: randomValue(rng, depth + 1), name: randomValue(rng, depth + 1), DataBase: randomValue(rng, depth + 1) };
  }
}

/** A copy of the record with a few random changes: a field deleted, replaced, or a nested value changed. */
function mutate(rng: Rng, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(record);
  const keys = Object.keys(record);
  const changes = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < changes; i++) {
    const key = keys[Math.floor(rng() * keys.length)]!;
    const what = rng();
    if (what < 0.25) delete out[key];
    else if (what < 0.85) out[key] = randomValue(rng);
    else {
      const nested = out[key];
      if (Array.isArray(nested) && nested.length > 0 && typeof nested[0] === 'object' && nested[0] !== null) {
        nested[0] = mutate(rng, nested[0] as Record<string, unknown>);
      } else if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
        out[key] = mutate(rng, nested as Record<string, unknown>);
      } else {
        out[`extra${i}`] = randomValue(rng);
      }
    }
  }
  return out;
}

describe.each([
  ['generated code', true],
  ['closures (where code generation is disallowed)', false],
])('compileRecordCheck agrees with zod, as %s', (_mode, generate) => {
  for (const [name, { schema, record }] of Object.entries(SAMPLES)) {
    it(`on ${name} records: the sample, and 3,000 seeded mutations of it`, () => {
      const check = compileRecordCheck(schema, { generate });
      expect(check, 'the record schema compiles').toBeTypeOf('function');
      // The generated function is named; the closures are not: this is the path the mode says.
      expect(check!.name === 'check').toBe(generate);
      expect(check!(record)).toBe(true);
      expect(schema.safeParse(record).success).toBe(true);
      const rng = mulberry32(19);
      let rejected = 0;
      for (let i = 0; i < 3000; i++) {
        const candidate = mutate(rng, record);
        const zod = schema.safeParse(candidate).success;
        if (check!(candidate) !== zod) expect.fail(`check and zod disagree (zod says ${zod}) on ${JSON.stringify(candidate)}`);
        if (!zod) rejected++;
      }
      // The mutations reach both verdicts, so the agreement says something.
      expect(rejected).toBeGreaterThan(300);
      expect(rejected).toBeLessThan(2700);
    });
  }

  it('on values that are not records at all', () => {
    const check = compileRecordCheck(aliyunRdsBackupRecordSchema, { generate })!;
    for (const value of [null, undefined, 0, '', 'x', [], [SAMPLES['aliyun-rds']!.record], true, new Date(0)]) {
      expect(check(value)).toBe(aliyunRdsBackupRecordSchema.safeParse(value).success);
    }
  });
});

describe.each([
  ['generated code', true],
  ['closures', false],
])('compileRecordCheck follows zod rule by rule, as %s', (_mode, generate) => {
  const cases: Array<[string, z.ZodType, unknown[]]> = [
    ['a regex and lengths', z.string().regex(/\S/).min(2).max(4), ['', ' ', 'ab', ' a', 'abcd', 'abcde', 3, null]],
    ['a global regex (lastIndex reset)', z.string().regex(/a/g), ['a', 'a', 'ba', 'b']],
    ['finite numbers only', z.number(), [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null]],
    ['literals', z.literal(['', 0]), ['', 0, -0, '0', null]],
    ['optional and nullable', z.string().nullish(), ['a', null, undefined, 0]],
    ['unions', z.union([z.number(), z.string().min(1)]), [1, '', 'a', null, Number.NaN]],
    ['arrays', z.array(z.number()), [[], [1, 2], [1, 'a'], {}, 'ab']],
    ['loose objects with a required and an optional key', z.object({ a: z.string(), b: z.number().optional() }).loose(), [{ a: 'x' }, { a: 'x', b: 1 }, { a: 'x', b: 'y' }, { b: 1 }, { a: 'x', c: 1 }, [], null]],
    ['a required unknown key', z.object({ a: z.unknown() }), [{}, { a: undefined }, { a: 1 }]],
    ['keys inherited through the prototype (zod reads them with `in`)', z.object({ a: z.string() }), [Object.create({ a: 'x' }), Object.create({ a: 1 })]],
    ['booleans', z.boolean(), [true, false, 0, 'true']],
    ['fields of every inlined kind', z.object({ s: z.string(), n: z.number().nullable(), b: z.boolean().optional(), l: z.literal(['x', 1, null]), u: z.union([z.null(), z.string()]), a: z.any() }), [
      { s: '', n: null, l: 'x', u: null, a: undefined },
      { s: '', n: 1, b: true, l: 1, u: 'y', a: 0 },
      { s: '', n: Number.NaN, l: 'x', u: null, a: 1 },
      { s: '', n: 1, b: 'true', l: 'x', u: null, a: 1 },
      { s: '', n: 1, l: 2, u: null, a: 1 },
      { s: '', n: 1, l: null, u: 1, a: 1 },
      { s: 1, n: 1, l: 'x', u: null, a: 1 },
      { s: '', n: 1, l: 'x', u: null },
      { n: 1, l: 'x', u: null, a: 1 },
    ]],
    ['awkward keys', z.object({ 'a"b': z.string(), 'line\u2028sep': z.number(), constructor: z.unknown() }), [{ 'a"b': 'x', 'line\u2028sep': 1 }, { 'a"b': 1, 'line\u2028sep': 1 }, {}]],
  ];
  for (const [name, schema, values] of cases) {
    it(name, () => {
      const check = compileRecordCheck(schema, { generate });
      expect(check).toBeTypeOf('function');
      for (const value of values) expect(check!(value), JSON.stringify(value) ?? String(value)).toBe(schema.safeParse(value).success);
    });
  }

  it('leaves to zod what it cannot decide without zod: refinements, transforms, coercion, strict objects, defaults', () => {
    const leftToZod: z.ZodType[] = [
      z.string().refine((s) => s !== 'x'),
      z.string().transform((s) => s.length),
      z.preprocess((v) => v, z.string()),
      z.coerce.number(),
      z.number().int(),
      z.object({ a: z.string() }).strict(),
      z.object({ a: z.string() }).catchall(z.number()),
      z.object({ a: z.string().default('x') }),
      z.string().email(),
      z.object({ a: z.lazy(() => z.string()) }),
    ];
    for (const schema of leftToZod) expect(compileRecordCheck(schema, { generate })).toBeUndefined();
  });
});
