import type { TimeWindow } from '../listing/provider.js';
import { DEFAULT_WINDOW_START } from '../listing/windows.js';
import type { InstanceInfo } from '../model.js';

export const DAY_MS = 86_400_000;

/** How far back `latest()` looks first: most instances take a backup a day, so two days usually holds the newest. */
export const LATEST_FIRST_SPAN_MS = 2 * DAY_MS;

/** Each further window reaches this many times further back: 2, 8, 32, 128... days; 2010 is reached in 7 windows. */
export const LOOKBACK_GROWTH = 4;

/** Where a newest-first search starts and how far it may go. */
export interface LookbackPlan {
  /** The first window's upper bound (exclusive); undefined leaves it open, up to the walk's clock. */
  until?: Date;
  /** The instant spans are measured back from: `until`, or the present. */
  anchor: Date;
  /** The first window reaches this far back from `anchor`. */
  firstSpanMs: number;
  /** No window reaches below this (the query's own bound); undefined: the last window is open below. */
  since?: Date;
}

/**
 * Adjacent, non-overlapping windows, newest first, each reaching `LOOKBACK_GROWTH` times further back than the
 * previous, until the instance's creation (or 2010-01-01, before any of these services kept backups) or the plan's
 * `since`. The last window is open below when the plan has no `since`, so a backup older than a wrong creation
 * time is still found. A provider without time filters gets one window: the plan's own bounds (it answers
 * everything in one call, so there is nothing to save by asking twice).
 */
export function* lookbackWindows(plan: LookbackPlan, timeWindow: 'none' | 'optional' | 'required', instance: Pick<InstanceInfo, 'createdAt'>): Generator<TimeWindow, void, undefined> {
  if (timeWindow === 'none') {
    yield bounded(plan.since, plan.until);
    return;
  }
  const floor = (plan.since ?? instance.createdAt ?? DEFAULT_WINDOW_START).getTime();
  const anchor = plan.anchor.getTime();
  let upper: Date | undefined = plan.until;
  let span = plan.firstSpanMs;
  for (;;) {
    const start = anchor - span;
    if (start <= floor) {
      yield bounded(plan.since, upper);
      return;
    }
    yield bounded(new Date(start), upper);
    upper = new Date(start);
    span *= LOOKBACK_GROWTH;
  }
}

function bounded(since: Date | undefined, until: Date | undefined): TimeWindow {
  const window: TimeWindow = {};
  if (since) window.since = since;
  if (until) window.until = until;
  return window;
}
