/** How an API pages. Each provider declares one; the paginator does the rest. */
export type PagingStrategy =
  | {
      kind: 'page-number';
      /** Page sizes the API accepts: a list, or any whole number in a range. The largest is asked for first. */
      pageSizes: readonly number[] | { min: number; max: number };
    }
  | {
      kind: 'offset';
      /** The largest `limit` the API accepts. */
      pageSize: number;
    }
  | { kind: 'single' };

/** What to ask the API for one page. */
export interface PageRequest {
  /** 0-based position of the page in the walk. */
  index: number;
  /** 1-based page number (page-number APIs). */
  pageNumber: number;
  /** Records to skip (offset APIs). */
  offset: number;
  /** Records asked for (0 for single-page APIs). */
  pageSize: number;
}

/** A page request as the provider receives it: with the walk's signal, aborted when the walk ends. */
export type PageCall = PageRequest & { signal: AbortSignal };

/**
 * Maps page positions to requests, and adapts when a service proves it serves fewer rows per page than asked:
 * services cap an out-of-range page size silently, and a walk that kept asking for the large size would skip rows
 * (page-number APIs) or stop early. After a re-plan the next request starts at or before the first row not yet
 * seen, so nothing falls between two pages; overlapping rows are removed by the dedupe.
 */
export class PagePlan {
  private size: number;
  /** The page index from which the current size applies, and the position (row) of that page's first row. */
  private baseIndex = 0;
  private baseNumber = 1;
  private baseOffset = 0;

  constructor(private readonly strategy: PagingStrategy) {
    this.size = strategy.kind === 'page-number' ? largest(sizesOf(strategy.pageSizes)) : strategy.kind === 'offset' ? strategy.pageSize : 0;
  }

  get pageSize(): number {
    return this.size;
  }

  get single(): boolean {
    return this.strategy.kind === 'single';
  }

  request(index: number): PageRequest {
    const step = index - this.baseIndex;
    return {
      index,
      pageNumber: this.baseNumber + step,
      offset: this.baseOffset + step * this.size,
      pageSize: this.size,
    };
  }

  /** The first row of the page at `index` (the rows before it are covered by earlier pages). */
  positionOf(index: number): number {
    return this.strategy.kind === 'page-number'
      ? (this.baseNumber + index - this.baseIndex - 1) * this.size
      : this.baseOffset + (index - this.baseIndex) * this.size;
  }

  /** The index of the last page needed to cover `total` rows. */
  lastIndexFor(total: number): number {
    const first = this.positionOf(this.baseIndex);
    return this.baseIndex + Math.max(0, Math.ceil((total - first) / this.size) - 1);
  }

  /**
   * The service served `served` rows where `this.pageSize` were asked for, and more remain: from page `nextIndex`
   * on, ask for what it serves, starting at or before `position` (the first row not covered). Returns false when
   * no smaller request is possible (the caller then goes on and reports a shortfall if rows stay unreachable).
   */
  shrink(served: number, nextIndex: number, position: number): boolean {
    if (served <= 0) return false;
    let size: number;
    if (this.strategy.kind === 'page-number') {
      const accepted = this.strategy.pageSizes;
      if (Array.isArray(accepted)) {
        const fitting = accepted.filter((s) => s <= served);
        size = fitting.length > 0 ? largest(fitting) : Math.min(...accepted);
      } else {
        const range = accepted as { min: number; max: number };
        size = Math.max(range.min, Math.min(range.max, served));
      }
    } else if (this.strategy.kind === 'offset') {
      size = served;
    } else {
      return false;
    }
    if (size >= this.size) return false;
    this.size = size;
    this.baseIndex = nextIndex;
    if (this.strategy.kind === 'page-number') {
      this.baseNumber = Math.floor(position / size) + 1;
      this.baseOffset = (this.baseNumber - 1) * size;
    } else {
      this.baseOffset = position;
    }
    return true;
  }
}

function sizesOf(accepted: readonly number[] | { min: number; max: number }): readonly number[] {
  return Array.isArray(accepted) ? accepted : [(accepted as { max: number }).max];
}

function largest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0);
}
