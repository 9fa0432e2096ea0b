import { describe, expect, it } from 'vitest';
import { createBackupClient } from '../../src/listing/client.js';
import type { InstanceInfo } from '../../src/model.js';
import { defineProvider } from '../../src/listing/provider.js';
import { createSource } from '../../src/listing/source.js';

describe('client abort signal', () => {
  it('queues many instances without a MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const source = createSource({
        definition: defineProvider({
          provider: 'capitalonline-mysql',
          paging: { kind: 'single' },
          timeWindow: 'none',
          fetchBackupsPage: async () => {
            await new Promise((r) => setTimeout(r, 2));
            return { items: [] };
          },
          listInstances: async (): Promise<InstanceInfo[]> =>
            Array.from({ length: 40 }, (_, i) => ({ provider: 'capitalonline-mysql', account: 'default', region: 'cn', instanceId: `i${i}` })),
        }),
        options: {},
        regions: { kind: 'list', regions: ['cn'] },
        baseUrlFor: () => 'http://127.0.0.1:9',
        credentialsChain: async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }),
      });
      await createBackupClient({ sources: [source], concurrency: 2 }).backups().toArray();
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
