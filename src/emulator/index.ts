/**
 * `cloud-backups/emulator`: a local, deterministic stand-in for Aliyun RDS and KVStore, Huawei
 * RDS v3 (+ IAM) and CapitalOnline MySQL, checking signatures and paging like the real services.
 */
export { startEmulator, DEFAULT_ANCHOR_TIME } from './server.js';
export { EMULATOR_CREDENTIALS, EMULATOR_STS_CREDENTIALS } from './credentials.js';
export type {
  AuditFinding,
  AuditRuleName,
  AuditRules,
  AuditSeverity,
  AuditStatus,
  EmulatedBackup,
  EmulatedEngine,
  EmulatedInstance,
  EmulatedMethod,
  EmulatedMode,
  EmulatedPart,
  EmulatedPolicy,
  EmulatedScope,
  EmulatedStatus,
  EmulatedType,
  EmulatorAccount,
  EmulatorCredentials,
  EmulatorFaults,
  EmulatorLatency,
  EmulatorOptions,
  EmulatorShapes,
  EmulatorStsCredentials,
  RegionDenial,
  ProviderName,
  RequestLogEntry,
  RunningEmulator,
} from './types.js';
