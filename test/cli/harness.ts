import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { CliIO } from '../../src/cli/io.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { PROVIDERS } from '../../src/index.js';

/** An in-memory stream that remembers what was written and can wait for a text to appear. */
export class MemoryStream extends Writable {
  text = '';
  isTTY: boolean;
  columns = 120;
  private waiters: { needle: string; resolve: () => void }[] = [];

  constructor(isTTY = false) {
    super({ decodeStrings: false });
    this.isTTY = isTTY;
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.waiters = this.waiters.filter((w) => (this.text.includes(w.needle) ? (w.resolve(), false) : true));
    callback();
  }

  /** Resolves once `needle` has been written (at once if it already was). */
  waitFor(needle: string): Promise<void> {
    if (this.text.includes(needle)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ needle, resolve }));
  }
}

/**
 * A reader that goes away after `lines` lines, the way `| head -n` does: the next write fails with EPIPE.
 */
export class ClosingReader extends Writable {
  text = '';
  constructor(private readonly lines: number) {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.text.split('\n').length > this.lines) {
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      return;
    }
    this.text += String(chunk);
    callback();
  }
}

export interface TestIO extends CliIO {
  stdout: MemoryStream | ClosingReader;
  stderr: MemoryStream;
  controller: AbortController;
}

export function testIO(options: { now?: Date; stdout?: MemoryStream | ClosingReader; stderrTTY?: boolean } = {}): TestIO {
  const controller = new AbortController();
  const io: TestIO = { stdout: options.stdout ?? new MemoryStream(), stderr: new MemoryStream(options.stderrTTY ?? false), signal: controller.signal, controller };
  if (options.now) {
    const now = options.now;
    io.now = () => new Date(now);
  }
  return io;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in process, stdout and stderr piped (not terminals) as under a script or cron. */
export async function run(argv: readonly string[], io: TestIO = testIO()): Promise<CliResult> {
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/**
 * Every provider's credential variables (from the registry) set to `credentials`, HOME in an empty directory so
 * no credentials file is found, and any other credential variable of the host cleared. Undone by `vi.unstubAllEnvs`.
 */
export function stubCredentials(credentials: { accessKeyId: string; accessKeySecret: string } | undefined): void {
  vi.stubEnv('HOME', mkdtempSync(join(tmpdir(), 'cloud-backups-home-')));
  for (const key of Object.keys(process.env)) {
    if (/^(ALIBABA_CLOUD|ALICLOUD|HUAWEICLOUD|CDS)_/.test(key)) vi.stubEnv(key, undefined);
  }
  if (credentials === undefined) return;
  for (const { credentialVariables: [id, secret] } of PROVIDERS) {
    vi.stubEnv(id, credentials.accessKeyId);
    vi.stubEnv(secret, credentials.accessKeySecret);
  }
}

/** `list` flags for every provider of the registry, pointed at the emulator (as `cloud-backups emulator` prints them). */
export function everyProviderFlags(emu: RunningEmulator): string[] {
  const huaweiRegion = emu.regions['huawei-rds'][0]!;
  return ['--endpoint', emu.url, '--iam-endpoint', emu.url, '--provider', PROVIDERS.map((p) => p.name).join(','), '--region', emu.regions['aliyun-rds'][0]!, '--region', `huawei-rds:${huaweiRegion}`];
}
