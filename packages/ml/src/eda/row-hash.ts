/**
 * cyrb53: a fast 53-bit string hash. Duplicate rows and ids are counted as a set of these numbers rather
 * than of the rows themselves; at 1,000,000 rows the chance of any collision is about 1 in 20,000.
 */
export function hash53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Past this many distinct rows the duplicate sets stop growing and the counts become lower bounds. */
export const MAX_HASHED_ROWS = 5_000_000;

/** Counts repeats of keys seen before (pandas `duplicated().sum()`), remembering only their hashes. */
export class DuplicateCounter {
  private readonly seen = new Set<number>();
  duplicates = 0;
  saturated = false;

  add(key: string): void {
    const h = hash53(key);
    if (this.seen.has(h)) this.duplicates++;
    else if (this.seen.size < MAX_HASHED_ROWS) this.seen.add(h);
    else this.saturated = true;
  }

  get distinct(): number {
    return this.seen.size;
  }
}
