/**
 * Every region of two accounts, each a named profile: `[prod]` and `[staging]` in ~/.alibabacloud/credentials (or
 * the aliyun CLI's profiles, RAM-role ones included) and in ~/.huaweicloud/credentials, PROD_CDS_SECRET_ID /
 * PROD_CDS_SECRET_KEY and STAGING_CDS_SECRET_ID / STAGING_CDS_SECRET_KEY for CapitalOnline. Prints how many backups
 * and how many failed ones each account has per provider and region. Profiles are the arguments (default prod staging).
 *
 *   npx tsx examples/every-region-of-two-accounts.ts prod staging
 *   EMULATOR_URL=http://127.0.0.1:4566 npx tsx examples/every-region-of-two-accounts.ts prod staging
 */
import { pathToFileURL } from 'node:url';
import { aliyunKvstore, aliyunRds, capitalOnlineMysql, createBackupClient, describeFailure, huaweiRds, type ListingFailure } from 'cloud-backups';

function endpoints(emulatorUrl: string | undefined) {
  if (!emulatorUrl) return { aliyun: {}, huawei: {}, capitalOnline: {} };
  return { aliyun: { endpoint: emulatorUrl }, huawei: { endpoint: emulatorUrl, iamEndpoint: emulatorUrl }, capitalOnline: { endpoint: `${emulatorUrl}/{site}` } };
}

export async function main(
  profiles: readonly string[] = ['prod', 'staging'],
  print: (line: string) => void = console.log,
  warn: (line: string) => void = console.error,
): Promise<number> {
  const at = endpoints(process.env.EMULATOR_URL);
  const failures: ListingFailure[] = [];
  const client = createBackupClient({
    // One source per provider and account, each covering every region ('*'); each backup's `account` is the profile.
    sources: profiles.flatMap((profile) => [
      aliyunRds({ region: '*', profile, ...at.aliyun }),
      aliyunKvstore({ region: '*', profile, ...at.aliyun }),
      huaweiRds({ region: '*', profile, ...at.huawei }),
      capitalOnlineMysql({ site: '*', profile, ...at.capitalOnline }),
    ]),
    onError: (failure) => failures.push(failure),
  });
  const counts = new Map<string, { backups: number; failed: number }>();
  try {
    for await (const b of client.backups()) {
      const key = `${b.account}\t${b.provider}\t${b.region}`;
      const count = counts.get(key) ?? { backups: 0, failed: 0 };
      count.backups++;
      if (b.status === 'failed') count.failed++;
      counts.set(key, count);
    }
  } finally {
    client.close();
  }
  print('account\tprovider\tregion\tbackups\tfailed');
  for (const [key, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) print(`${key}\t${count.backups}\t${count.failed}`);
  for (const failure of failures) warn(`listing error: ${describeFailure(failure)}`);
  return failures.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  process.exitCode = await main(args.length > 0 ? args : undefined);
}
