import { it, expect, vi } from 'vitest';
import { startEmulator } from '../src/emulator/index.js';
import { createBackupClient } from '../src/index.js';
import { emulatorSources } from './e2e/sources.js';
import { recordSentRequests } from './helpers/sent-requests.js';
it('probe', async () => {
  const emu = await startEmulator({ seed: 11, accounts: 2, regions: 2, instances: 2, backupsPerInstance: 150, anchorTime: new Date('2026-05-01T00:00:00Z') });
  for (let round = 0; round < 5; round++) {
  const sent = recordSentRequests();
  const client = createBackupClient({ sources: emulatorSources(emu, 'aliyun-kvstore', { pageConcurrency: 2 }), concurrency: 1 });
  let n = 0; let atBreak = -1;
  for await (const b of client.backups()) { if (++n === 5) { atBreak = sent.length; break; } }
  await new Promise((r) => setImmediate(r));
  console.log('round', round, atBreak, sent.length, sent.map((r) => (r.headers?.['x-acs-action'] ?? '') + ' ' + new URL(r.url).searchParams.get('InstanceId') + ' p' + new URL(r.url).searchParams.get('PageNumber')).join(' | '));
  vi.restoreAllMocks();
  }
  await emu.close();
}, 60000);
