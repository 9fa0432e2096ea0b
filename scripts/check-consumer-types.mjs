// Type-checks small consumer projects against the packed package, the way users resolve it: ESM and CJS under
// `nodenext`, `bundler`, and the old `node10` resolution (which ignores `exports` and needs `typesVersions` for the
// subpaths). It proves what no unit test can: that the published declarations name every provider, narrow `raw` on
// `provider`, and resolve `cloud-backups/emulator` and `cloud-backups/inventory` under every setting.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cloud-backups-consumers-'));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const usage = (importLine) => `${importLine}

declare const b: Backup;
const name: ProviderName = b.provider;
// @ts-expect-error not a provider
const wrong: ProviderName = 'aws-rds';
export const raw = b.provider === 'huawei-rds' ? b.raw.datastore : b.provider === 'capitalonline-mysql' ? b.site : undefined;
declare const stored: StoredBackup;
const storedName: ProviderName = stored.provider;
export const used = [name, wrong, storedName, createBackupClient, aliyunRds, startEmulator, openInventory] as const;
`;

const projects = {
  'nodenext-esm': {
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
    file: 'index.mts',
    code: usage(`import { createBackupClient, aliyunRds, type Backup, type ProviderName } from 'cloud-backups';\nimport { startEmulator } from 'cloud-backups/emulator';\nimport { openInventory, type StoredBackup } from 'cloud-backups/inventory';`),
  },
  'nodenext-cjs': {
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
    file: 'index.cts',
    code: usage(`import { createBackupClient, aliyunRds, type Backup, type ProviderName } from 'cloud-backups';\nimport { startEmulator } from 'cloud-backups/emulator';\nimport { openInventory, type StoredBackup } from 'cloud-backups/inventory';`),
  },
  bundler: {
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
    file: 'index.ts',
    code: usage(`import { createBackupClient, aliyunRds, type Backup, type ProviderName } from 'cloud-backups';\nimport { startEmulator } from 'cloud-backups/emulator';\nimport { openInventory, type StoredBackup } from 'cloud-backups/inventory';`),
  },
  node10: {
    compilerOptions: { module: 'commonjs', moduleResolution: 'node' },
    file: 'index.ts',
    code: usage(`import { createBackupClient, aliyunRds, type Backup, type ProviderName } from 'cloud-backups';\nimport { startEmulator } from 'cloud-backups/emulator';\nimport { openInventory, type StoredBackup } from 'cloud-backups/inventory';`),
  },
};

try {
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
  const pkg = join(work, 'node_modules', 'cloud-backups');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', pkg, '--strip-components=1']);
  // The package's own type dependencies, as an installing user would have them.
  for (const dep of ['zod', 'axios', '@types/node']) {
    mkdirSync(join(work, 'node_modules', ...dep.split('/').slice(0, -1)), { recursive: true });
    execFileSync('ln', ['-s', join(root, 'node_modules', dep), join(work, 'node_modules', dep)]);
  }
  let failed = 0;
  for (const [name, project] of Object.entries(projects)) {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, project.file), project.code);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, esModuleInterop: true, types: ['node'], typeRoots: [join(work, 'node_modules', '@types')], ...project.compilerOptions }, files: [project.file] }),
    );
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      console.log(`consumer types ${name}: ok`);
    } catch (error) {
      failed++;
      console.error(`consumer types ${name}: FAILED\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
  if (failed > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
