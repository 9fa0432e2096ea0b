/** What every Aliyun action shares: its context, parameter parsing, time windows and paging. */
import type { Env } from '../api.js';
import type { InstanceData, ProviderData } from '../dataset.js';
import { parseAliyunMinute } from '../times.js';
import type { AliyunError } from './errors.js';
import { aliyunErr, invalidParam } from './errors.js';

export type Params = Record<string, string>;

export interface ActionResult {
  body: Record<string, unknown>;
  instanceId?: string;
  /** The instance whose page was served (drift applies to it). */
  served?: InstanceData;
  /** Paged backup lists: the same page with a lying total (the badTotal fault). */
  badTotal?: (variant: number) => Record<string, unknown>;
}

/**
 * The three lies of the badTotal fault, by variant: a total of -1 or 0 next to the page, or the page
 * emptied next to the true total. `total`/`list` name the body's fields; `asText` for string totals.
 */
export function lyingTotal(body: Record<string, unknown>, variant: number, o: { total: string; emptied: () => Record<string, unknown>; asText?: boolean }): Record<string, unknown> {
  if (variant >= 2 / 3) return { ...body, ...o.emptied() };
  const value = variant < 1 / 3 ? -1 : 0;
  return { ...body, [o.total]: o.asText ? String(value) : value };
}

/** What an action may read: its product's data, seen by the calling account. */
export interface ActionContext {
  data: ProviderData;
  env: Env;
  account: string;
  /** The HTTP method (some actions accept only GET). */
  method: string;
}

export type Action = (p: Params, ctx: ActionContext) => ActionResult | AliyunError;

export const isError = (v: object): v is AliyunError => 'code' in v && 'status' in v;

const MAX_INT = 2_147_483_647;

export function intParam(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= MAX_INT ? n : undefined;
}

export interface Window { from?: number; to?: number }

/** `StartTime`/`EndTime` in `yyyy-MM-ddTHH:mmZ`; a window that ends before it starts is refused. */
export function timeWindow(p: Params, startError: AliyunError, endError: AliyunError): Window | AliyunError {
  const w: Window = {};
  if (p['StartTime']) {
    const t = parseAliyunMinute(p['StartTime']);
    if (t === undefined) return startError;
    w.from = t;
  }
  if (p['EndTime']) {
    const t = parseAliyunMinute(p['EndTime']);
    if (t === undefined) return endError;
    w.to = t;
  }
  if (w.from !== undefined && w.to !== undefined && w.to <= w.from) {
    return aliyunErr(400, 'InvalidParameterCombination', 'The end time must be greater than the start time');
  }
  return w;
}

/** Page `pageNumber` of `size` rows over a lazy view: only that page's rows are produced. */
export function pageOf<T>(view: { total: number; at(i: number): T | undefined }, pageNumber: number, size: number): T[] {
  const items: T[] = [];
  for (let i = (pageNumber - 1) * size; i < Math.min(view.total, pageNumber * size); i++) {
    const row = view.at(i);
    if (row !== undefined) items.push(row);
  }
  return items;
}

/** Instance listings: the account's instances, by region, id list and engine, paged. */
export function instancePage({ data, account }: ActionContext, p: Params, idsParam: string, maxPageSize: number):
  { pageNumber: number; pageSize: number; total: number; items: InstanceData[] } | AliyunError {
  const pageSize = intParam(p['PageSize'], 30);
  if (pageSize === undefined || pageSize > maxPageSize) return invalidParam('PageSize');
  const pageNumber = intParam(p['PageNumber'], 1);
  if (pageNumber === undefined) return invalidParam('PageNumber');
  const idList = p[idsParam];
  const ids = idList ? new Set(idList.split(',').map((s) => s.trim())) : undefined;
  const region = p['RegionId'];
  const engine = p['Engine'];
  const matching = data.list(account, region || undefined).filter((i) => (!ids || ids.has(i.seed.id)) && (!engine || i.seed.engine === engine));
  return { pageNumber, pageSize, total: matching.length, items: matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize) };
}
