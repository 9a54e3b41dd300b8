import { synthCsvChunks } from '@custseg/ml';

/**
 * Synthetic customers as CSV text for large uploads. Sampling a million rows costs ~6 µs each, more than
 * scoring them, so a pool of sampled rows is cycled with fresh IDs: the client stays far cheaper than the server.
 */
export class SyntheticRows {
  readonly header: string;
  private readonly pool: string[];

  constructor(poolRows = 20_000, seed = 7) {
    const text = [...synthCsvChunks({ rows: poolRows, seed, withTarget: false })].join('');
    const lines = text.split('\n').filter((l) => l !== '');
    this.header = `${lines[0]}\n`;
    // drop each line's own ID (the first column): IDs are assigned as rows are emitted
    this.pool = lines.slice(1).map((l) => l.slice(l.indexOf(',')));
  }

  /** `count` rows with IDs from `firstId`, as one text chunk. */
  chunk(firstId: number, count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += `${firstId + i}${this.pool[(firstId + i) % this.pool.length]}\n`;
    return s;
  }

  /** Row objects (for JSON bodies). */
  objects(count: number): Record<string, string | number | null>[] {
    const names = this.header.trim().split(',');
    return Array.from({ length: count }, (_, i) => {
      const cells = `${100000 + i}${this.pool[i % this.pool.length]}`.split(',');
      return Object.fromEntries(
        names.map((n, j) => {
          const v = cells[j];
          if (v === '') return [n, null];
          return [n, /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v];
        }),
      );
    });
  }
}
