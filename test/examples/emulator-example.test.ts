/**
 * examples/emulator.test.ts is a test file for users to copy; importing it here registers its suite in this run
 * (vitest collects `describe`/`it` from imported modules), so it runs with `npm test` and cannot rot.
 */
import '../../examples/emulator.test.js';
