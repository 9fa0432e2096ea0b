// The built library (`dist/index.js`), loaded once.
import { distUrl } from './dist-url.mjs';

/** @type {any} */
export const lib = await import(distUrl('index.js'));
