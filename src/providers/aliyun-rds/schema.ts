import { z } from 'zod';

// Placeholder until the adapter lands: the real lenient schema replaces it.
export const aliyunRdsBackupRecordSchema = z.object({}).loose();
export type AliyunRdsBackupRecord = z.infer<typeof aliyunRdsBackupRecordSchema>;
