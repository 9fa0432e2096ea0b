import type { RunningEmulator } from '../../src/emulator/index.js';
import { aliyunKvstore, aliyunRds, capitalOnlineMysql, huaweiRds, type BackupSource, type CommonSourceOptions, type Credentials, type ProviderName } from '../../src/index.js';

export interface SourceOverrides extends Omit<CommonSourceOptions, 'credentials'> {
  credentials?: Credentials;
}

/** One source per provider, pointed at the emulator with its credentials; retries fast so fault tests stay quick. */
export function emulatorSource(emu: RunningEmulator, provider: ProviderName, overrides: SourceOverrides = {}): BackupSource {
  const common = { endpoint: emu.endpoints[provider], credentials: emu.credentials, retry: { baseDelayMs: 1, maxDelayMs: 20, maxAttempts: 8 }, ...overrides };
  switch (provider) {
    case 'aliyun-rds':
      return aliyunRds({ region: emu.aliyunRegion, ...common });
    case 'aliyun-kvstore':
      return aliyunKvstore({ region: emu.aliyunRegion, ...common });
    case 'huawei-rds':
      return huaweiRds({ region: emu.huaweiRegion, iamEndpoint: emu.iamEndpoint, ...common });
    case 'capitalonline-mysql':
      return capitalOnlineMysql({ ...common });
  }
}

export const PROVIDERS: readonly ProviderName[] = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];
