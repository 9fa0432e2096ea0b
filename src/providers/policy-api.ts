import type { ProviderName } from '../model.js';

/**
 * The providers with an API to read an instance's backup policy (their definitions have `fetchBackupPolicy`;
 * CapitalOnline has none). A plain list for code that judges stored policies without loading the providers (the
 * inventory's audit); a test keeps it equal to the definitions.
 */
export const POLICY_API_PROVIDERS: ReadonlySet<ProviderName> = new Set<ProviderName>(['aliyun-rds', 'aliyun-kvstore', 'huawei-rds']);
