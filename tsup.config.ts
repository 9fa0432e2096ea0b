import { defineConfig, type Options } from 'tsup';

/**
 * The CLI: ESM only, with a shebang; it imports the library like a user would. Its parser (commander) is bundled
 * in, so library users never install it; commander is CommonJS and requires Node built-ins, which an ES module
 * bundle can only do through a `require` made with createRequire.
 */
export const cliBuild: Options = {
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  dts: false,
  target: 'node20',
  platform: 'node',
  clean: false,
  splitting: false,
  noExternal: ['commander', 'prom-client'],
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cloudBackupsCreateRequire } from 'node:module';\nconst require = __cloudBackupsCreateRequire(import.meta.url);" },
};

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
  cliBuild,
]);
