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
      if (b.provider === 'aliyun-kvstore') return b.raw.BackupId;
      if (b.provider === 'capitalonline-mysql') return b.raw.BackupStrategy;
      expectTypeOf(b.provider).toEqualTypeOf<'aliyun-rds'>();
      return b.raw.BackupMethod;
    };
    expectTypeOf(narrow).parameter(0).toEqualTypeOf<Backup>();
    expectTypeOf<Backup['provider']>().toEqualTypeOf<ProviderName>();
    // A field of another provider's record is not there without narrowing.
    // @ts-expect-error datastore exists only on Huawei records
    ((b: Backup) => b.raw.datastore)(undefined as unknown as Backup);
  });

  it('has no any in the items of a listing', async () => {
    for await (const b of client.backups()) {
      expectTypeOf(b.startTime).toEqualTypeOf<Date>();
      expectTypeOf(b.sizeBytes).toEqualTypeOf<number | undefined>();
      expectTypeOf(b.id).toEqualTypeOf<string>();
    }
  });
});
