import type { Credentials } from '../credentials/types.js';
import type { AttemptBudget, HttpResponse, SendOptions } from '../http/transport.js';
import type { Backup, BackupPolicy, InstanceInfo, ProviderName } from '../model.js';
import type { FetchedPage, PageCall, PagingStrategy } from '../paging/paginate.js';
import type { NormalizedQuery } from '../query.js';

/**
 * What a provider defines: how its API pages, what it can do, and how to fetch one page and discover instances.
 * Everything shared (paging, retries, windows, filtering, grouping, merging) lives outside the providers.
 */
export interface ProviderDefinition<P extends ProviderName> {
  provider: P;
  /** How the backup listing pages (per instance, where one provider lists different instances through different APIs). */
  paging: PagingStrategy | ((instance: InstanceInfo) => PagingStrategy);
  /** 'required': the API needs a window (KVStore); 'optional': it takes one; 'none': it has none. */
  timeWindow: 'none' | 'optional' | 'required';
  /** Split a window whose first page timed out into halves, down to this length. Default 1 hour. */
  minWindowMs?: number;
  /**
   * The id rows are deduplicated by, when it differs from the backup's id (KVStore: one row per shard of a job,
   * each with its own id, all mapping to the job). Rows that map to one backup id and carry `parts` are then
   * merged into one backup by the shared walk.
   */
  rowIdOf?: (row: Backup<P>) => string;
  fetchBackupsPage: (call: CallContext<P>, args: BackupsPageArgs) => Promise<FetchedPage<Backup<P>>>;
  listInstances: (call: CallContext<P>) => Promise<InstanceInfo[]>;
  /**
   * Every region (or site) the account can use, for `region: '*'`. Called once per source with `call.region` '*'
   * and the base URL of the source's home region.
   */
  listRegions?: (call: CallContext<P>) => Promise<string[]>;
  /** Reads an instance's backup policy; absent when the provider has no API for it (CapitalOnline). */
  fetchBackupPolicy?: (call: CallContext<P>, instance: InstanceInfo) => Promise<BackupPolicy<P>>;
}

/** Identity helper that keeps a provider definition's types precise. */
export function defineProvider<P extends ProviderName>(definition: ProviderDefinition<P>): ProviderDefinition<P> {
  return definition;
}

/**
 * A time window to request. An absent bound is open: `since` from the beginning (a required window then starts at
 * the instance's creation or 2010-01-01), `until` up to the walk's `now` (providers add their own skew allowance).
 */
export interface TimeWindow {
  since?: Date;
  until?: Date;
}

export interface BackupsPageArgs {
  instance: InstanceInfo;
  query: NormalizedQuery;
  page: PageCall;
  /**
   * The window to request, when the provider takes one: the query's bounds, or the half of it a timeout split
   * left (which then takes precedence over the query's). Always set for 'required' providers, with `since` filled.
   */
  window?: TimeWindow;
}

/**
 * What provider code gets for each call: where to send, with which credentials, and a `send` already wired to the
 * walk (its signal, its observer, its deadline). One per walk (or discovery); providers never see a signal of their own.
 */
export interface CallContext<P extends ProviderName = ProviderName> {
  readonly provider: P;
  readonly account: string;
  readonly region: string;
  /** The base URL (no trailing slash): the real regional host, or the endpoint override. */
  readonly baseUrl: string;
  /** The source's credentials, resolved once and shared; bounded in time and by the walk's signal. */
  readonly credentials: () => Promise<Credentials>;
  /** Sends through the source's transport; retries, observer and abort are wired by the caller. */
  readonly send: (options: SendOptions) => Promise<HttpResponse>;
  /** Aborted when the walk ends or the caller aborts. */
  readonly signal: AbortSignal;
  /** The time this walk (or discovery) may still spend failing; `send` spends on it. */
  readonly budget: AttemptBudget;
  /** The walk's clock, fixed when the walk started: every page of one walk asks for the same window. */
  readonly walkNow: Date;
  /** Signing clock and nonce, called on every attempt so a retry is re-signed with fresh values. */
  readonly now: () => Date;
  readonly nonce: () => string;
}
