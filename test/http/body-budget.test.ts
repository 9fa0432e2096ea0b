import { describe, expect, it } from 'vitest';
import { BodyBudget } from '../../src/http/body-budget.js';

/** Settles-state of a promise, read without waiting on time. */
function track(promise: Promise<void> | undefined): { readonly done: boolean; readonly error: unknown } {
  const state = { done: promise === undefined, error: undefined as unknown };
  promise?.then(
    () => (state.done = true),
    (error: unknown) => ((state.done = true), (state.error = error)),
  );
  return state;
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BodyBudget', () => {
  it('grants at once while bytes fit, and makes later readers wait when they do not', async () => {
    const budget = new BodyBudget(100);
    const a = budget.lease();
    const b = budget.lease();
    expect(a.grow(60)).toBeUndefined();
    const waiting = track(b.grow(50));
    await flush();
    expect(waiting.done).toBe(false);
    expect(budget.usedBytes).toBe(60);
    a.release();
    await flush();
    expect(waiting.done).toBe(true);
    expect(b.heldBytes).toBe(50);
    b.release();
    expect(budget.usedBytes).toBe(0);
  });

  it('always lets the oldest body through, so readers that each hold part of the budget cannot deadlock', async () => {
    const budget = new BodyBudget(100);
    const older = budget.lease();
    const younger = budget.lease();
    expect(older.grow(50)).toBeUndefined();
    expect(younger.grow(50)).toBeUndefined();
    // Both want more than is left. The younger waits; the older (oldest) is granted beyond the capacity.
    const youngerWaits = track(younger.grow(30));
    expect(older.grow(30)).toBeUndefined();
    expect(budget.usedBytes).toBe(130);
    await flush();
    expect(youngerWaits.done).toBe(false);
    older.release();
    await flush();
    // The younger is now the oldest: granted although 80 + 30 > 100 would not fit for anyone else.
    expect(youngerWaits.done).toBe(true);
    expect(budget.usedBytes).toBe(80);
    expect(budget.peakBytes).toBe(130);
  });

  it('lets a single body larger than the whole budget proceed alone', () => {
    const budget = new BodyBudget(10);
    const big = budget.lease();
    for (let i = 0; i < 5; i++) expect(big.grow(10)).toBeUndefined();
    expect(big.heldBytes).toBe(50);
    big.release();
    expect(budget.usedBytes).toBe(0);
  });

  it('serves waiters first come, first served', async () => {
    const budget = new BodyBudget(100);
    const hog = budget.lease();
    hog.grow(100);
    const order: string[] = [];
    const first = budget.lease();
    const second = budget.lease();
    void first.grow(60)?.then(() => order.push('first'));
    void second.grow(10)?.then(() => order.push('second'));
    hog.release();
    await flush();
    expect(order).toEqual(['first', 'second']);
  });

  it('ends a wait when its signal aborts, and forgets the waiter', async () => {
    const waits: number[] = [];
    const budget = new BodyBudget(10, { onWait: (bytes) => waits.push(bytes) });
    const hog = budget.lease();
    hog.grow(10);
    const reader = budget.lease();
    const controller = new AbortController();
    const waiting = track(reader.grow(5, controller));
    expect(waits).toEqual([5]);
    controller.abort(new Error('deadline'));
    await flush();
    expect((waiting.error as Error).message).toBe('deadline');
    reader.release();
    hog.release();
    expect(budget.usedBytes).toBe(0);
  });

  it('refuses a capacity that is not a positive whole number', () => {
    expect(() => new BodyBudget(0)).toThrow(RangeError);
    expect(() => new BodyBudget(1.5)).toThrow(RangeError);
  });
});
