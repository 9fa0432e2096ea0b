import type { RequestLogEntry } from './types.js';

/** The last `cap` requests; older entries are dropped in chunks so appends stay O(1) amortized. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly enabled: boolean, private readonly cap = 100_000) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: RequestLogEntry): void {
    if (!this.enabled) return;
    this.entries.push(entry);
    if (this.entries.length > this.cap + Math.ceil(this.cap / 10)) this.entries = this.entries.slice(-this.cap);
  }

  snapshot(): readonly RequestLogEntry[] {
    return Object.freeze(this.entries.slice(-this.cap));
  }

  clear(): void {
    this.entries = [];
  }
}
