import { formatISO } from 'date-fns';

/** An instant for the table: ISO 8601 in UTC to the second, or in the host's zone with its offset when `local`. */
export function formatInstant(date: Date | undefined, local: boolean): string {
  if (date === undefined) return '-';
  if (local) return formatISO(date);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
