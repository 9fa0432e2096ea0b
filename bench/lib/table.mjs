// The one table run.mjs prints: fixed columns, right-aligned numbers.

export const COLUMNS = ['#', 'Benchmark', 'Figure', 'Ours', 'Reference', 'Ratio', 'Target', 'Met'];

/**
 * @typedef {{ id: string, bench: string, figure: string, ours: string, reference: string, ratio: string, target: string, met: string }} Row
 */

/** @param {Row[]} rows */
export function renderTable(rows) {
  const cells = [COLUMNS, ...rows.map((r) => [r.id, r.bench, r.figure, r.ours, r.reference, r.ratio, r.target, r.met])];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const right = new Set([3, 4, 5]);
  const line = (/** @type {string[]} */ c) => c.map((v, i) => (right.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.slice(1).map(line)].join('\n');
}

export const fmt = {
  ms: (/** @type {number} */ n) => `${Math.round(n).toLocaleString('en-US')} ms`,
  x: (/** @type {number} */ n) => `${n.toFixed(2)}x`,
  pct: (/** @type {number} */ n) => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%`,
  perSec: (/** @type {number} */ n) => `${Math.round(n).toLocaleString('en-US')}/s`,
  mib: (/** @type {number} */ n) => `${n.toFixed(1)} MiB`,
  bytes: (/** @type {number} */ n) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`),
  met: (/** @type {boolean} */ ok) => (ok ? 'yes' : 'NO'),
};
