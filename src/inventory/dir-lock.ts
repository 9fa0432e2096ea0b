import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../errors.js';

const LOCK_FILE = 'cloud-backups.lock';

/**
 * PGlite is one process's database: a second process opening the same directory would write the same files
 * unaware of the first (PGlite itself does not refuse). A lock file created with O_EXCL makes the second open
 * fail with a message instead. A lock left by a process that no longer runs (a crash) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return () => {
        // Only remove our own lock: after a takeover race the file may be another process's.
        if (readLock(path) === mine) unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(path);
    if (holder === undefined) continue; // removed meanwhile: try again
    if (holderAlive(holder)) {
      throw new ConfigurationError(
        `The inventory directory ${dataDir} is already open (by ${describeHolder(holder)}). ` +
          'An embedded database serves one process at a time: wait for that process to finish, or keep the inventory on a PostgreSQL server (url postgres://...) to run several collectors at once.',
        { field: 'url' },
      );
    }
    try {
      unlinkSync(path); // the holder is gone: a crashed run
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new ConfigurationError(`Could not lock the inventory directory ${dataDir} (${path} keeps changing): is another process opening it?`, { field: 'url' });
}

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A lock from another host (a shared file system) cannot be checked: treated as alive. Unreadable content too. */
function holderAlive(content: string): boolean {
  const holder = parseHolder(content);
  if (!holder) return true;
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(content: string): { pid: number; host: string } | undefined {
  try {
    const value: unknown = JSON.parse(content);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host } = value as { pid?: unknown; host?: unknown };
    return typeof pid === 'number' && typeof host === 'string' ? { pid, host } : undefined;
  } catch {
    return undefined;
  }
}

function describeHolder(content: string): string {
  const holder = parseHolder(content);
  return holder ? `pid ${holder.pid} on ${holder.host}` : 'unknown process';
}
