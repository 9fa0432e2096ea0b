import type { BackupMethod, BackupMode, BackupStatus, BackupType } from '../../model.js';
import { enumMapping } from '../shared/enums.js';

// RDS and KVStore share these values: one mapping for both, case-insensitive. Anything else is 'unknown' and stays
// in `raw`. `OK`/`ERROR`/`RUNNING` are the vocabulary of KVStore's cluster backup list.

export const mapAliyunStatus = enumMapping<BackupStatus>(
  { Success: 'success', Failed: 'failed', OK: 'success', Error: 'failed', Running: 'running' },
  'unknown',
);

export const mapAliyunMode = enumMapping<BackupMode>({ Automated: 'automated', Manual: 'manual' }, 'unknown');

export const mapAliyunType = enumMapping<BackupType>({ FullBackup: 'full', IncrementalBackup: 'incremental' }, 'unknown');

export const mapAliyunMethod = enumMapping<BackupMethod>({ Physical: 'physical', Logical: 'logical', Snapshot: 'snapshot' }, 'unknown');
