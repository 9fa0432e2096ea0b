/**
 * Ids seen in the last `windowPages` pages. Page-number paging shifts by the number of backups created
 * during the walk, so a duplicate shows up on a neighbouring page, never far away: a bounded window
 * catches them while memory stays flat however long the listing is.
 */
export class RecentIds {
  private readonly pageOf = new Map<string, number>();
  private readonly pages: { index: number; ids: string[] }[] = [];

  constructor(private readonly windowPages: number) {}

  /** Records `id` as seen on page `index`; false when it was already seen within the window. */
  add(id: string, index: number): boolean {
    if (this.pageOf.has(id)) return false;
    let current = this.pages[this.pages.length - 1];
    if (!current || current.index !== index) {
      current = { index, ids: [] };
      this.pages.push(current);
      while (this.pages.length > this.windowPages) {
        const old = this.pages.shift()!;
        for (const oldId of old.ids) if (this.pageOf.get(oldId) === old.index) this.pageOf.delete(oldId);
      }
    }
    current.ids.push(id);
    this.pageOf.set(id, index);
    return true;
  }

  has(id: string): boolean {
    return this.pageOf.has(id);
  }
}
