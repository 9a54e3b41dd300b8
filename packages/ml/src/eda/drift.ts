import type { CategoricalAccumulator } from './categorical-acc.js';
import type { NumericAccumulator } from './numeric-acc.js';
import { MISSING_GROUP } from './relation.js';
import { quantile } from './stats.js';
import type { DriftFeature, DriftProfile } from './types.js';

/** PSI above this is a moderate shift, above MAJOR_PSI a major one (the usual credit-scoring thresholds). */
export const MODERATE_PSI = 0.1;
export const MAJOR_PSI = 0.25;
/** Empty bins get this share instead of 0 so the logarithm stays finite (a common PSI convention). */
export const PSI_FLOOR = 1e-4;

export type DriftColumn = { name: string; kind: 'numeric'; acc: NumericAccumulator } | { name: string; kind: 'categorical'; acc: CategoricalAccumulator };

/** Population stability index Σ (c − r)·ln(c / r) over bins, shares floored at PSI_FLOOR. */
export function psi(reference: readonly number[], current: readonly number[]): number {
  const rt = reference.reduce((a, b) => a + b, 0);
  const ct = current.reduce((a, b) => a + b, 0);
  let s = 0;
  for (let k = 0; k < reference.length; k++) {
    const r = Math.max(rt > 0 ? reference[k] / rt : 0, PSI_FLOOR);
    const c = Math.max(ct > 0 ? current[k] / ct : 0, PSI_FLOOR);
    s += (c - r) * Math.log(c / r);
  }
  return s;
}

function flag(x: number): DriftFeature['flag'] {
  return x > MAJOR_PSI ? 'major' : x > MODERATE_PSI ? 'moderate' : 'stable';
}

/** Bins of a numeric feature: 10 quantile bins of the reference (its deciles, repeated edges dropped), open at both ends. */
function numericBins(ref: NumericAccumulator, cur: NumericAccumulator): DriftFeature['bins'] {
  const rd = ref.distribution();
  const cd = cur.distribution();
  const edges: number[] = [];
  for (let i = 1; i < 10; i++) {
    const q = quantile(rd, i / 10);
    if (q !== null && (edges.length === 0 || q !== edges[edges.length - 1])) edges.push(q);
  }
  // Sampled columns are scaled back to their real counts (shares are what matter).
  const count = (d: typeof rd, acc: NumericAccumulator): number[] => {
    const scale = d.total > 0 ? acc.count / d.total : 0;
    const out = new Array<number>(edges.length + 1).fill(0);
    for (let k = 0; k < d.values.length; k++) {
      let b = 0;
      while (b < edges.length && d.values[k] > edges[b]) b++;
      out[b] += d.counts[k] * scale;
    }
    return out;
  };
  const r = count(rd, ref);
  const c = count(cd, cur);
  const labels = r.map((_, b) => (b === 0 ? `≤ ${edges[0] ?? '∞'}` : b === edges.length ? `> ${edges[b - 1]}` : `(${edges[b - 1]}, ${edges[b]}]`));
  const bins = labels.map((label, b) => ({ label, reference: r[b], current: c[b] }));
  if (ref.missing > 0 || cur.missing > 0) bins.push({ label: MISSING_GROUP, reference: ref.missing, current: cur.missing });
  return bins;
}

/** Bins of a categorical feature: every category of either file, missing as its own bin. */
function categoricalBins(ref: CategoricalAccumulator, cur: CategoricalAccumulator): DriftFeature['bins'] {
  const labels = ref.sorted().map((c) => c.value);
  const known = new Set(labels);
  for (const c of cur.sorted()) if (!known.has(c.value)) labels.push(c.value);
  const bins = labels.map((label) => ({ label, reference: ref.counts.get(label)?.n ?? 0, current: cur.counts.get(label)?.n ?? 0 }));
  if (ref.missing > 0 || cur.missing > 0) bins.push({ label: MISSING_GROUP, reference: ref.missing, current: cur.missing });
  return bins;
}

/** PSI per feature present in both, with the same type, in the reference's column order. */
export function driftBetween(
  reference: { source: string; rows: number; columns: readonly DriftColumn[] },
  current: { source: string; rows: number; columns: readonly DriftColumn[] },
): DriftProfile {
  const byName = new Map(current.columns.map((c) => [c.name, c] as const));
  const features: DriftFeature[] = [];
  for (const r of reference.columns) {
    const c = byName.get(r.name);
    if (!c || c.kind !== r.kind) continue;
    const bins = r.kind === 'numeric' ? numericBins(r.acc, (c as typeof r).acc) : categoricalBins(r.acc, (c as typeof r).acc);
    const value = psi(
      bins.map((b) => b.reference),
      bins.map((b) => b.current),
    );
    features.push({ feature: r.name, psi: value, flag: flag(value), bins });
  }
  return { reference: reference.source, current: current.source, reference_rows: reference.rows, current_rows: current.rows, features };
}
