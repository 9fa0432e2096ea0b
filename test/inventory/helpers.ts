import type { RunningEmulator } from '../../src/emulator/index.js';
import { openInventory, type Inventory, type InventoryOptions } from '../../src/inventory/index.js';
import { startPgServer } from './pg-server.js';
import { aliyunKvstore, aliyunRds, capitalOnlineMysql, createBackupClient, huaweiRds, type BackupClient, type BackupSource, type ProviderName } from '../../src/index.js';

export const PROVIDERS: readonly ProviderName[] = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];

/** Data is generated against this instant: every time in these tests derives from it. */
export const ANCHOR = new Date('2026-03-15T12:00:00Z');

export interface SourceOptions {
  /** The account label the source carries (lets tests sharing one database keep their rows apart). */
  account?: string;
  instances?: string[];
  credentials?: { accessKeyId: string; accessKeySecret: string };
}

/** A source per provider pointed at the emulator; retries fast so fault tests stay quick. */
export function emulatorSource(emu: RunningEmulator, provider: ProviderName, o: SourceOptions = {}): BackupSource {
  const common = {
    endpoint: emu.endpoints[provider],
    credentials: o.credentials ?? emu.credentials,
    retry: { baseDelayMs: 1, maxDelayMs: 20, maxAttempts: 3 },
    ...(o.account ? { account: o.account } : {}),
    ...(o.instances ? { instances: o.instances } : {}),
  };
  switch (provider) {
    case 'aliyun-rds':
      return aliyunRds({ region: emu.aliyunRegion, ...common });
    case 'aliyun-kvstore':
      return aliyunKvstore({ region: emu.aliyunRegion, ...common });
    case 'huawei-rds':
      return huaweiRds({ region: emu.huaweiRegion, iamEndpoint: emu.iamEndpoint, ...common });
    case 'capitalonline-mysql':
      return capitalOnlineMysql(common);
  }
}

export function emulatorClient(emu: RunningEmulator, providers: readonly ProviderName[] = PROVIDERS, o: SourceOptions = {}): BackupClient {
  return createBackupClient({ sources: providers.map((p) => emulatorSource(emu, p, o)) });
}

/** A clock the test moves by hand: syncs date what they see by it. */
export function manualClock(start: Date): { now: () => Date; set: (d: Date) => void; advance: (ms: number) => Date } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
      return new Date(current);
    },
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * An inventory for a test: in memory (PGlite) by default; with `CLOUD_BACKUPS_TEST_PG_URL` set, on a fresh database
 * of that real PostgreSQL server (dropped at close), so the same tests check the SQL against a real server.
 */
export async function openTestInventory(options: Omit<InventoryOptions, 'url'> = {}): Promise<Inventory> {
  if (!process.env.CLOUD_BACKUPS_TEST_PG_URL) return openInventory({ ...options, url: 'memory://' });
  const server = await startPgServer();
  const inventory = await openInventory({ ...options, url: server.url });
  const close = inventory.close.bind(inventory);
  return Object.assign(inventory, {
    close: async () => {
      await close();
      await server.close();
    },
  });
}
