import { cramersV } from './association.js';
import type { CategoricalAccumulator } from './categorical-acc.js';
import { MAX_TRACKED_CATEGORIES } from './categorical-acc.js';
import type { NumericAccumulator } from './numeric-acc.js';
import { categoricalRelation, numericRelation, rankRelations } from './relation.js';
import { histogram, quantile, QUANTILE_LEVELS } from './stats.js';
import { PROFILE_FORMAT, PROFILE_FORMAT_VERSION, type CategoricalStats, type ColumnProfile, type DataProfile, type NumericStats } from './types.js';
import { profileWarnings } from './warnings.js';

/** Categories under this share of the present values are rare labels (feature-engine's RareLabelEncoder tol). */
export const RARE_SHARE = 0.05;
/** Histogram bins: 20, or the number of distinct values when fewer. */
export const HISTOGRAM_BINS = 20;

type Remap = (byClass: readonly number[]) => number[];

export type FinishedColumn =
  | { name: string; kind: 'numeric'; acc: NumericAccumulator; remap: Remap }
  | { name: string; kind: 'categorical'; acc: CategoricalAccumulator; remap: Remap };

export interface FinishInput {
  source: string;
  rows: number;
  columnOrder?: readonly string[];
  columns: FinishedColumn[];
  target: { name: string; classes: string[]; counts: number[]; missing: number; acc: CategoricalAccumulator } | null;
  id: { name: string; missing: number; distinct: number; duplicates: number; numeric: boolean; saturated: boolean } | null;
  duplicateRows: number;
  memoryBytes: number;
  correlation: { columns: readonly string[]; matrix: (number | null)[][] };
  missingness: {
    rowsWithMissing: number;
    patterns: { columns: string[]; count: number }[];
    together: { a: string; b: string; both: number; correlation: number | null }[];
  };
}

function numericStats(acc: NumericAccumulator): NumericStats {
  const dist = acc.distribution();
  // When the column is sampled, counts are scaled to the real number of values.
  const scale = acc.exact || dist.total === 0 ? 1 : acc.count / dist.total;
  const quantiles: Record<string, number | null> = {};
  for (const q of QUANTILE_LEVELS) quantiles[String(q)] = quantile(dist, q);
  const q1 = quantile(dist, 0.25);
  const q3 = quantile(dist, 0.75);
  let low = 0;
  let high = 0;
  let lowerFence: number | null = null;
  let upperFence: number | null = null;
  if (q1 !== null && q3 !== null) {
    lowerFence = q1 - 1.5 * (q3 - q1);
    upperFence = q3 + 1.5 * (q3 - q1);
    for (let k = 0; k < dist.values.length; k++) {
      if (dist.values[k] < lowerFence) low += dist.counts[k];
      else if (dist.values[k] > upperFence) high += dist.counts[k];
    }
  }
  const h = histogram(dist, Math.max(1, Math.min(HISTOGRAM_BINS, dist.values.length)));
  return {
    min: acc.count > 0 ? acc.min : null,
    max: acc.count > 0 ? acc.max : null,
    mean: acc.meanValue,
    std: acc.std,
    median: quantile(dist, 0.5),
    quantiles,
    quantiles_exact: acc.exact,
    histogram: h.counts.map((count, i) => ({ lo: h.edges[i], hi: h.edges[i + 1], count: Math.round(count * scale) })),
    outliers: { lower_fence: lowerFence, upper_fence: upperFence, low: Math.round(low * scale), high: Math.round(high * scale) },
  };
}

function categoricalStats(acc: CategoricalAccumulator): CategoricalStats {
  const sorted = acc.sorted();
  const frequencies = sorted.map((c) => ({ value: c.value, count: c.n, share: acc.count > 0 ? c.n / acc.count : 0 }));
  return {
    frequencies,
    rare_labels: frequencies.filter((f) => f.share < RARE_SHARE).map((f) => f.value),
    truncated: acc.untracked > 0,
  };
}

