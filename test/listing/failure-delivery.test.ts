import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartialFailureError, type ListingFailure } from '../../src/errors.js';
import { createBackupClient } from '../../src/listing/client.js';
import { fakeSource } from '../helpers/fake-provider.js';

/**
 * The interleaving that used to lose a failure: the merge is full when the last walk's failure arrives, and every
 * other walk has ended. With concurrency 1 the merge (capacity 4) is full long before the last instance is walked.
 * The failure must still reach the caller, whatever the consumer's pace.
 */
/** Six instances with one full page each, then one whose only record cannot be mapped, walked two at a time. */
function scenario(onError?: (f: ListingFailure) => void) {
  let reachedBad!: () => void;
  const badReached = new Promise<void>((resolve) => (reachedBad = resolve));
  const source = fakeSource({
    instances: { a1: 10, a2: 10, a3: 10, a4: 10, a5: 10, a6: 10, bad: 1 },
    badInstances: ['bad'],
    beforePage: (instanceId) => {
      if (instanceId === 'bad') reachedBad();
    },
  });
  const client = createBackupClient({ sources: [source], concurrency: 2, ...(onError ? { onError } : {}) });
  return { client, badReached };
}

/**
 * Drains a listing after forcing the interleaving: one item taken (the listing runs), then nothing consumed until
 * the bad instance has answered, so its failure arrives while the merge (capacity 4) is full and another walk is
 * waiting for room ahead of it. Then everything is consumed.
 */
async function drainLate(client: ReturnType<typeof createBackupClient>, badReached: Promise<void>): Promise<{ items: number; error: unknown }> {
  const iterator = client.backups()[Symbol.asyncIterator]();
  expect((await iterator.next()).done).toBe(false);
  await badReached;
  await new Promise((resolve) => setImmediate(resolve));
  let items = 1;
  try {
    while (!(await iterator.next()).done) items++;
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

describe('failure delivery', () => {
  it('delivers a failure that arrives while the merge is full and the other walks are ending', async () => {
    const { client, badReached } = scenario();
    const { items, error } = await drainLate(client, badReached);
    expect(items).toBe(60);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect((error as PartialFailureError).failures.map((f) => [f.account, f.instanceId, f.recordId])).toEqual([['default', 'bad', 'bad-0']]);
  });

  it('hands the same failure to onError when the caller chose that', async () => {
    const failures: ListingFailure[] = [];
    const { client, badReached } = scenario((f) => failures.push(f));
    const { items, error } = await drainLate(client, badReached);
    expect(error).toBeUndefined();
    expect(items).toBe(60);
    expect(failures.map((f) => f.recordId)).toEqual(['bad-0']);
  });

  it('has no fire-and-forget promise in the listing path', () => {
    const offending: string[] = [];
    for (const dir of ['src/listing', 'src/paging']) {
      for (const file of readdirSync(dir)) {
        const text = readFileSync(join(dir, file), 'utf8');
        if (/\bvoid\s+[a-zA-Z_.]+\(|void fail|void .*push\(/.test(text)) offending.push(file);
      }
    }
    expect(offending).toEqual([]);
  });
});
