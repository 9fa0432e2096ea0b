import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

/** Every variable a credential chain of this library reads starts with one of these. */
const CREDENTIAL_PREFIXES = ['ALIBABA_CLOUD_', 'ALICLOUD_', 'HUAWEICLOUD_', 'CDS_'];

/**
 * Hides the machine's credentials from the chains: every credential variable blanked, HOME (and USERPROFILE) an empty
 * directory, so no credentials file is found. Returns that directory. Undo with `restoreEnv`.
 */
export function withoutCloudCredentials(): string {
  const home = mkdtempSync(join(tmpdir(), 'cloud-backups-home-'));
  for (const name of Object.keys(process.env)) if (CREDENTIAL_PREFIXES.some((p) => name.startsWith(p))) vi.stubEnv(name, '');
  vi.stubEnv('HOME', home);
  vi.stubEnv('USERPROFILE', home);
  return home;
}

export function restoreEnv(home: string | undefined): void {
  vi.unstubAllEnvs();
  if (home) rmSync(home, { recursive: true, force: true });
}
