/** Categories counted per column; further new values are lumped together so memory stays bounded. */
export const MAX_TRACKED_CATEGORIES = 10_000;

interface CategoryCounts {
  n: number;
  byClass: number[];
}

/** One categorical column streamed in bounded memory: exact counts of up to MAX_TRACKED_CATEGORIES values. */
export class CategoricalAccumulator {
  count = 0;
  missing = 0;
  readonly missingByClass: number[] = [];
  /** Rows whose value was not tracked because the column already had MAX_TRACKED_CATEGORIES values. */
  untracked = 0;
  readonly counts = new Map<string, CategoryCounts>();

  add(value: string | null, cls: number): void {
    if (value === null) {
      this.missing++;
      if (cls >= 0) this.missingByClass[cls] = (this.missingByClass[cls] ?? 0) + 1;
      return;
    }
    this.count++;
    let c = this.counts.get(value);
    if (!c) {
      if (this.counts.size >= MAX_TRACKED_CATEGORIES) {
        this.untracked++;
        return;
      }
      c = { n: 0, byClass: [] };
      this.counts.set(value, c);
    }
    c.n++;
    if (cls >= 0) c.byClass[cls] = (c.byClass[cls] ?? 0) + 1;
  }

  /** Categories by count descending, ties by value (code point order), so output never depends on row order. */
  sorted(): { value: string; n: number; byClass: number[] }[] {
    return [...this.counts.entries()]
      .map(([value, c]) => ({ value, n: c.n, byClass: c.byClass }))
      .sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
}
