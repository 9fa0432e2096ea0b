/** @param {number[]} values */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** @param {number[]} values */
export function min(values) {
  return Math.min(...values);
}

/** Milliseconds since `start` (a process.hrtime.bigint() value). */
export function msSince(/** @type {bigint} */ start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const round = (/** @type {number} */ n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export const MiB = 1024 * 1024;
