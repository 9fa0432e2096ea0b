import type { BackupMethod, BackupMode, BackupStatus, BackupType } from '../../model.js';

// RDS and KVStore share these values: one mapping for both. Anything else is 'unknown' and stays in `raw`.

export function mapAliyunStatus(value: string | null | undefined): BackupStatus {
  switch (value) {
    case 'Success':
      return 'success';
    case 'Failed':
      return 'failed';
    default:
      return 'unknown';
  }
}

export function mapAliyunMode(value: string | null | undefined): BackupMode {
  switch (value) {
    case 'Automated':
      return 'automated';
    case 'Manual':
      return 'manual';
    default:
      return 'unknown';
  }
}

export function mapAliyunType(value: string | null | undefined): BackupType {
  switch (value) {
    case 'FullBackup':
      return 'full';
    case 'IncrementalBackup':
      return 'incremental';
    default:
      return 'unknown';
  }
}

export function mapAliyunMethod(value: string | null | undefined): BackupMethod {
  switch (value) {
    case 'Physical':
      return 'physical';
    case 'Logical':
      return 'logical';
    case 'Snapshot':
      return 'snapshot';
    default:
      return 'unknown';
  }
}
