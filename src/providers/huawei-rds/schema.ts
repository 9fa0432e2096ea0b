import { z } from 'zod';
import type { EnvelopeShortcut } from '../shared/records.js';

/**
 * Huawei Cloud RDS v3 `ListBackups` (`GET /v3/{project_id}/backups`) records as they really arrive.
 * Lenient on purpose: enums are plain strings (a new value must not fail validation), numbers may come
 * as strings, and unknown fields (`associated_with_ddm`, `min_data_volume_capacity_for_restore`, whatever
 * comes next) pass through into `raw`.
 */
const numberOrString = z.union([z.number(), z.string()]);
const text = z.string().nullish();

/** An id must be something: a number, or a string with a non-blank character. */
const requiredId = z.union([z.number(), z.string().regex(/\S/, 'must not be empty')]);

/**
 * Keys with stray blanks (the API document's SQL Server sample has `"id "`) are also offered under their
 * trimmed name, unless that name is present already. The original key stays, so `raw` shows what was sent.
 */
export function withTrimmedKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  // Fast path: no key starts or ends with a blank (every real response), so there is nothing to add.
  let blank = false;
  for (const key in record) {
    const last = key.length - 1;
    if (last < 0 || key.charCodeAt(0) <= 32 || key.charCodeAt(last) <= 32) {
      blank = true;
      break;
    }
  }
  if (!blank) return record;
  let out: Record<string, unknown> | undefined;
  for (const [key, v] of Object.entries(record)) {
    const trimmed = key.trim();
    if (trimmed !== key && trimmed !== '' && !(trimmed in record)) {
      out ??= { ...record };
      out[trimmed] = v;
    }
  }
  return out ?? record;
}

export const huaweiRdsDatastoreSchema = z
  .object({
    /** MySQL, PostgreSQL, SQLServer, MariaDB; "case-insensitive" per the API. */
    type: text,
    version: z.union([z.string(), z.number()]).nullish(),
  })
  .loose();

/** A backup record whose keys are already trimmed (`withTrimmedKeys`): what the listing validates, page by page. */
export const huaweiRdsBackupFieldsSchema = z
  .object({
    id: requiredId,
    instance_id: z.union([z.string(), z.number()]).nullish(),
    name: text,
    /** auto, manual, fragment, incremental. */
    type: text,
    /** KB. */
    size: numberOrString.nullish(),
    /** BUILDING, COMPLETED, FAILED, DELETING. */
    status: text,
    /** Required: a backup without a start time cannot be placed in time. */
    begin_time: z.string(),
    end_time: text,
    datastore: huaweiRdsDatastoreSchema.nullish(),
    /** SQL Server partial backups only. */
    databases: z.array(z.object({ name: text }).loose()).nullish(),
    associated_with_ddm: z.union([z.boolean(), z.string()]).nullish(),
    /** Added 2026; unit undocumented, so kept in `raw` only. */
    min_data_volume_capacity_for_restore: numberOrString.nullish(),
  })
  .loose();

/** One backup record as the API sends it (keys with stray blanks are read as trimmed ones). */
export const huaweiRdsBackupRecordSchema = z.preprocess(withTrimmedKeys, huaweiRdsBackupFieldsSchema);

/** One record of Huawei RDS v3 `ListBackups` (`backups[]`), as `raw` of a `huawei-rds` backup (its `size` is in KB). */
export type HuaweiRdsBackupRecord = z.output<typeof huaweiRdsBackupRecordSchema>;

/**
 * The page around the records; each record is validated on its own (see `mapRecords`). Both SDKs type `backups` and
 * `total_count` as optional (`omitempty`): an instance without backups may answer `{"total_count": 0}` or
 * `"backups": null`. A body with neither is not this API's answer (a gateway stub, a login page) and is refused.
 */
const listBackupsFields = {
  backups: z.array(z.unknown()).nullish(),
  total_count: numberOrString.nullish(),
};

export const listBackupsEnvelopeSchema = z
  .object(listBackupsFields)
  .loose()
  // Checked before `backups` defaults to [], or the check would always pass.
  .refine((body) => 'backups' in body || 'total_count' in body, { message: 'neither backups nor total_count is present' })
  .transform((body) => ({ ...body, backups: body.backups ?? [] }));

export type ListBackupsEnvelope = z.output<typeof listBackupsEnvelopeSchema>;

/** `listBackupsEnvelopeSchema` without zod for the usual answer, `backups` an array (see `EnvelopeShortcut`). */
export const listBackupsShortcut: EnvelopeShortcut<ListBackupsEnvelope> = {
  shape: z.object({ ...listBackupsFields, backups: z.array(z.unknown()) }).loose(),
  read: (body) => ({ ...body }) as ListBackupsEnvelope,
};

/** `GET /v3/{project_id}/instances`: an instance without an id would hide its backups, so the id is required. */
export const huaweiRdsInstanceSchema = z
  .object({
    id: requiredId,
    name: text,
    status: text,
    /** Single, Ha, Replica, Enterprise. */
    type: text,
    region: text,
    /** `2018-08-20T02:33:49+0800`. */
    created: text,
    datastore: huaweiRdsDatastoreSchema.nullish(),
  })
  .loose();

export const listInstancesEnvelopeSchema = z
  .object({
    instances: z.array(huaweiRdsInstanceSchema).nullish(),
    total_count: numberOrString.nullish(),
  })
  .loose()
  .refine((body) => 'instances' in body || 'total_count' in body, { message: 'neither instances nor total_count is present' })
  .transform((body) => ({ ...body, instances: body.instances ?? [] }));

export type HuaweiRdsInstanceRecord = z.output<typeof huaweiRdsInstanceSchema>;

/** IAM `GET /v3/projects?name={region}`. */
export const listProjectsEnvelopeSchema = z
  .object({
    projects: z.array(
      z
        .object({
          id: requiredId,
          name: text,
        })
        .loose(),
    ),
  })
  .loose();

/** IAM `GET /v3/auth/projects` (KeystoneListAuthProjects): every project of the account, sub-projects included. */
export const listAuthProjectsEnvelopeSchema = z
  .object({
    projects: z.array(
      z
        .object({
          id: requiredId,
          name: z.string(),
          domain_id: text,
          /** A region's own project has the account (domain) as parent; a sub-project has the region's project. */
          parent_id: text,
          is_domain: z.union([z.boolean(), z.string()]).nullish(),
          enabled: z.union([z.boolean(), z.string()]).nullish(),
        })
        .loose(),
    ),
  })
  .loose();

declare module '../../model.js' {
  interface RawBackupMap {
    'huawei-rds': HuaweiRdsBackupRecord;
  }
}
