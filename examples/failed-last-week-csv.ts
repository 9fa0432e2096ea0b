/**
 * The failed backups of the last 7 days, as CSV on stdout (a header, then one row per backup, newest listing first).
 * Credentials from the environment, as in list-everything.ts. Exit code 1 when some part could not be listed.
 *
 *   npx tsx examples/failed-last-week-csv.ts > failed.csv
 *   EMULATOR_URL=http://127.0.0.1:4566 npx tsx examples/failed-last-week-csv.ts
 */
import { pathToFileURL } from 'node:url';
import { aliyunKvstore, aliyunRds, capitalOnlineMysql, createBackupClient, describeFailure, huaweiRds, type ListingFailure } from 'cloud-backups';

const COLUMNS = ['provider', 'account', 'region', 'instanceId', 'id', 'type', 'mode', 'startTime', 'endTime', 'sizeBytes'] as const;

function cell(value: string | number | Date | undefined): string {
  const text = value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function endpoints(emulatorUrl: string | undefined) {
  if (!emulatorUrl) return { aliyun: {}, huawei: {}, capitalOnline: {} };
  return { aliyun: { endpoint: emulatorUrl }, huawei: { endpoint: emulatorUrl, iamEndpoint: emulatorUrl }, capitalOnline: { endpoint: `${emulatorUrl}/{site}` } };
}

export async function main(
  write: (text: string) => void = (text) => process.stdout.write(text),
  warn: (line: string) => void = console.error,
  now: Date = new Date(),
): Promise<number> {
  const at = endpoints(process.env.EMULATOR_URL);
  const failures: ListingFailure[] = [];
  const client = createBackupClient({
    sources: [
      aliyunRds({ region: '*', ...at.aliyun }),
      aliyunKvstore({ region: '*', ...at.aliyun }),
      huaweiRds({ region: '*', ...at.huawei }),
      capitalOnlineMysql({ site: '*', ...at.capitalOnline }),
    ],
    onError: (failure) => failures.push(failure),
  });
  const since = new Date(now.getTime() - 7 * 86_400_000);
  write(`${COLUMNS.join(',')}\r\n`);
  try {
    // The status and the time window are sent to the APIs that can filter on them, and checked again here.
    for await (const b of client.backups({ status: 'failed', since, until: now })) {
      write(`${COLUMNS.map((column) => cell(b[column])).join(',')}\r\n`);
    }
  } finally {
    client.close();
  }
  for (const failure of failures) warn(`listing error: ${describeFailure(failure)}`);
  return failures.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
