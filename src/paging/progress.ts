import { PaginationError } from '../errors.js';

/** What one answered page contributes to the stop decision. */
export interface PageOutcome {
  /** Rows the server put on the page, mapped or not. */
  received: number;
  /** Rows new to this walk (mapped) plus rows that failed to map. */
  counted: number;
  /** The total the page reported, if any. */
  total?: number;
}

/**
 * The stop rule. The total is the truth: a walk ends when the distinct rows seen reach the latest total, on an
 * empty page, or (for single-page APIs) after the one page; never on a short page alone. A total that cannot be
 * trusted (negative, or zero while rows are served) is ignored and the walk pages until an empty page. At the end,
 * rows that the total promised and the walk never saw are a `PaginationError` with the counts.
 */
export class WalkProgress {
  seen = 0;
  /** The latest usable total. */
  total: number | undefined;
  /**
   * The smallest usable total reported during the walk. Backups created while walking land at the head, where a
   * newest-first walk has already been, and expired ones leave the tail: neither is a loss. Fewer distinct rows than
   * the smallest total is one.
   */
  private floor: number | undefined;
  /** A reported total that contradicted the pages, kept for the report. */
  private contradiction: string | undefined;

  constructor(
    private readonly label: string,
    private readonly instanceId: string | undefined,
  ) {}

  /** Records a page; true when the walk is complete. */
  record(page: PageOutcome, single: boolean): boolean {
    this.seen += page.counted;
    if (page.total !== undefined) {
      if (!Number.isFinite(page.total) || page.total < 0 || (page.total === 0 && page.received > 0)) {
        this.contradiction ??= `the API reported a total of ${String(page.total)} on a page with ${page.received} rows`;
      } else {
        this.total = page.total;
        this.floor = this.floor === undefined ? page.total : Math.min(this.floor, page.total);
      }
    }
    if (single || page.received === 0) return true;
    return this.contradiction === undefined && this.total !== undefined && this.seen >= this.total;
  }

  /** True when the total is known (and trusted) and says rows remain beyond `position`. */
  moreThan(position: number): boolean {
    return this.contradiction === undefined && this.total !== undefined && position < this.total;
  }

  /** Throws when the walk ended short of what the API promised, or on a total that contradicted the pages. */
  finish(): void {
    if (this.contradiction !== undefined) {
      throw new PaginationError(
        `${this.label}: ${this.contradiction}; the walk paged until an empty page and listed ${this.seen} rows, ` +
          'but the count cannot be checked. Report this with the request id.',
        { instanceId: this.instanceId, listed: this.seen },
      );
    }
    if (this.floor !== undefined && this.seen < this.floor) {
      throw new PaginationError(
        `${this.label}: listed ${this.seen} of the ${this.floor} rows the API reported; the rest could not be reached ` +
          '(the service served fewer rows per page than asked, or rows moved during the walk). Listing it again may help.',
        { instanceId: this.instanceId, listed: this.seen, expected: this.floor },
      );
    }
  }
}
