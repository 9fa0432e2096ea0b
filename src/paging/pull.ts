/**
 * The next value of an async iterator, or `undefined` once it is done (our page iterators never yield undefined).
 *
 * Why not `for await` or `yield*` in the generators a page passes through: a suspended generator keeps every
 * register of its frame, and those loops keep the previous step's iterator result in one while they wait for the
 * next page. Each layer of a walk then held the page it had handed on for a whole round trip, long after the
 * consumer was done with it: about a thousand backups alive at any moment of a listing, which every young-
 * generation GC copied and promoted (issue 19: a third of the client's CPU). Pulling through this function keeps
 * the result object in a frame that is gone when it returns; the caller clears its own variable before pulling
 * again (`page = undefined`), and calls `iterator.return()` when it leaves early, as `for await` would.
 */
export async function pull<T>(iterator: AsyncIterator<T, unknown, undefined>): Promise<T | undefined> {
  const result = await iterator.next();
  return result.done ? undefined : result.value;
}
