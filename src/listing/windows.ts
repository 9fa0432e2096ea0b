import type { InstanceInfo } from '../model.js';
import type { NormalizedQuery } from '../query.js';
import type { TimeWindow } from './provider.js';

/** The default start of a required window when nothing better is known (Terraform's alicloud provider uses the same). */
export const DEFAULT_WINDOW_START = new Date('2010-01-01T00:00:00Z');

/** Default shortest window a timeout may split down to. */
export const DEFAULT_MIN_WINDOW_MS = 3_600_000;

/**
 * Rows within this distance of a split point may be served by both halves (APIs widen bounds to whole minutes, and
 * some filter on another time than the start): their ids are remembered so the second copy is skipped.
 */
export const SPLIT_EDGE_MS = 3_600_000;

/** The window a walk starts with: the query's bounds; for APIs that need one, from the instance's creation at least. */
export function initialWindow(timeWindow: 'optional' | 'required', query: NormalizedQuery, instance: InstanceInfo): TimeWindow {
  const window: TimeWindow = {};
  const since = query.since ?? (timeWindow === 'required' ? (instance.createdAt ?? DEFAULT_WINDOW_START) : undefined);
  if (since) window.since = since;
  if (query.until) window.until = query.until;
  return window;
}

/** The halves of a window, newer first (the order a newest-first walk lists them in), and the split point. */
export function splitWindow(window: TimeWindow, walkNow: Date, instance: InstanceInfo): { halves: [TimeWindow, TimeWindow]; at: number } | undefined {
  const since = (window.since ?? instance.createdAt ?? DEFAULT_WINDOW_START).getTime();
  const until = (window.until ?? walkNow).getTime();
  if (!(until > since)) return undefined;
  const at = since + Math.floor((until - since) / 2);
  const newer: TimeWindow = { since: new Date(at) };
  if (window.until) newer.until = window.until;
  const older: TimeWindow = { until: new Date(at) };
  if (window.since) older.since = window.since;
  return { halves: [newer, older], at };
}

/** Whether a window may still be split: both halves would be at least `minWindowMs` long. */
export function canSplit(window: TimeWindow, walkNow: Date, instance: InstanceInfo, minWindowMs: number): boolean {
  const since = (window.since ?? instance.createdAt ?? DEFAULT_WINDOW_START).getTime();
  const until = (window.until ?? walkNow).getTime();
  return (until - since) / 2 >= minWindowMs;
}
