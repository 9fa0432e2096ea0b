import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createBackupClient } from '../../src/listing/client.js';
import type { Backup } from '../../src/model.js';
import { fakeSource } from '../helpers/fake-provider.js';

// A full collection on demand (the flag can be set at run time; `gc` then exists in a new context).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * The pages a listing has handed out must not stay alive while it waits for the next ones: every layer a page
 * passes through (paginator, walk, merge, list) used to keep the last one in its suspended frame for a whole round
 * trip, and those pages were most of what each young-generation GC copied (issue 19). Here the second page is held
 * back until the first one's backups have been checked for collection.
 */
function gatedListing(timeWindow: 'none' | 'optional') {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const source = fakeSource({ instances: { i1: 25 }, timeWindow, beforePage: (_id, index) => (index > 0 ? gate : undefined) });
  return { client: createBackupClient({ sources: [source] }), open };
}

/** Weak references to what `take` hands out; this frame (and so any strong reference) is gone when it returns. */
async function weaklyTaken(take: () => Promise<Backup[]>): Promise<WeakRef<Backup>[]> {
  return (await take()).map((b) => new WeakRef(b));
}

/** Collects, after the current job has ended (a WeakRef's target is kept until then). */
async function collected(refs: readonly WeakRef<Backup>[]): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return refs.filter((r) => r.deref() === undefined).length;
}

describe('pages handed out are not kept while the next page is fetched', () => {
  for (const timeWindow of ['none', 'optional'] as const) {
    it(`item by item (time window: ${timeWindow})`, async () => {
      const { client, open } = gatedListing(timeWindow);
      const iterator = client.backups()[Symbol.asyncIterator]();
      const refs = await weaklyTaken(async () => {
        const items: Backup[] = [];
        for (let i = 0; i < 10; i++) items.push((await iterator.next()).value as Backup);
        return items;
      });
      // The 11th item is on page 2, which is held back: the listing is now waiting for it.
      const eleventh = iterator.next();
      expect(await collected(refs)).toBe(10);
      open();
      expect(((await eleventh).value as Backup).id).toBe('i1-10');
      let rest = 0;
      while (!(await iterator.next()).done) rest++;
      expect(rest).toBe(14);
    });

    it(`page by page (time window: ${timeWindow})`, async () => {
      const { client, open } = gatedListing(timeWindow);
      const pages = client.backups().pages();
      const refs = await weaklyTaken(async () => (await pages.next()).value!.items);
      expect(refs).toHaveLength(10);
      const second = pages.next();
      expect(await collected(refs)).toBe(10);
      open();
      expect((await second).value!.items[0]!.id).toBe('i1-10');
      let rest = 0;
      for (let page = await pages.next(); !page.done; page = await pages.next()) rest += page.value.items.length;
      expect(rest).toBe(5);
    });
  }
});
