const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Bytes in binary units for people: `512 B`, `1.50 KiB`, `23.4 MiB`, `512 GiB`; `-` when unknown. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '-';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let text = value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2);
  // Rounding can reach the next unit (1023.996 KiB prints as "1024"): show it as 1.00 of that unit.
  if (Number(text) >= 1024 && unit < UNITS.length - 1) {
    unit++;
    text = '1.00';
  }
  return `${text} ${UNITS[unit]}`;
}
