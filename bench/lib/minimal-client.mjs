// The minimal client (issue 19): the least a correct listing must do, as the reference our client is measured
// against. The same requests as ours (the library's own signers and request-parameter builders, bundled from src/),
// the same concurrency (8 instances at once, page 1 alone then up to 4 pages in flight per instance), node:http
// with keep-alive, and per page only: read the bytes, decode them (UTF-8), JSON.parse, count the records.
// No validation, no mapping, no retries, no error classification, no dedupe: what is left of our cost above
// this is what the library adds.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const OUT = fileURLToPath(new URL('../.build/minimal-signers.mjs', import.meta.url));

const ENTRY = `
export { signAliyunAcs3 } from './src/signing/aliyun-acs3.js';
export { signHuawei } from './src/signing/huawei-sdk-hmac.js';
export { signCapitalOnline } from './src/signing/capitalonline.js';
export { describeBackupsParams as rdsParams } from './src/providers/aliyun-rds/request.js';
export { describeBackupsParams as kvstoreParams } from './src/providers/aliyun-kvstore/request.js';
`;

let built;
/** Bundles the signers from this repository's src/ (always the current tree: the reference does not change). */
async function signers() {
  if (!built) {
    const esbuild = await import('esbuild');
    mkdirSync(new URL('../.build/', import.meta.url), { recursive: true });
    await esbuild.build({
      stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'minimal-signers.ts', loader: 'ts' },
      bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile: OUT, logLevel: 'warning',
    });
    built = import(OUT);
  }
  return built;
}

const EMPTY_QUERY = {};

/**
 * Lists every backup of the given instances; resolves with { count, requests }.
 * @param {import('./emulator.mjs').EmulatorInfo} info
 * @param {{ providers: string[], concurrency?: number, pageConcurrency?: number, pageSize?: number }} options
 */
export async function minimalListing(info, options) {
  const s = await signers();
  const concurrency = options.concurrency ?? 8;
  const pageConcurrency = options.pageConcurrency ?? 4;
  const pageSize = options.pageSize ?? 100;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const credentials = { accessKeyId: info.credentials.accessKeyId, accessKeySecret: info.credentials.accessKeySecret };
  const walkNow = new Date();
  let count = 0;
  let requests = 0;

  /** GET/POST a signed URL; resolves with the parsed body. */
  const fetchJson = (method, url, headers) =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(method === 'POST' ? '' : undefined);
    });

  const aliyun = (p, action, version, params) => {
    const base = new URL(info.endpoints[p]);
    const signed = s.signAliyunAcs3({ method: 'POST', host: base.host, path: `${base.pathname.replace(/\/+$/, '')}/`, action, version, query: params, body: '' }, credentials, new Date(), randomUUID());
    return fetchJson('POST', `${base.origin}${signed.path}?${signed.query}`, { ...signed.headers, accept: 'application/json' });
  };

  /** One page of one instance: records on it and the total it reports (undefined for unpaged APIs). */
  const page = {
    'aliyun-rds': async (instanceId, n) => {
      const body = await aliyun('aliyun-rds', 'DescribeBackups', '2014-08-15', s.rdsParams({ instanceId, query: EMPTY_QUERY, page: { pageNumber: n, pageSize }, now: walkNow }));
      const list = body.Items?.Backup ?? [];
      return { records: Array.isArray(list) ? list.length : 1, total: Number(body.TotalRecordCount) };
    },
    'aliyun-kvstore': async (instanceId, n) => {
      const body = await aliyun('aliyun-kvstore', 'DescribeBackups', '2015-01-01', s.kvstoreParams({ instanceId, window: {}, now: walkNow, page: { pageNumber: n, pageSize } }));
      const list = body.Backups?.Backup ?? [];
      return { records: Array.isArray(list) ? list.length : 1, total: Number(body.TotalCount) };
    },
    'huawei-rds': async (instanceId, n) => {
      const base = new URL(info.endpoints['huawei-rds']);
      const path = `${base.pathname.replace(/\/+$/, '')}/v3/${info.huaweiProjectId}/backups`;
      const signed = s.signHuawei(
        { method: 'GET', host: base.host, path, query: { instance_id: instanceId, offset: (n - 1) * pageSize, limit: pageSize }, headers: { 'content-type': 'application/json', 'x-project-id': info.huaweiProjectId } },
        credentials,
        new Date(),
      );
      const body = await fetchJson('GET', `${base.origin}${signed.path}?${signed.query}`, signed.headers);
      return { records: body.backups.length, total: Number(body.total_count) };
    },
    'capitalonline-mysql': async (instanceId) => {
      const signed = s.signCapitalOnline({ method: 'GET', action: 'DescribeBackups', params: { InstanceUuid: instanceId } }, credentials, new Date(), randomUUID());
      const body = await fetchJson('GET', `${info.endpoints['capitalonline-mysql']}/mysql?${signed.query}`, {});
      return { records: body.Data.length, total: undefined };
    },
  };

  const walk = async (p, instanceId) => {
    const first = await page[p](instanceId, 1);
    requests++;
    count += first.records;
    if (first.total === undefined || first.records === 0) return;
    const pages = Math.ceil(first.total / pageSize);
    let next = 2;
    const worker = async () => {
      while (next <= pages) {
        const n = next++;
        const got = await page[p](instanceId, n);
        requests++;
        count += got.records;
      }
    };
    await Promise.all(Array.from({ length: Math.min(pageConcurrency, pages - 1) }, worker));
  };

  // Instances in source order, at most `concurrency` walks at once (first come, first served), like the client.
  const queue = options.providers.flatMap((p) => info.instances[p].map((i) => [p, i.instanceId]));
  let position = 0;
  const slot = async () => {
    while (position < queue.length) {
      const [p, id] = queue[position++];
      await walk(p, id);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, slot));
  } finally {
    agent.destroy();
  }
  return { count, requests };
}
