import type { ListingFailure } from '../errors.js';
import { internalsOf, walkAll, type BackupClient } from '../listing/client.js';
import { assembleResult, auditPlan } from './assemble.js';
import { resolveAuditOptions, type AuditOptions } from './options.js';
import { auditLister, type Tracked } from './read-instance.js';
import type { AuditResult, SourceRef } from './result.js';
import { resolveRules, type AuditRules } from './rules.js';

export type { AuditedSource, AuditResult, AuditSummary, InstanceAudit, SourceRef } from './result.js';
export { auditOutcome } from './result.js';

/**
 * `client.audit(rules, options)`. Walks every instance through the client's own machinery (concurrency, progress,
 * cancellation), reading the audit window and, only for facts it still lacks, older windows with a narrower filter;
 * then judges each instance against each rule. Never throws for what could not be read: it is 'error' in the
 * findings and listed in `failures`. Throws only for bad rules or options (ConfigurationError) and when aborted.
 */
export async function runAudit(client: BackupClient, rulesInput?: AuditRules, optionsInput?: AuditOptions): Promise<AuditResult> {
  const rules = resolveRules(rulesInput);
  const options = resolveAuditOptions(optionsInput);
  const internals = internalsOf(client);
  const selected = internals.select(options.selection);
  const plan = auditPlan(rules, options.now, options.windowMs, options.policies);
  const startedAt = new Date();
  const tracked = new Map<string, Tracked>();
  const failures: ListingFailure[] = [];
  const pages = walkAll({
    runtimes: selected.runtimes,
    concurrency: internals.concurrency,
    signal: options.signal,
    instanceFilter: selected.instanceFilter,
    onProgress: internals.onProgress,
    perInstance: auditLister(plan, tracked),
  });
  // Items were only for progress counts: the digests already hold what the rules need.
  for await (const page of pages) failures.push(...page.failures);

  // Every backup was judged available or not by the listing's clock, which is at most now.
  const listedAt = new Date();
  const givenRegions: SourceRef[] = selected.runtimes.flatMap((runtime) => {
    const { provider, account, regions } = runtime.source;
    return regions === '*' ? [] : regions.map((region) => ({ provider, account, region }));
  });
  return assembleResult({ plan, states: [...tracked.values()], failures, listedAt: () => listedAt, givenRegions, startedAt });
}
