import { formatDuration, RULE_NAMES, STATUS_LEVEL, type AuditResult, type Finding, type FindingStatus } from '../../index.js';
import { alignColumns } from '../format/columns.js';
import { plural } from '../format/plural.js';
import { formatInstant } from '../format/time.js';
import { RULE_FLAGS } from './rule-flags.js';

const HEADER = ['STATUS', 'PROVIDER', 'ACCOUNT', 'REGION', 'INSTANCE', 'RULE', 'REASON'];
const FAILING: readonly FindingStatus[] = ['error', 'alarm', 'warn'];

/** Worst first: error (could not be checked) > alarm > warn > ok > skip, as the library ranks them. */
export function statusRank(status: FindingStatus): number {
  return status === 'skip' ? -1 : STATUS_LEVEL[status];
}

/** An instance's verdict: the worst status of its findings. */
export function worstStatus(findings: readonly Finding[]): FindingStatus {
  return findings.reduce<FindingStatus>((worst, f) => (statusRank(f.status) > statusRank(worst) ? f.status : worst), 'skip');
}

/** The rules as checked, in flag terms: `max-age 1d2h, latest-failed, consecutive-days 7 (UTC), ...`, warnings marked. */
export function describeRules(rules: AuditResult['rules']): string {
  return RULE_NAMES.flatMap((rule) => {
    const r = rules[rule];
    if (!r) return [];
    const value = (() => {
      switch (rule) {
        case 'maxAge':
          return ` ${formatDuration(rules.maxAge!.ageMs)}`;
        case 'consecutiveDays':
          return ` ${rules.consecutiveDays!.days} (${rules.consecutiveDays!.timeZone})`;
        case 'minRetentionDays':
          return ` ${rules.minRetentionDays!.days}`;
        case 'sizeDrop':
          return ` ${rules.sizeDrop!.fraction}`;
        default:
          return '';
      }
    })();
    return [`${RULE_FLAGS[rule]}${value}${r.severity === 'warn' ? ' (warn)' : ''}`];
  }).join(', ');
}

/**
 * For people: the rules and instant first; then one group per instance, worst first, with one line per rule that
 * did not pass (an instance whose rules all passed is one line); then the counts.
 */
export function renderAuditTable(result: AuditResult, options: { local: boolean; listingErrors: number }): string {
  const groups = byInstance(result.findings);
  // Stable: instances keep the library's (provider, account, region, instance) order within a status.
  groups.sort((a, b) => statusRank(b.worst) - statusRank(a.worst));

  const rows: string[][] = [HEADER];
  for (const { findings, worst } of groups) {
    const [first] = findings;
    const where = [first!.provider, first!.account, first!.region, first!.instanceId];
    const failing = findings.filter((f) => FAILING.includes(f.status)).sort((a, b) => statusRank(b.status) - statusRank(a.status));
    if (failing.length === 0) {
      const skipped = findings.filter((f) => f.status === 'skip').length;
      const ok = findings.length - skipped;
      rows.push([worst, ...where, '-', `${plural(ok, 'rule')} ok${skipped > 0 ? `, ${skipped} skipped` : ''}`]);
      continue;
    }
    failing.forEach((f, i) => rows.push([f.status, ...(i === 0 ? where : ['', '', '', '']), RULE_FLAGS[f.rule], f.reason]));
  }

  const lines = [`Audit at ${formatInstant(result.now, options.local)}: ${describeRules(result.rules)}`, ''];
  if (groups.length === 0) lines.push('No instances were audited.');
  else lines.push(...alignColumns(rows));
  lines.push('', summaryLine(groups, options.listingErrors));
  return `${lines.join('\n')}\n`;
}

/** Each instance's findings (in the library's order) and its worst status. */
export function byInstance(findings: readonly Finding[]): { findings: Finding[]; worst: FindingStatus }[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = [f.provider, f.account, f.region, f.instanceId].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((list) => ({ findings: list, worst: worstStatus(list) }));
}

/** `12 instances: 2 alarm, 1 warn, 0 error, 9 ok (each by its worst rule); 1 listing error`. */
/** How many instances have each status as their worst rule's. */
export function worstCounts(groups: readonly { worst: FindingStatus }[]): Map<FindingStatus, number> {
  const counts = new Map<FindingStatus, number>();
  for (const { worst } of groups) counts.set(worst, (counts.get(worst) ?? 0) + 1);
  return counts;
}

function summaryLine(groups: readonly { worst: FindingStatus }[], listingErrors: number): string {
  const counts = worstCounts(groups);
  const parts = (['alarm', 'warn', 'error', 'ok', 'skip'] as const).filter((s) => s !== 'skip' || counts.has(s)).map((s) => `${counts.get(s) ?? 0} ${s}`);
  return `${plural(groups.length, 'instance')}: ${parts.join(', ')} (each by its worst rule); ${plural(listingErrors, 'listing error')}`;
}
