/**
 * Aligned text columns for people. Widths only grow: they start from a floor (the header and any width known in
 * advance), take the widest cell seen, and a later, wider cell widens its column from that row on. That lets a
 * table print rows as they arrive instead of holding them all to measure.
 */
export class ColumnLayout {
  private readonly widths: number[];

  constructor(
    floor: readonly number[],
    private readonly rightAligned: ReadonlySet<number> = new Set(),
  ) {
    this.widths = [...floor];
  }

  /** Widens the columns to fit `cells`. */
  fit(cells: readonly string[]): void {
    cells.forEach((cell, i) => (this.widths[i] = Math.max(this.widths[i] ?? 0, cell.length)));
  }

  /** One line (no newline): cells padded to their column, two spaces apart, right-aligned columns padded on the left. */
  line(cells: readonly string[]): string {
    return cells
      .map((cell, i) => {
        const width = this.widths[i] ?? 0;
        if (this.rightAligned.has(i)) return cell.padStart(width);
        return i === cells.length - 1 ? cell : cell.padEnd(width);
      })
      .join('  ');
  }
}

/** Pads each column to its widest cell; `rightAligned` columns (sizes) align right so their units line up. */
export function alignColumns(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const layout = new ColumnLayout([], rightAligned);
  for (const row of rows) layout.fit(row);
  return rows.map((row) => layout.line(row));
}
