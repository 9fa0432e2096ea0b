import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: ESM + CJS + declarations for the main entry and the emulator subpath.
    entry: { index: 'src/index.ts', 'emulator/index': 'src/emulator/index.ts', 'inventory/index': 'src/inventory/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    platform: 'node',
    sourcemap: false,
    clean: true,
    splitting: false,
    treeshake: true,
  },
  {
    // The CLI: ESM only, with a shebang; it imports the library like a user would.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    dts: false,
    target: 'node20',
    platform: 'node',
    clean: false,
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