function pctOf(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

export function finishProfile(inp: FinishInput): DataProfile {
  const rows = inp.rows;
  const columns: ColumnProfile[] = [];
  if (inp.id) {
    const id = inp.id;
    columns.push({
      name: id.name,
      type: id.numeric && rows > id.missing ? 'numeric' : 'categorical',
      role: 'id',
      count: rows - id.missing,
      missing: id.missing,
      missing_pct: pctOf(id.missing, rows),
      distinct: id.distinct,
      distinct_is_lower_bound: id.saturated,
    });
  }
  for (const c of inp.columns) {
    const base = {
      name: c.name,
      role: 'feature' as const,
      count: c.acc.count,
      missing: c.acc.missing,
      missing_pct: pctOf(c.acc.missing, rows),
    };
    if (c.kind === 'numeric') {
      columns.push({ ...base, type: 'numeric', distinct: c.acc.distinct, distinct_is_lower_bound: !c.acc.exact, numeric: numericStats(c.acc) });
    } else {
      const truncated = c.acc.untracked > 0;
      columns.push({ ...base, type: 'categorical', distinct: truncated ? MAX_TRACKED_CATEGORIES : c.acc.counts.size, distinct_is_lower_bound: truncated, categorical: categoricalStats(c.acc) });
    }
  }
  if (inp.target) {
    const t = inp.target;
    columns.push({
      name: t.name,
      type: 'categorical',
      role: 'target',
      count: t.acc.count,
      missing: t.missing,
      missing_pct: pctOf(t.missing, rows),
      distinct: t.classes.length,
      distinct_is_lower_bound: false,
      categorical: categoricalStats(t.acc),
    });
  }
  if (inp.columnOrder) {
    const pos = new Map(inp.columnOrder.map((n, i) => [n, i] as const));
    columns.sort((a, b) => (pos.get(a.name) ?? Infinity) - (pos.get(b.name) ?? Infinity));
  }
  const missingCells = columns.reduce((s, c) => s + c.missing, 0);
  const cells = rows * columns.length;

  const target = inp.target
    ? {
        name: inp.target.name,
        classes: inp.target.classes,
        counts: inp.target.counts,
        missing: inp.target.missing,
        relations: rankRelations(
          inp.columns.map((c) => (c.kind === 'numeric' ? numericRelation(c.name, c.acc, c.remap) : categoricalRelation(c.name, c.acc, c.remap))),
        ),
      }
    : null;

  const vsTarget = inp.target
    ? inp.columns
        .filter((c) => c.acc.missing > 0)
        .map((c) => {
          const missingCounts = c.remap(c.acc.missingByClass);
          const presentCounts = inp.target!.counts.map((n, k) => n - missingCounts[k]);
          return { column: c.name, missing_counts: missingCounts, present_counts: presentCounts, cramers_v: cramersV([missingCounts, presentCounts]) };
        })
    : [];

  const withoutWarnings: Omit<DataProfile, 'warnings'> = {
    format: PROFILE_FORMAT,
    format_version: PROFILE_FORMAT_VERSION,
    source: inp.source,
    overview: {
      rows,
      columns: columns.length,
      duplicate_ids: inp.id ? inp.id.duplicates : null,
      duplicate_rows: inp.duplicateRows,
      memory_bytes: inp.memoryBytes,
      missing_cells: missingCells,
      missing_cells_pct: pctOf(missingCells, cells),
    },
    columns,
    target,
    missingness: {
      missing_cells: missingCells,
      rows_with_missing: inp.missingness.rowsWithMissing,
      patterns: inp.missingness.patterns.slice(0, 20),
      together: inp.missingness.together,
      vs_target: vsTarget,
    },
    correlations: inp.correlation,
    drift: null,
  };
  return { ...withoutWarnings, warnings: profileWarnings(withoutWarnings) };
}
