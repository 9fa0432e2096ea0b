import { z } from 'zod';
import { asArray } from '../shared/values.js';

/** A number the API may send as a string (XML always does; some JSON gateways do too). Kept as received. */
export const numberLike = z.union([z.number(), z.string()]);

/** An id the API sends as a string or a number (RDS ids are strings, KVStore's numbers). Kept as received. */
export const idLike = z.union([z.string(), z.number()]);

/**
 * The records of a wrapped list such as `Items: { Backup: [...] }` (JSON) or `<Items><Backup/></Items>` (XML).
 * By default each record is only checked to be present, so the caller can validate records one by one
 * (one bad backup never hides the rest); pass `item` to validate every record as part of the envelope.
 */
export function wrappedList<T extends z.ZodType = z.ZodUnknown>(key: string, item?: T) {
  return z.preprocess(
    (wrapper: unknown) => {
      if (wrapper === undefined || wrapper === null || wrapper === '') return [];
      if (typeof wrapper === 'object' && !Array.isArray(wrapper)) return asArray((wrapper as Record<string, unknown>)[key]);
      return wrapper;
    },
    z.array((item ?? z.unknown()) as T),
  );
}

/** A nested list field of a record (e.g. `BackupDownloadLinkByDB.BackupDownloadLinkByDB`), lenient in the same way. */
export function oneOrMany<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), item, z.literal('')]);
}
