/**
 * Readings of backup-policy values that more than one provider sends in the same loose way. Pure; shared by the
 * providers' `policy.ts` so every policy says "Monday" and true/false alike.
 */

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const BY_LOWER_NAME = new Map<string, string>(WEEKDAYS.map((d) => [d.toLowerCase(), d]));

/**
 * A comma-separated list of weekday names (`Monday,Wednesday`) in our spelling. A name we do not know is kept as
 * sent (never dropped: the policy may name a day in a form we have not seen). Undefined when the field is absent;
 * an empty list when it is present but empty (no automated backup day at all).
 */
export function weekdayNames(list: string | null | undefined): string[] | undefined {
  if (list === undefined || list === null) return undefined;
  return list
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => BY_LOWER_NAME.get(part.toLowerCase()) ?? part);
}

const ON = new Set(['1', 'true', 'enable', 'enabled', 'on', 'yes']);
const OFF = new Set(['0', 'false', 'disable', 'disabled', 'off', 'no']);

/**
 * A switch the APIs send as `1`/`0`, `"1"`/`"0"`, `Enable`/`Disabled` or a boolean, depending on the API and the
 * response format. Undefined when absent or unreadable (the policy then says nothing, rather than "off").
 */
export function onOff(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const folded = value.trim().toLowerCase();
  if (ON.has(folded)) return true;
  if (OFF.has(folded)) return false;
  return undefined;
}

/** A whole, non-negative number of days from a number or a numeric string; undefined otherwise. */
export function dayCount(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
