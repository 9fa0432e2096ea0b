import { z } from 'zod';
import type { EnvelopeShortcut } from '../shared/records.js';
import { asArray } from '../shared/values.js';

/** A number the API may send as a string (XML always does; some JSON gateways do too). Kept as received. */
export const numberLike = z.union([z.number(), z.string()]);

/** An id the API sends as a string or a number (RDS ids are strings, KVStore's numbers). Kept as received. */
export const idLike = z.union([z.string(), z.number()]);

/**
 * The records of a wrapped list such as `Items: { Backup: [...] }` (JSON) or `<Items><Backup/></Items>` (XML).
 * The container must be there: a 200 without it (`{}`, `{"RequestId": ...}`, a login page parsed as XML, a wrapper
 * holding some other key) is not this API's answer and must never read as "no backups". An explicitly empty
 * container is a real empty page: `{"Backup": []}`, `{}` (JSON), or '' (an empty XML element).
 * By default each record is only checked to be present, so the caller can validate records one by one
 * (one bad backup never hides the rest); pass `item` to validate every record as part of the envelope.
 */
export function wrappedList<T extends z.ZodType = z.ZodUnknown>(key: string, item?: T) {
  return z
    .unknown()
    .transform((wrapper, ctx): unknown[] => {
      if (wrapper === '') return [];
      if (typeof wrapper === 'object' && wrapper !== null && !Array.isArray(wrapper)) {
        const record = wrapper as Record<string, unknown>;
        if (key in record) return asArray(record[key]);
        const keys = Object.keys(record);
        if (keys.length === 0) return [];
        ctx.addIssue({ code: 'custom', message: `the list container holds ${keys.slice(0, 3).join(', ')} but no ${key}` });
        return z.NEVER;
      }
      ctx.addIssue({ code: 'custom', message: wrapper === undefined || wrapper === null ? `the list container is missing` : `the list container is not an object` });
      return z.NEVER;
    })
    .pipe(z.array((item ?? z.unknown()) as T));
}

/** A nested list field of a record (e.g. `BackupDownloadLinkByDB.BackupDownloadLinkByDB`), lenient in the same way. */
export function oneOrMany<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), item, z.literal('')]);
}

/**
 * The usual JSON form of an envelope whose `field` is `wrappedList(key)` (`Items: { Backup: [...] }`), for
 * `parseEnvelope`: the envelope's other fields as it declares them, the list an array under `key`, read without zod.
 * XML forms (one object, '') and everything unusual go through the envelope schema.
 */
export function wrappedListShortcut<T>(envelope: z.ZodObject, field: string, key: string): EnvelopeShortcut<T> {
  const shape = z.object({ ...envelope.shape, [field]: z.object({ [key]: z.array(z.unknown()) }).loose() }).loose();
  return {
    shape,
    read: (body) => ({ ...body, [field]: (body[field] as Record<string, unknown>)[key] }) as T,
  };
}
