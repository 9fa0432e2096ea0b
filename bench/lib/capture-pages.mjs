// Captures real backup pages as the emulator serves them, through our own client, by putting a recording
// proxy between the two. The normalization benchmark then replays those exact bytes without any network.
import http from 'node:http';
import { lib } from './dist.mjs';
import { startEmulatorProcess } from './emulator.mjs';
import { PROVIDERS, emulatorSources } from './sources.mjs';

/** Where each provider's records sit in a parsed page body. */
export const RECORDS = {
  'aliyun-rds': { get: (b) => b.Items.Backup, set: (b, r) => ({ ...b, Items: { ...b.Items, Backup: r } }) },
  'aliyun-kvstore': { get: (b) => b.Backups.Backup, set: (b, r) => ({ ...b, Backups: { ...b.Backups, Backup: r } }) },
  'huawei-rds': { get: (b) => b.backups, set: (b, r) => ({ ...b, backups: r }) },
  'capitalonline-mysql': { get: (b) => b.Data, set: (b, r) => ({ ...b, Data: r }) },
};

/** Which provider's DescribeBackups/ListBackups a request is (ACS3 names the action in headers, RPC v1 in the query). */
function providerOfBackupPage(/** @type {string} */ url, /** @type {import('node:http').IncomingHttpHeaders} */ headers) {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  if (/^\/v3\/[^/]+\/backups\/?$/.test(path)) return 'huawei-rds';
  const action = headers['x-acs-action'] ?? params.get('Action');
  const version = headers['x-acs-version'] ?? params.get('Version');
  if (action !== 'DescribeBackups') return undefined;
  if (path.startsWith('/mysql')) return 'capitalonline-mysql';
  if (version === '2014-08-15') return 'aliyun-rds';
  if (version === '2015-01-01') return 'aliyun-kvstore';
  return undefined;
}

/**
 * Lists `instances` instances of each provider with `backupsPerInstance` backups through a recording proxy and
 * returns the backup pages, re-cut to `pageSize` records each (RDS and Huawei pages already have 100 and are kept
 * byte for byte; KVStore's 300-record and CapitalOnline's all-at-once pages are split and re-serialized the way
 * the emulator serializes them, JSON.stringify).
 * @returns {Promise<Record<string, { instanceId: string, region: string, text: string, records: number }[]>>}
 */
export async function capturePages({ instances = 2, backupsPerInstance = 1000, pageSize = 100, seed = 7 } = {}) {
  const emulator = await startEmulatorProcess({ seed, instances, backupsPerInstance, recordRequests: false });
  const target = new URL(emulator.info.url);
  /** @type {{ provider: string, text: string }[]} */
  const captured = [];
  const proxy = http.createServer((req, res) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        const chunks = [];
        up.on('data', (c) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.concat(chunks);
          const provider = providerOfBackupPage(req.url ?? '', req.headers);
          if (provider && up.statusCode === 200) captured.push({ provider, text: body.toString('utf8') });
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (proxy.address()).port;
  const viaProxy = `http://127.0.0.1:${port}`;
  try {
    const info = { ...emulator.info, iamEndpoint: viaProxy, endpoints: Object.fromEntries(PROVIDERS.map((p) => [p, viaProxy])) };
    const client = lib.createBackupClient({ sources: emulatorSources(info) });
    let listed = 0;
    for await (const _ of client.backups()) listed++;
    client.close();
    if (listed !== PROVIDERS.length * instances * backupsPerInstance) throw new Error(`capture listed ${listed} backups`);
  } finally {
    proxy.closeAllConnections();
    proxy.close();
    await emulator.close();
  }

  const regions = { 'aliyun-rds': emulator.info.aliyunRegion, 'aliyun-kvstore': emulator.info.aliyunRegion, 'huawei-rds': emulator.info.huaweiRegion, 'capitalonline-mysql': 'cn' };
  const pages = Object.fromEntries(PROVIDERS.map((p) => [p, []]));
  for (const { provider, text } of captured) {
    const body = JSON.parse(text);
    const records = RECORDS[provider].get(body);
    const instanceId = String(records[0]?.DBInstanceId ?? records[0]?.NodeInstanceId ?? records[0]?.instance_id ?? records[0]?.InstanceId ?? records[0]?.DBInstanceId ?? 'bench-instance');
    const base = { instanceId, region: regions[provider] };
    if (records.length === pageSize) {
      pages[provider].push({ ...base, text, records: records.length });
      continue;
    }
    for (let i = 0; i < records.length; i += pageSize) {
      const slice = records.slice(i, i + pageSize);
      if (slice.length < pageSize) continue; // keep every page full, so per-page costs compare
      pages[provider].push({ ...base, text: JSON.stringify(RECORDS[provider].set(body, slice)), records: slice.length });
    }
  }
  return pages;
}
