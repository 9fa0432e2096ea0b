import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressLine, progressText, type ProgressStream } from '../../src/cli/progress.js';
import type { BackupProgress } from '../../src/index.js';

const base: BackupProgress = { sourcesTotal: 2, sourcesDone: 2, instancesTotal: 12, instancesDone: 3, pages: 5, backups: 1234, retries: 0, failures: 0 };

function fakeStream(isTTY: boolean): ProgressStream & { writes: string[] } {
  const writes: string[] = [];
  return { isTTY, columns: 80, writes, write: (text: string) => writes.push(text) };
}

describe('progressText', () => {
  it('instances done/total and backups found', () => {
    expect(progressText(base)).toBe('Listing: instances 3/12, 1,234 backups found');
  });
  it('adds sources while discovery runs, and retries and listing errors when there are any', () => {
    expect(progressText({ ...base, sourcesDone: 1, retries: 1, failures: 2 })).toBe('Listing: sources 1/2, instances 3/12, 1,234 backups found, 1 retry, 2 listing errors');
    expect(progressText({ ...base, retries: 3, backups: 1 })).toBe('Listing: instances 3/12, 1 backup found, 3 retries');
  });
});

describe('progressText names the accounts', () => {
  it('not for the one default account; one or several labels otherwise', () => {
    expect(progressText(base, ['default', 'default'])).toBe('Listing: instances 3/12, 1,234 backups found');
    expect(progressText(base, ['prod'])).toBe('Listing account prod: instances 3/12, 1,234 backups found');
    expect(progressText(base, ['prod', 'staging', 'prod'])).toBe('Listing accounts prod, staging: instances 3/12, 1,234 backups found');
  });
});

describe('createProgressLine', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('writes nothing at all when the stream is not a terminal', () => {
    const stream = fakeStream(false);
    const line = createProgressLine(stream, 100);
    line.update(base);
    vi.advanceTimersByTime(1000);
    line.update({ ...base, backups: 2 });
    line.clear();
    expect(stream.writes).toEqual([]);
  });

  it('draws at once, then at most once per interval with the latest counts, and erases itself on clear', () => {
    const stream = fakeStream(true);
    const line = createProgressLine(stream, 100);
    line.update({ ...base, backups: 1 });
    expect(stream.writes).toEqual(['\r\x1b[2KListing: instances 3/12, 1 backup found']);

    line.update({ ...base, backups: 2 });
    line.update({ ...base, backups: 3 });
    vi.advanceTimersByTime(99);
    expect(stream.writes).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toBe('\r\x1b[2KListing: instances 3/12, 3 backups found');

    line.update({ ...base, backups: 4 });
    line.clear();
    vi.advanceTimersByTime(1000);
    expect(stream.writes).toEqual([...stream.writes.slice(0, 2), '\r\x1b[2K']);
    line.update({ ...base, backups: 5 });
    vi.advanceTimersByTime(1000);
    expect(stream.writes).toHaveLength(3);
  });

  it('fits the line to the terminal width', () => {
    const stream = { ...fakeStream(true), columns: 30 };
    createProgressLine(stream, 100).update({ ...base, sourcesDone: 0, retries: 9, failures: 9 });
    expect(stream.writes[0]).toBe(`\r\x1b[2K${'Listing: sources 0/2, instances'.slice(0, 29)}`);
  });

  it('a terminal reporting 0 columns gets the usual 80', () => {
    const stream = { ...fakeStream(true), columns: 0 };
    createProgressLine(stream, 100).update({ ...base, sourcesDone: 0, retries: 2 });
    expect(stream.writes[0]).toBe('\r\x1b[2KListing: sources 0/2, instances 3/12, 1,234 backups found, 2 retries');
  });

  it('clear before anything was drawn writes nothing', () => {
    const stream = fakeStream(true);
    createProgressLine(stream, 100).clear();
    expect(stream.writes).toEqual([]);
  });

  it('makes room for output on the same terminal: erases itself, and the next update draws again', () => {
    const stream = fakeStream(true);
    const line = createProgressLine(stream, 100);
    line.makeRoom();
    expect(stream.writes).toEqual([]);
    line.update({ ...base, backups: 1 });
    line.makeRoom();
    expect(stream.writes.at(-1)).toBe('\r\x1b[2K');
    line.makeRoom();
    expect(stream.writes).toHaveLength(2);
    vi.advanceTimersByTime(100);
    line.update({ ...base, backups: 2 });
    expect(stream.writes.at(-1)).toBe('\r\x1b[2KListing: instances 3/12, 2 backups found');
  });
});
