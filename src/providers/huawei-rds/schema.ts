import { z } from 'zod';

// Placeholder until the adapter lands: the real lenient schema replaces it.
export const huaweiRdsBackupRecordSchema = z.object({}).loose();
export type HuaweiRdsBackupRecord = z.infer<typeof huaweiRdsBackupRecordSchema>;
