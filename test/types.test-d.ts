import { describe, expectTypeOf, it } from 'vitest';
import type { Backup, BackupClient, BackupList, BackupStatus, ClientBackupQuery, ProviderName } from '../src/index.js';

declare const client: BackupClient;

describe('public types', () => {
  it('catch a misspelt filter value at compile time', () => {
    // @ts-expect-error 'sucess' is not a BackupStatus
    client.backups({ status: 'sucess' });
    // @ts-expect-error 'automatic' is not a BackupMode
    client.backups({ mode: ['manual', 'automatic'] });
    // @ts-expect-error a string is not a Date
    client.backups({ since: '2024-01-01' });
    // @ts-expect-error unknown provider
    client.backups({ providers: 'aws-rds' });
    expectTypeOf(client.backups({ status: ['failed', 'running'], type: 'full', providers: ['huawei-rds'] })).toEqualTypeOf<BackupList>();
    expectTypeOf<ClientBackupQuery['status']>().toEqualTypeOf<BackupStatus | readonly BackupStatus[] | undefined>();
  });

  it('narrow raw by provider', () => {
    const narrow = (b: Backup) => {
      if (b.provider === 'huawei-rds') {
        expectTypeOf(b).toEqualTypeOf<Backup<'huawei-rds'>>();
        return b.raw.datastore;
      }
      // A KVStore backup is a DescribeBackups row or a cloud-native cluster backup: narrowed further by its own fields.
      if (b.provider === 'aliyun-kvstore') return 'ClusterBackupId' in b.raw ? b.raw.ClusterBackupId : b.raw.BackupId;
      if (b.provider === 'capitalonline-mysql') {
        expectTypeOf(b.site).toEqualTypeOf<'cn' | 'asia' | 'us'>();
        return b.raw.BackupStrategy;
      }
      expectTypeOf(b.provider).toEqualTypeOf<'aliyun-rds'>();
      return b.raw.BackupMethod;
    };
    expectTypeOf(narrow).parameter(0).toEqualTypeOf<Backup>();
    expectTypeOf<Backup['provider']>().toEqualTypeOf<ProviderName>();
    // A field of another provider's record is not there without narrowing.
    // @ts-expect-error datastore exists only on Huawei records
    ((b: Backup) => b.raw.datastore)(undefined as unknown as Backup);
    // @ts-expect-error site exists only on CapitalOnline backups
    ((b: Backup<'aliyun-rds'>) => b.site)(undefined as unknown as Backup<'aliyun-rds'>);
  });

  it('has no any in the items of a listing', async () => {
    for await (const b of client.backups()) {
      expectTypeOf(b.startTime).toEqualTypeOf<Date>();
      expectTypeOf(b.sizeBytes).toEqualTypeOf<number | undefined>();
      expectTypeOf(b.id).toEqualTypeOf<string>();
      expectTypeOf(b.account).toEqualTypeOf<string>();
      expectTypeOf(b.region).toEqualTypeOf<string>();
      expectTypeOf(b.scope).toEqualTypeOf<'instance' | 'database' | 'unknown'>();
      expectTypeOf(b.available).toEqualTypeOf<boolean | undefined>();
    }
  });
});
