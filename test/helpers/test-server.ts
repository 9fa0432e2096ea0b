/**
 * Retired: the one hand-written HTTP double is `raw-server.ts`. This alias only keeps test/listing/windows.test.ts
 * compiling until its import becomes `import { startRawServer, type RawServer } from '../helpers/raw-server.js'`;
 * then delete this file.
 */
export { startRawServer as startTestServer, type RawServer as TestServer } from './raw-server.js';
