// Where the built package is: `dist/` (which `npm run bench` builds first), imported as a user would.
// BENCH_DIST_DIR points at another build of the same layout (used while developing the bench itself).
import { pathToFileURL } from 'node:url';

const base = process.env.BENCH_DIST_DIR ? pathToFileURL(`${process.env.BENCH_DIST_DIR.replace(/\/+$/, '')}/`) : new URL('../../dist/', import.meta.url);

export const distUrl = (/** @type {string} */ file) => new URL(file, base).href;
