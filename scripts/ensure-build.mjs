// Builds dist/ when it is missing or older than src/, so `npm run demo` works on a fresh clone after `npm ci`.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const built = ['dist/index.js', 'dist/cli.js', 'dist/emulator/index.js'];
const stale = built.some((f) => !existsSync(f)) || newest('src') > Math.min(...built.map((f) => statSync(f).mtimeMs));
if (stale) {
  process.stderr.write('Building cloud-backups (dist/ is missing or older than src/)...\n');
  execSync('npx --no-install tsup --silent', { stdio: ['ignore', 'ignore', 'inherit'] });
}
