// Benchmark 2: the same Aliyun RDS and KVStore backups listed by our client and by the official SDKs,
// used the way their documentation shows: instance by instance, page by page, at the same page sizes as ours
// (read from the emulator's log of our warm-up: RDS 100, KVStore 100; a build that asked KVStore for 300 gets
// the SDK at 300 too). Wall time and client CPU (process.cpuUsage) on both sides, CPU per backup compared.
import { createRequire } from 'node:module';
import { detectPaging, lowerBoundTrips, pagesFor, roundTripsFor } from './lib/bound.mjs';
import { note, report } from './lib/child.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { timedListing } from './lib/listing-run.mjs';
import { emulatorSources } from './lib/sources.mjs';
import { median, msSince, round } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const Rds = require('@alicloud/rds20140815');
const Kvstore = require('@alicloud/r-kvstore20150101');

export const SETUP = { latencyMs: 30, instancesPerProvider: 50, backupsPerInstance: 1_000, ourRuns: 3 };
const PROVIDERS = ['aliyun-rds', 'aliyun-kvstore'];

/** `yyyy-MM-ddTHH:mmZ`, the form KVStore's StartTime/EndTime take. */
const minute = (/** @type {Date} */ d) => `${d.toISOString().slice(0, 16)}Z`;

/** @param {import('./lib/emulator.mjs').EmulatorInfo} info */
function sdkClients(info) {
  const config = () =>
    new $OpenApiUtil.Config({
      accessKeyId: info.credentials.accessKeyId,
      accessKeySecret: info.credentials.accessKeySecret,
      endpoint: new URL(info.url).host,
      protocol: 'http',
      regionId: info.aliyunRegion,
    });
  return { rds: new Rds.default(config()), kvstore: new Kvstore.default(config()) };
}

/**
 * The documented loop: for each instance, DescribeBackups with PageNumber 1, 2, ... until the total is reached.
 * @param {import('./lib/emulator.mjs').EmulatorInfo} info
 * @param {{ instances?: number }} [options]
 */
async function listWithSdk(info, pageSizes, options = {}) {
  const { rds, kvstore } = sdkClients(info);
  const rdsSize = pageSizes['aliyun-rds'];
  const kvSize = pageSizes['aliyun-kvstore'];
  const take = (/** @type {any[]} */ list) => list.slice(0, options.instances ?? list.length);
  let count = 0;
  let requests = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const { instanceId } of take(info.instances['aliyun-rds'])) {
    for (let pageNumber = 1; ; pageNumber++) {
      const response = await rds.describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: instanceId, pageSize: rdsSize, pageNumber }));
      requests++;
      const items = response.body.items?.backup ?? [];
      count += items.length;
      if (items.length < rdsSize || pageNumber * rdsSize >= Number(response.body.totalRecordCount)) break;
    }
  }
  const startTime = '2010-01-01T00:00Z';
  const endTime = minute(new Date(Date.now() + 60_000));
  for (const { instanceId } of take(info.instances['aliyun-kvstore'])) {
    for (let pageNumber = 1; ; pageNumber++) {
      const response = await kvstore.describeBackups(
        new Kvstore.DescribeBackupsRequest({ instanceId, startTime, endTime, pageSize: kvSize, pageNumber }),
      );
      requests++;
      const items = response.body.backups?.backup ?? [];
      count += items.length;
      if (items.length < kvSize || pageNumber * kvSize >= Number(response.body.totalCount)) break;
    }
  }
  const wallMs = msSince(start);
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, count, requests };
}

async function main() {
  const emulator = await startEmulatorProcess({
    seed: 1,
    instances: { 'aliyun-rds': SETUP.instancesPerProvider, 'aliyun-kvstore': SETUP.instancesPerProvider, 'huawei-rds': 0, 'capitalonline-mysql': 0 },
    backupsPerInstance: SETUP.backupsPerInstance,
    latency: { fixedMs: SETUP.latencyMs, jitterMs: 0 },
    recordRequests: true,
  });
  try {
    const { info } = emulator;
    const expected = PROVIDERS.length * SETUP.instancesPerProvider * SETUP.backupsPerInstance;
    const ours = () => emulatorSources(info, { providers: PROVIDERS });

    note('vs-official-sdk: warm-up (ours and the SDK)');
    await timedListing(ours);
    const PAGING = detectPaging(await emulator.requestLog(), SETUP.instancesPerProvider, SETUP.backupsPerInstance);
    await emulator.clearRequestLog();
    const pageSizes = { 'aliyun-rds': PAGING['aliyun-rds'].pageSize, 'aliyun-kvstore': PAGING['aliyun-kvstore'].pageSize };
    await listWithSdk(info, pageSizes, { instances: 1 });

    const ourRuns = [];
    for (let i = 0; i < SETUP.ourRuns; i++) ourRuns.push(await timedListing(ours));
    const oursMs = median(ourRuns.map((r) => r.wallMs));
    note(`vs-official-sdk: ours ${oursMs.toFixed(0)} ms (median of ${SETUP.ourRuns})`);

    // Ours with no concurrency at all: shows how much of the speed-up is concurrency and how much per-request cost.
    const serial = await timedListing(() => emulatorSources(info, { providers: PROVIDERS, common: { pageConcurrency: 1 } }), { concurrency: 1 });
    note(`vs-official-sdk: ours one request at a time ${serial.wallMs.toFixed(0)} ms`);

    const sdk = await listWithSdk(info, pageSizes);
    note(`vs-official-sdk: official SDK ${sdk.wallMs.toFixed(0)} ms for ${sdk.requests} requests`);

    await report({
      setup: SETUP,
      expected,
      pageSizes,
      oursMs,
      ourRuns: ourRuns.map((r) => round(r.wallMs)),
      oursCpuMs: round(median(ourRuns.map((r) => r.cpuMs))),
      oursCpuUsPerBackup: round((1000 * median(ourRuns.map((r) => r.cpuMs))) / expected, 2),
      oursCountOk: ourRuns.every((r) => r.count === expected),
      sdk: {
        wallMs: round(sdk.wallMs), cpuMs: round(sdk.cpuMs), cpuUsPerBackup: round((1000 * sdk.cpuMs) / sdk.count, 2),
        count: sdk.count, requests: sdk.requests, countOk: sdk.count === expected, msPerRequest: round(sdk.wallMs / sdk.requests),
      },
      cpuPerBackupRatio: median(ourRuns.map((r) => r.cpuMs)) / sdk.cpuMs,
      speedup: sdk.wallMs / oursMs,
      // Our round-trip bound for the same data (bench/README.md, benchmark 1), with the client's defaults.
      oursBoundMs:
        lowerBoundTrips(
          PROVIDERS.flatMap((p) => Array(SETUP.instancesPerProvider).fill(roundTripsFor(SETUP.backupsPerInstance, PAGING[p], 4))),
          8,
        ) * SETUP.latencyMs,
      serial: {
        wallMs: round(serial.wallMs),
        countOk: serial.count === expected,
        cpuMs: round(serial.cpuMs),
        requests: SETUP.instancesPerProvider * PROVIDERS.reduce((n, p) => n + pagesFor(SETUP.backupsPerInstance, PAGING[p]), 0),
      },
    });
  } finally {
    await emulator.close();
  }
}

await main();
process.exit(0); // the SDK's keep-alive sockets would otherwise hold the process open
