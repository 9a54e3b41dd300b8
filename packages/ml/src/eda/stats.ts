/**
 * Order statistics over a column summarised as sorted distinct values with counts, so the same code serves a
 * whole frame and a streamed file. Interpolation is numpy's/pandas' "linear" (numpy's _lerp, bit for bit).
 */
export const QUANTILE_LEVELS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99] as const;

export interface WeightedValues {
  /** Distinct values, ascending. */
  readonly values: Float64Array;
  /** How many times each value occurs (> 0). */
  readonly counts: Float64Array;
  readonly total: number;
}

/** The value at 0-based rank r of the sorted multiset. */
function valueAtRank(w: WeightedValues, r: number, start: { k: number; cum: number }): number {
  while (start.cum + w.counts[start.k] <= r) {
    start.cum += w.counts[start.k];
    start.k++;
  }
  return w.values[start.k];
}

/** numpy's _lerp: the form that is exact at both ends. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** pandas Series.quantile(q) (linear interpolation) of the multiset; null when empty. */
export function quantile(w: WeightedValues, q: number): number | null {
  if (w.total === 0) return null;
  // pandas passes q·100 to np.percentile, which divides by 100 again: the level can move by one ulp.
  const pos = (w.total - 1) * ((q * 100) / 100);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, w.total - 1);
  const cursor = { k: 0, cum: 0 };
  const a = valueAtRank(w, lo, cursor);
  const b = valueAtRank(w, hi, cursor);
  return lerp(a, b, pos - lo);
}

/**
 * numpy.histogram(x, bins) with equal-width bins over [min, max] (the last bin closed). A constant column
 * gets numpy's range (v − 0.5, v + 0.5).
 */
export function histogram(w: WeightedValues, nBins: number): { edges: number[]; counts: number[] } {
  if (w.total === 0) return { edges: [], counts: [] };
  let first = w.values[0];
  let last = w.values[w.values.length - 1];
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const edges: number[] = [];
  const step = (last - first) / nBins;
  // np.linspace: start + i * step, with the last edge set exactly to stop.
  for (let i = 0; i <= nBins; i++) edges.push(i === nBins ? last : first + i * step);
  const counts = new Array<number>(nBins).fill(0);
  const norm = nBins / (last - first);
  for (let k = 0; k < w.values.length; k++) {
    const x = w.values[k];
    let i = Math.floor((x - first) * norm);
    if (i >= nBins) i = nBins - 1;
    if (i < 0) i = 0;
    // numpy corrects the floor against the actual edges, so values on an edge land as searchsorted says.
    if (x < edges[i]) i--;
    else if (i < nBins - 1 && x >= edges[i + 1]) i++;
    counts[i] += w.counts[k];
  }
  return { edges, counts };
}

/**
 * pandas.qcut(x, 10, duplicates='drop') bin edges: the deciles with repeated edges removed. Values are
 * assigned by `binIndex` as pandas.cut(include_lowest=True) does.
 */
export function decileEdges(w: WeightedValues): number[] {
  const edges: number[] = [];
  for (let i = 0; i <= 10; i++) {
    // np.linspace(0, 1, 11) as qcut uses it: i * 0.1 (so the 7th level is 0.6000000000000001, not 0.6).
    const q = quantile(w, i === 10 ? 1 : i * 0.1);
    if (q !== null && (edges.length === 0 || q !== edges[edges.length - 1])) edges.push(q);
  }
  return edges;
}

/** Bin of x for edges e0 < … < em: (e_{k}, e_{k+1}] with e0 itself in the first bin; -1 when outside. */
export function binIndex(edges: readonly number[], x: number): number {
  if (edges.length === 0) return -1;
  if (edges.length === 1) return x === edges[0] ? 0 : -1;
  if (x === edges[0]) return 0;
  // number of edges strictly below x (searchsorted side='left')
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0 || lo === edges.length) return -1;
  return lo - 1;
}

/** Bin labels as pandas prints intervals, e.g. "(18.0, 25.0]" — here in shortest JS form: "(18, 25]". */
export function binLabels(edges: readonly number[]): string[] {
  if (edges.length === 1) return [`[${fmtEdge(edges[0])}]`];
  const out: string[] = [];
  for (let k = 0; k + 1 < edges.length; k++) out.push(`${k === 0 ? '[' : '('}${fmtEdge(edges[k])}, ${fmtEdge(edges[k + 1])}]`);
  return out;
}

function fmtEdge(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
