/**
 * The audit's ground truth (contracts section 3), written from the contract alone: nothing here
 * comes from the library. One finding per instance and rule, from the backups a correct client lists
 * and the policy its read API serves.
 */
import type { PolicyTruthFields } from './cloud.js';
import type {
  AuditFinding, AuditRuleName, AuditRules, AuditSeverity, AuditStatus, EmulatedBackup, ProviderName,
} from './types.js';

export interface AuditSubject {
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
  /** Its backups as listed at the audit's `now`. */
  backups(): EmulatedBackup[];
  /** Undefined when the provider has no policy read API. */
  policy?(): PolicyTruthFields;
  /** Its region refuses its account: listing it fails. */
  denied: boolean;
}

interface Rule {
  name: AuditRuleName;
  severity: AuditSeverity;
  check(s: AuditSubject, now: number): { status: 'ok' | 'breach' | 'skip'; observed?: number };
}

const HOUR_MS = 3_600_000;
const ORDER: readonly AuditRuleName[] = ['maxAge', 'latestFailed', 'consecutiveDays', 'minRetentionDays', 'sizeDrop', 'available'];

type Tuning = { severity?: AuditSeverity };
const severityOf = (v: unknown): AuditSeverity => (typeof v === 'object' && v !== null && (v as Tuning).severity === 'warn' ? 'warn' : 'alarm');

function positive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`audit: ${what} must be a positive number (got ${String(value)})`);
  return value;
}

const newestBy = (list: EmulatedBackup[]): EmulatedBackup | undefined =>
  list.reduce<EmulatedBackup | undefined>((best, b) => (!best || b.startTime.getTime() > best.startTime.getTime() ? b : best), undefined);

/** The rules asked for, with their defaults filled in, in a fixed order. */
function rulesOf(r: AuditRules): Rule[] {
  const out: Rule[] = [];
  for (const name of ORDER) {
    const spec = r[name];
    if (spec === undefined) continue;
    const severity = severityOf(spec);
    switch (name) {
      case 'maxAge': {
        const v = r.maxAge;
        const maxMs = positive(typeof v === 'number' ? v : typeof v === 'object' ? v.ms ?? 26 * HOUR_MS : 26 * HOUR_MS, 'maxAge');
        out.push({ name, severity, check: (s, now) => {
          const newest = newestBy(s.backups().filter((b) => b.status === 'success'));
          if (!newest) return { status: 'breach' };
          const age = now - (newest.endTime ?? newest.startTime).getTime();
          return { status: age > maxMs ? 'breach' : 'ok', observed: age };
        } });
        break;
      }
      case 'latestFailed':
        out.push({ name, severity, check: (s) => {
          const attempt = newestBy(s.backups().filter((b) => b.status === 'success' || b.status === 'failed'));
          return { status: attempt?.status === 'failed' ? 'breach' : 'ok' };
        } });
        break;
      case 'consecutiveDays': {
        const v = r.consecutiveDays;
        const days = positive(typeof v === 'number' ? v : v?.days ?? NaN, 'consecutiveDays');
        const zone = typeof v === 'object' ? v.timeZone ?? 'UTC' : 'UTC';
        const key = dayKeyIn(zone);
        out.push({ name, severity, check: (s, now) => {
          const covered = new Set(s.backups().filter((b) => b.status === 'success').map((b) => key(b.startTime.getTime())));
          const wanted = daysBefore(key(now), Math.floor(days));
          const n = wanted.filter((d) => covered.has(d)).length;
          return { status: n < wanted.length ? 'breach' : 'ok', observed: n };
        } });
        break;
      }
      case 'minRetentionDays': {
        const v = r.minRetentionDays;
        const min = positive(typeof v === 'number' ? v : typeof v === 'object' ? v.days ?? 7 : 7, 'minRetentionDays');
        out.push({ name, severity, check: (s) => {
          if (!s.policy) return { status: 'skip' };
          const p = s.policy();
          const breach = !p.automated || (p.retentionDays !== undefined && p.retentionDays < min);
          return { status: breach ? 'breach' : 'ok', ...(p.retentionDays !== undefined ? { observed: p.retentionDays } : {}) };
        } });
        break;
      }
      case 'sizeDrop': {
        const v = r.sizeDrop;
        const fraction = positive(typeof v === 'number' ? v : typeof v === 'object' ? v.fraction ?? 0.5 : 0.5, 'sizeDrop');
        out.push({ name, severity, check: (s) => {
          const fulls = s.backups().filter((b) => b.status === 'success' && b.type === 'full' && b.sizeBytes !== undefined)
            .sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
          const [newest, previous] = fulls;
          if (!newest || !previous) return { status: 'skip' };
          const ratio = (newest.sizeBytes ?? 0) / (previous.sizeBytes ?? 1);
          return { status: (newest.sizeBytes ?? 0) < fraction * (previous.sizeBytes ?? 0) ? 'breach' : 'ok', observed: ratio };
        } });
        break;
      }
      case 'available':
        out.push({ name, severity, check: (s) => {
          const newest = newestBy(s.backups().filter((b) => b.status === 'success'));
          if (!newest) return { status: 'skip' };
          return { status: newest.available === false ? 'breach' : 'ok' };
        } });
        break;
    }
  }
  return out;
}

export function audit(subjects: readonly AuditSubject[], now: number, rules: AuditRules): AuditFinding[] {
  const checks = rulesOf(rules);
  const out: AuditFinding[] = [];
  for (const s of subjects) {
    // Each subject's backups are listed once for all its rules.
    let listed: EmulatedBackup[] | undefined;
    const subject: AuditSubject = { ...s, backups: () => (listed ??= s.backups()) };
    for (const rule of checks) {
      const base = { provider: s.provider, account: s.account, region: s.region, instanceId: s.instanceId, rule: rule.name };
      // A provider without a policy API skips the policy rule even where listing would fail.
      if (s.denied && !(rule.name === 'minRetentionDays' && !s.policy)) {
        out.push({ ...base, status: 'error' });
        continue;
      }
      const r = rule.check(subject, now);
      const status: AuditStatus = r.status === 'breach' ? rule.severity : r.status;
      out.push({ ...base, status, ...(r.observed !== undefined ? { observed: r.observed } : {}) });
    }
  }
  return out;
}

/** The calendar date of an instant in a time zone, as 'YYYY-MM-DD'. */
function dayKeyIn(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms) => {
    const parts = format.formatToParts(new Date(ms));
    const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  };
}

/** The `n` calendar dates before `day` (civil arithmetic: no zone involved once the date is known). */
function daysBefore(day: string, n: number): string[] {
  const [y, m, d] = day.split('-').map(Number);
  const out: string[] = [];
  for (let k = 1; k <= n; k++) out.push(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) - k)).toISOString().slice(0, 10));
  return out;
}
