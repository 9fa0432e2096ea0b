/**
 * Ids seen in the last `windowPages` pages (at least; at most twice as many). Page-number paging shifts by the
 * number of backups created during the walk, so a duplicate shows up on a neighbouring page, never far away: a
 * bounded window catches them while memory stays flat however long the listing is.
 *
 * Two generations of ids, the older dropped whole when the newer has `windowPages` pages, rather than one map
 * whose oldest page is deleted id by id: no per-id deletion, and (issue 19) no long-lived map whose entries come and
 * go, which kept ids alive through young-generation GCs.
 */
export class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  private pagesInCurrent = 0;
  private lastIndex: number | undefined;

  constructor(private readonly windowPages: number) {}

  /** Records `id` as seen on page `index`; false when it was already seen within the window. */
  add(id: string, index: number): boolean {
    if (this.current.has(id) || this.previous.has(id)) return false;
    if (index !== this.lastIndex) {
      this.lastIndex = index;
      if (++this.pagesInCurrent > this.windowPages) {
        this.previous = this.current;
        this.current = new Set();
        this.pagesInCurrent = 1;
      }
    }
    this.current.add(id);
    return true;
  }

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }
}
