/**
 * A backup-health check for a scheduled job: every instance of every provider, in every region, against the six
 * audit rules (RPO of 26 h, latest attempt failed, 7 consecutive days, 7 days' retention, size drop, restorable).
 * Prints one line per problem. Exit code 0 when all is well, 1 on an alarm, 3 when some instance could not be checked.
 * Credentials from the environment, as in list-everything.ts.
 *
 *   npx tsx examples/audit.ts
 *   EMULATOR_URL=http://127.0.0.1:4566 npx tsx examples/audit.ts
 */
import { pathToFileURL } from 'node:url';
import { aliyunKvstore, aliyunRds, auditOutcome, capitalOnlineMysql, createBackupClient, describeFailure, huaweiRds } from 'cloud-backups';

function endpoints(emulatorUrl: string | undefined) {
  if (!emulatorUrl) return { aliyun: {}, huawei: {}, capitalOnline: {} };
  return { aliyun: { endpoint: emulatorUrl }, huawei: { endpoint: emulatorUrl, iamEndpoint: emulatorUrl }, capitalOnline: { endpoint: `${emulatorUrl}/{site}` } };
}

export async function main(print: (line: string) => void = console.log, warn: (line: string) => void = console.error, now: Date = new Date()): Promise<number> {
  const at = endpoints(process.env.EMULATOR_URL);
  const client = createBackupClient({
    sources: [
      aliyunRds({ region: '*', ...at.aliyun }),
      aliyunKvstore({ region: '*', ...at.aliyun }),
      huaweiRds({ region: '*', ...at.huawei }),
      capitalOnlineMysql({ site: '*', ...at.capitalOnline }),
    ],
  });
  try {
    // No rules: all six with their defaults. `now` is the instant judged at (pinned by the tests).
    const result = await client.audit(undefined, { now });
    for (const f of result.findings) {
      if (f.status === 'ok' || f.status === 'skip') continue;
      print([f.status, f.provider, f.account, f.region, f.instanceId, f.rule, f.reason].join('\t'));
    }
    for (const failure of result.failures) warn(`could not read: ${describeFailure(failure)}`);
    const { instances, ok, warn: warnings, alarm, error } = result.summary;
    warn(`${instances} instances: ${ok} ok, ${warnings} warn, ${alarm} alarm, ${error} error findings`);
    const outcome = auditOutcome(result);
    return outcome === 'ok' ? 0 : outcome === 'breach' ? 1 : 3;
  } finally {
    client.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
