// Benchmark 2: the same Aliyun RDS and KVStore backups listed by our client and by the official SDKs,
// used the way their documentation shows: instance by instance, page by page, PageSize 100.
import { createRequire } from 'node:module';
import { PAGING, lowerBoundTrips, roundTripsFor } from './lib/bound.mjs';
import { note, report } from './lib/child.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { timedListing } from './lib/listing-run.mjs';
import { emulatorSources } from './lib/sources.mjs';
import { median, msSince, round } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const Rds = require('@alicloud/rds20140815');
const Kvstore = require('@alicloud/r-kvstore20150101');

export const SETUP = { latencyMs: 30, instancesPerProvider: 25, backupsPerInstance: 1_000, sdkPageSize: 100, ourRuns: 3 };
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
async function listWithSdk(info, options = {}) {
  const { rds, kvstore } = sdkClients(info);
  const take = (/** @type {any[]} */ list) => list.slice(0, options.instances ?? list.length);
  let count = 0;
  let requests = 0;
  const start = process.hrtime.bigint();
  for (const { instanceId } of take(info.instances['aliyun-rds'])) {
    for (let pageNumber = 1; ; pageNumber++) {
      const response = await rds.describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: instanceId, pageSize: SETUP.sdkPageSize, pageNumber }));
      requests++;
      const items = response.body.items?.backup ?? [];
      count += items.length;
      if (items.length < SETUP.sdkPageSize || pageNumber * SETUP.sdkPageSize >= Number(response.body.totalRecordCount)) break;
    }
  }
  const startTime = '2010-01-01T00:00Z';
  const endTime = minute(new Date(Date.now() + 60_000));
  for (const { instanceId } of take(info.instances['aliyun-kvstore'])) {
    for (let pageNumber = 1; ; pageNumber++) {
      const response = await kvstore.describeBackups(
        new Kvstore.DescribeBackupsRequest({ instanceId, startTime, endTime, pageSize: SETUP.sdkPageSize, pageNumber }),
      );
      requests++;
      const items = response.body.backups?.backup ?? [];
      count += items.length;
      if (items.length < SETUP.sdkPageSize || pageNumber * SETUP.sdkPageSize >= Number(response.body.totalCount)) break;
    }
  }
  return { wallMs: msSince(start), count, requests };
}

async function main() {
  const emulator = await startEmulatorProcess({
    seed: 1,
    instances: { 'aliyun-rds': SETUP.instancesPerProvider, 'aliyun-kvstore': SETUP.instancesPerProvider, 'huawei-rds': 0, 'capitalonline-mysql': 0 },
    backupsPerInstance: SETUP.backupsPerInstance,
    latency: { fixedMs: SETUP.latencyMs, jitterMs: 0 },
    recordRequests: false,
  });
  try {
    const { info } = emulator;
    const expected = PROVIDERS.length * SETUP.instancesPerProvider * SETUP.backupsPerInstance;
    const ours = () => emulatorSources(info, { providers: PROVIDERS });

    note('vs-official-sdk: warm-up (ours and the SDK)');
    await timedListing(ours);
    await listWithSdk(info, { instances: 1 });

    const ourRuns = [];
    for (let i = 0; i < SETUP.ourRuns; i++) ourRuns.push(await timedListing(ours));
    const oursMs = median(ourRuns.map((r) => r.wallMs));
    note(`vs-official-sdk: ours ${oursMs.toFixed(0)} ms (median of ${SETUP.ourRuns})`);

    // Ours with no concurrency at all: shows how much of the speed-up is concurrency and how much per-request cost.
    const serial = await timedListing(() => emulatorSources(info, { providers: PROVIDERS, common: { pageConcurrency: 1 } }), { concurrency: 1 });
    note(`vs-official-sdk: ours one request at a time ${serial.wallMs.toFixed(0)} ms`);

    const sdk = await listWithSdk(info);
    note(`vs-official-sdk: official SDK ${sdk.wallMs.toFixed(0)} ms for ${sdk.requests} requests`);

    await report({
      setup: SETUP,
      expected,
      oursMs,
      ourRuns: ourRuns.map((r) => round(r.wallMs)),
      oursCountOk: ourRuns.every((r) => r.count === expected),
      sdk: { wallMs: round(sdk.wallMs), count: sdk.count, requests: sdk.requests, countOk: sdk.count === expected, msPerRequest: round(sdk.wallMs / sdk.requests) },
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
        requests: SETUP.instancesPerProvider * (Math.ceil(SETUP.backupsPerInstance / 100) + Math.ceil(SETUP.backupsPerInstance / 300)),
      },
    });
  } finally {
    await emulator.close();
  }
}

await main();
process.exit(0); // the SDK's keep-alive sockets would otherwise hold the process open
