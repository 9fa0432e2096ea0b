import { z } from 'zod';

// Placeholder until the adapter lands: the real lenient schema replaces it.
export const capitalOnlineBackupRecordSchema = z.object({}).loose();
export type CapitalOnlineBackupRecord = z.infer<typeof capitalOnlineBackupRecordSchema>;
