/**
 * Strength of the relation between a grouping (a feature's categories or bins) and the target, from their
 * contingency table (rows: groups, columns: classes). Empty rows and columns are ignored, as scipy and
 * sklearn see only the labels that occur.
 */
export type Table = readonly (readonly number[])[];

function margins(table: Table): { rows: number[]; cols: number[]; total: number } {
  const nCols = table.reduce((m, r) => Math.max(m, r.length), 0);
  const cols = new Array<number>(nCols).fill(0);
  const rows = table.map((r) => {
    let s = 0;
    for (let j = 0; j < r.length; j++) {
      s += r[j];
      cols[j] += r[j];
    }
    return s;
  });
  return { rows, cols, total: rows.reduce((a, b) => a + b, 0) };
}

/**
 * Cramér's V without continuity correction: sqrt(χ² / (n · (min(r, c) − 1))), χ² as
 * scipy.stats.chi2_contingency(correction=False). 0 when either side has a single level.
 */
export function cramersV(table: Table): number {
  const { rows, cols, total } = margins(table);
  const r = rows.filter((x) => x > 0).length;
  const c = cols.filter((x) => x > 0).length;
  if (total === 0 || r < 2 || c < 2) return 0;
  let chi2 = 0;
  for (let i = 0; i < table.length; i++) {
    if (rows[i] === 0) continue;
    for (let j = 0; j < cols.length; j++) {
      if (cols[j] === 0) continue;
      const expected = (rows[i] * cols[j]) / total;
      const d = (table[i][j] ?? 0) - expected;
      chi2 += (d * d) / expected;
    }
  }
  return Math.sqrt(chi2 / total / (Math.min(r, c) - 1));
}

/** sklearn.metrics.mutual_info_score from a contingency table, in nats (natural logarithm), clipped at 0. */
export function mutualInfo(table: Table): number {
  const { rows, cols, total } = margins(table);
  if (total === 0) return 0;
  const logTotal = Math.log(total);
  let mi = 0;
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < cols.length; j++) {
      const nij = table[i][j] ?? 0;
      if (nij === 0) continue;
      const p = nij / total;
      // sklearn: p·(log nij − log N) + p·(−log(ni·nj) + log N + log N)
      mi += p * (Math.log(nij) - logTotal) + p * (-Math.log(rows[i] * cols[j]) + logTotal + logTotal);
    }
  }
  return Math.max(mi, 0);
}
