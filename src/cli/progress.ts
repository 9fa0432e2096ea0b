import type { BackupProgress } from '../index.js';
import { plural } from './format/plural.js';

/** The stream the progress line is drawn on: stderr, or a fake in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressLine {
  update(progress: Readonly<BackupProgress>): void;
  /**
   * Erases the line for output about to be printed on the same terminal (a streamed table row); the next
   * update draws it again below that output.
   */
  makeRoom(): void;
  /** Erases the line (before errors or the result are printed) and stops redrawing. */
  clear(): void;
}

const CLEAR_LINE = '\r\x1b[2K';
export const PROGRESS_INTERVAL_MS = 100;

/**
 * `Listing: instances 3/12, 1,234 backups found`; with accounts other than the one `default` (profiles, labels),
 * `Listing accounts prod, staging: ...`, so a listing over many accounts says whose it is.
 */
export function progressText(p: Readonly<BackupProgress>, accounts: readonly string[] = []): string {
  const named = [...new Set(accounts)];
  const whose = named.length === 0 || (named.length === 1 && named[0] === 'default') ? '' : ` ${named.length === 1 ? 'account' : 'accounts'} ${named.join(', ')}`;
  const parts = [`instances ${p.instancesDone}/${p.instancesTotal}`, `${plural(p.backups, 'backup')} found`];
  if (p.sourcesDone < p.sourcesTotal) parts.unshift(`sources ${p.sourcesDone}/${p.sourcesTotal}`);
  if (p.retries > 0) parts.push(plural(p.retries, 'retry', 'retries'));
  if (p.failures > 0) parts.push(plural(p.failures, 'listing error'));
  return `Listing${whose}: ${parts.join(', ')}`;
}

/**
 * One self-overwriting status line, redrawn at most every `intervalMs` (a listing reports progress
 * on every page; redrawing that often would flood a slow terminal). Silent unless the stream is a
 * terminal, so pipes and log files never see control characters.
 */
export function createProgressLine(stream: ProgressStream, intervalMs = PROGRESS_INTERVAL_MS, accounts: readonly string[] = []): ProgressLine {
  if (!stream.isTTY) return { update() {}, makeRoom() {}, clear() {} };
  let latest: Readonly<BackupProgress> | undefined;
  let lastDrawAt = -Infinity;
  let drawn = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    timer = undefined;
    if (stopped || !latest) return;
    lastDrawAt = Date.now();
    // A pty can report 0 columns (e.g. under `script`): treat that as unknown.
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`${CLEAR_LINE}${progressText(latest, accounts).slice(0, width)}`);
    drawn = true;
  };

  return {
    update(progress) {
      if (stopped) return;
      latest = progress;
      const wait = lastDrawAt + intervalMs - Date.now();
      if (wait <= 0) draw();
      else if (!timer) {
        timer = setTimeout(draw, wait);
        timer.unref();
      }
    },
    makeRoom() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
    clear() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
