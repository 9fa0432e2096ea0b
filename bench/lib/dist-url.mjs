// Where the built package is: `dist/` (which `npm run bench` builds first), imported as a user would.
// BENCH_DIST_DIR points the client side at another build of the same layout (bench/compare.mjs uses it for the
// "before" figures). The emulator, the stand-in cloud, stays this repository's build unless
// BENCH_EMULATOR_DIST_DIR says otherwise, so before and after talk to the same cloud.
import { pathToFileURL } from 'node:url';

const dirUrl = (/** @type {string | undefined} */ dir) => (dir ? pathToFileURL(`${dir.replace(/\/+$/, '')}/`) : new URL('../../dist/', import.meta.url));

const base = dirUrl(process.env.BENCH_DIST_DIR);
const emulatorBase = dirUrl(process.env.BENCH_EMULATOR_DIST_DIR);

export const distUrl = (/** @type {string} */ file) => new URL(file, base).href;
export const emulatorDistUrl = (/** @type {string} */ file) => new URL(file, emulatorBase).href;
