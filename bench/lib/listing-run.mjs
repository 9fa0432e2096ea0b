// One timed listing through the public client, shared by the listing and official-SDK benchmarks.
import { lib } from './dist.mjs';
import { msSince } from './stats.mjs';

const { createBackupClient } = lib;

/**
 * Lists every backup of `sources` with `for await`, only counting, and measures wall and CPU time.
 * @param {() => import('../../dist/index.js').BackupSource[]} makeSources fresh sources (and so fresh sockets) per run
 * @param {{ concurrency?: number }} [options]
 */
export async function timedListing(makeSources, options = {}) {
  const sources = makeSources();
  const client = createBackupClient({ sources, ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}) });
  const byProvider = {};
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let count = 0;
  try {
    for await (const b of client.backups()) {
      count++;
      byProvider[b.provider] = (byProvider[b.provider] ?? 0) + 1;
    }
  } finally {
    client.close();
  }
  const wallMs = msSince(start);
  const used = process.cpuUsage(cpu);
  return { wallMs, count, byProvider, cpuMs: (used.user + used.system) / 1000 };
}
