// Benchmark: syncing 100,000 backups into the embedded inventory (PGlite on disk), against listing the same
// backups alone in the same run. The ratio is what recording costs over listing; rows/s and the size on disk
// are what a user plans with. Run on its own (`node bench/inventory-sync.mjs`) or forked by run.mjs.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { note, report } from './lib/child.mjs';
import { lib } from './lib/dist.mjs';
import { distUrl } from './lib/dist-url.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { timedListing } from './lib/listing-run.mjs';
import { PROVIDERS, emulatorSources } from './lib/sources.mjs';
import { MiB, msSince, round } from './lib/stats.mjs';

const { openInventory } = await import(distUrl('inventory/index.js'));
const { createBackupClient } = lib;

export const SETUP = {
  // The listing benchmark's cloud (bench 1): 4 providers x 25 instances x 1,000 backups, 30 ms per request.
  latencyMs: 30,
  instancesPerProvider: 25,
  backupsPerInstance: 1_000,
  concurrency: lib.DEFAULT_CONCURRENCY,
};

/** Bytes of every file under `dir`. */
function sizeOnDisk(/** @type {string} */ dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? sizeOnDisk(path) : statSync(path).size;
  }
  return total;
}

/** One timed sync of every source into `inventory`. */
async function timedSync(/** @type {any} */ inventory, /** @type {import('./lib/emulator.mjs').EmulatorInfo} */ info) {
  const client = createBackupClient({ sources: emulatorSources(info), concurrency: SETUP.concurrency });
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  try {
    const result = await inventory.sync(client);
    const used = process.cpuUsage(cpu);
    return { wallMs: msSince(start), cpuMs: (used.user + used.system) / 1000, result };
  } finally {
    client.close();
  }
}

async function main() {
  const expected = PROVIDERS.length * SETUP.instancesPerProvider * SETUP.backupsPerInstance;
  const emulator = await startEmulatorProcess({
    seed: 1,
    instances: SETUP.instancesPerProvider,
    backupsPerInstance: SETUP.backupsPerInstance,
    latency: { fixedMs: SETUP.latencyMs, jitterMs: 0 },
    recordRequests: false,
  });
  const dir = mkdtempSync(join(tmpdir(), 'cloud-backups-bench-inventory-'));
  try {
    const { info } = emulator;
    note('inventory-sync: warm-up listing');
    await timedListing(() => emulatorSources(info), { concurrency: SETUP.concurrency });

    note('inventory-sync: opening the embedded inventory (initdb)');
    const openStart = process.hrtime.bigint();
    const inventory = await openInventory({ url: join(dir, 'db') });
    const openMs = msSince(openStart);
    try {
      note('inventory-sync: listing alone');
      const listing = await timedListing(() => emulatorSources(info), { concurrency: SETUP.concurrency });
      note('inventory-sync: first sync (every backup new)');
      const first = await timedSync(inventory, info);
      note('inventory-sync: second sync (nothing changed)');
      const second = await timedSync(inventory, info);
      const bytes = sizeOnDisk(join(dir, 'db'));
      const r = first.result;
      return {
        setup: SETUP,
        expected,
        // The second sync may see a change or two: availability follows the clock (a backup expiring between runs).
        countOk: listing.count === expected && r.listed === expected && r.new === expected && second.result.listed === expected && second.result.new === 0 && second.result.gone === 0,
        openMs: round(openMs),
        listing: { wallMs: round(listing.wallMs), cpuMs: round(listing.cpuMs), count: listing.count },
        sync: { wallMs: round(first.wallMs), cpuMs: round(first.cpuMs), listed: r.listed, new: r.new, status: r.status },
        resync: { wallMs: round(second.wallMs), cpuMs: round(second.cpuMs), new: second.result.new, changed: second.result.changed, gone: second.result.gone },
        ratio: round(first.wallMs / listing.wallMs),
        resyncRatio: round(second.wallMs / listing.wallMs),
        rowsPerSecond: Math.round(r.listed / (first.wallMs / 1000)),
        diskBytes: bytes,
        diskMiB: round(bytes / MiB, 1),
        bytesPerBackup: Math.round(bytes / expected),
      };
    } finally {
      await inventory.close();
    }
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await report(await main());
} catch (error) {
  await report({ error: error instanceof Error ? error.message : String(error) });
}
