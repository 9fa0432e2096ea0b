/** How Aliyun records spell the generator's enums, and the lower-case spellings some records use. */
import type { BackupSeed, InstanceSeed } from '../model.js';

const STATUS: Record<string, string> = { success: 'Success', failed: 'Failed' };
const METHOD: Record<string, string> = { physical: 'Physical', logical: 'Logical', snapshot: 'Snapshot' };

/** The documented spellings: what the server-side filters compare with. */
export const aliyunBackupStatus = (b: BackupSeed): string => STATUS[b.status] ?? 'Failed';
export const aliyunBackupMode = (b: BackupSeed): string => (b.mode === 'manual' ? 'Manual' : 'Automated');
export const aliyunBackupType = (b: BackupSeed): string => (b.type === 'incremental' ? 'IncrementalBackup' : 'FullBackup');
export const aliyunBackupMethod = (b: BackupSeed): string => METHOD[b.method] ?? 'Physical';

/** Under `shapes.lowerCaseEnums` a quarter of the records (by their random bits) spell these in lower case. */
export function spell(inst: InstanceSeed, b: BackupSeed, value: string): string {
  return inst.settings.shapes.lowerCaseEnums && ((b.r >>> 20) & 3) === 0 ? value.toLowerCase() : value;
}

/** `20190213201955` from an instant, as in backup file names. */
export function fileStamp(iso: string): string {
  return iso.replace(/[-:TZ]/g, '');
}
