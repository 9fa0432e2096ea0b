/**
 * Every backup of every provider, in every region the keys can use, one tab-separated line each.
 *
 * Credentials come from each provider's usual environment variables (or its credentials file):
 * ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK,
 * CDS_SECRET_ID / CDS_SECRET_KEY. Exit code 0 when everything was listed, 1 when some part could not be.
 *
 *   npx tsx examples/list-everything.ts
 *   EMULATOR_URL=http://127.0.0.1:4566 npx tsx examples/list-everything.ts   # against `cloud-backups emulator --port 4566`
 */
import { pathToFileURL } from 'node:url';
import { aliyunKvstore, aliyunRds, capitalOnlineMysql, createBackupClient, describeFailure, huaweiRds, type ListingFailure } from 'cloud-backups';

/** Where the sources go: the real clouds, or the emulator at EMULATOR_URL (which serves every provider). */
function endpoints(emulatorUrl: string | undefined) {
  if (!emulatorUrl) return { aliyun: {}, huawei: {}, capitalOnline: {} };
  return { aliyun: { endpoint: emulatorUrl }, huawei: { endpoint: emulatorUrl, iamEndpoint: emulatorUrl }, capitalOnline: { endpoint: `${emulatorUrl}/{site}` } };
}

export async function main(print: (line: string) => void = console.log, warn: (line: string) => void = console.error): Promise<number> {
  const at = endpoints(process.env.EMULATOR_URL);
  const failures: ListingFailure[] = [];
  const client = createBackupClient({
    sources: [
      aliyunRds({ region: '*', ...at.aliyun }),
      aliyunKvstore({ region: '*', ...at.aliyun }),
      huaweiRds({ region: '*', ...at.huawei }),
      capitalOnlineMysql({ site: '*', ...at.capitalOnline }),
    ],
    // Failures (a region the keys may not use, an unreachable endpoint) arrive here; everything else is still listed.
    onError: (failure) => failures.push(failure),
  });
  let count = 0;
  try {
    for await (const b of client.backups()) {
      count++;
      print([b.provider, b.account, b.region, b.instanceId, b.id, b.status, b.type, b.startTime.toISOString(), b.sizeBytes ?? ''].join('\t'));
    }
  } finally {
    client.close();
  }
  for (const failure of failures) warn(`listing error: ${describeFailure(failure)}`);
  warn(`${count} backups, ${failures.length} listing errors`);
  return failures.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
