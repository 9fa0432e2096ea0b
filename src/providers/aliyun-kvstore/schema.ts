import { z } from 'zod';

// Placeholder until the adapter lands: the real lenient schema replaces it.
export const aliyunKvstoreBackupRecordSchema = z.object({}).loose();
export type AliyunKvstoreBackupRecord = z.infer<typeof aliyunKvstoreBackupRecordSchema>;
