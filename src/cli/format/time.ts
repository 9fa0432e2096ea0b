/** An instant for the table: ISO 8601 in UTC to the second, or in the host's zone with its offset when `local`. */
export function formatInstant(date: Date | undefined, local: boolean): string {
  if (date === undefined) return '-';
  if (local) return formatLocalIso(date);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `2026-05-01T16:00:00+08:00`: the wall-clock time in the host's zone and that zone's offset at that instant
 * (`Z` when the offset is zero), to the second. What date-fns' `formatISO` printed, without the dependency.
 */
function formatLocalIso(date: Date): string {
  const offset = -date.getTimezoneOffset(); // minutes east of UTC
  const zone = offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`
  );
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
