import { ModelFormatError } from '../core/errors.js';
import type { ProfileAccumulator } from '../eda/accumulator.js';
import { MAJOR_PSI, MODERATE_PSI, psi, type DriftColumn } from '../eda/drift.js';
import { withDrift } from '../eda/profile.js';
import { MISSING_GROUP } from '../eda/relation.js';
import { PROFILE_FORMAT, PROFILE_FORMAT_VERSION, type ColumnProfile, type DataProfile, type DriftFeature, type DriftProfile } from '../eda/types.js';

// The training profile a model carries (metadata.training_profile): the DataProfile of its training data, as
// `custseg eda` computes it, so that whoever serves the model can compare other data with what it learnt from.

/** Share of the training values a numeric drift bin holds at least (about ten bins per feature, like deciles). */
export const DRIFT_BIN_SHARE = 0.1;

function flag(x: number): DriftFeature['flag'] {
  return x > MAJOR_PSI ? 'major' : x > MODERATE_PSI ? 'moderate' : 'stable';
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/**
 * Cut points of a numeric feature's drift bins, from the training profile alone: the edges of its histogram
 * (equal-width, numpy's), adjacent bins merged until each holds at least DRIFT_BIN_SHARE of the training values
 * (a last bin left with under half that joins the one before). Bins are [cut_k, cut_k+1), open at both ends.
 */
export function numericDriftCuts(hist: readonly { lo: number; hi: number; count: number }[]): { cuts: number[]; counts: number[] } {
  const total = hist.reduce((s, b) => s + b.count, 0);
  const cuts: number[] = [];
  const counts: number[] = [];
  let acc = 0;
  for (let i = 0; i < hist.length; i++) {
    acc += hist[i].count;
    if (i < hist.length - 1 && acc >= DRIFT_BIN_SHARE * total) {
      cuts.push(hist[i].hi);
      counts.push(acc);
      acc = 0;
    }
  }
  counts.push(acc);
  if (counts.length > 1 && counts[counts.length - 1] < (DRIFT_BIN_SHARE / 2) * total) {
    const last = counts.pop()!;
    counts[counts.length - 1] += last;
    cuts.pop();
  }
  return { cuts, counts };
}

/** Index of the bin of x: the number of cut points at or below it. */
function binOf(cuts: readonly number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function numericBins(ref: ColumnProfile, cur: Extract<DriftColumn, { kind: 'numeric' }>): DriftFeature['bins'] {
  const { cuts, counts } = numericDriftCuts(ref.numeric?.histogram ?? []);
  const d = cur.acc.distribution();
  // a sampled column's values are scaled back to its real count (shares are what matter)
  const scale = d.total > 0 ? cur.acc.count / d.total : 0;
  const current = new Array<number>(counts.length).fill(0);
  for (let k = 0; k < d.values.length; k++) current[binOf(cuts, d.values[k])] += d.counts[k] * scale;
  const label = (b: number): string =>
    cuts.length === 0 ? 'all values' : b === 0 ? `< ${fmt(cuts[0])}` : b === cuts.length ? `≥ ${fmt(cuts[b - 1])}` : `[${fmt(cuts[b - 1])}, ${fmt(cuts[b])})`;
  const bins = counts.map((reference, b) => ({ label: label(b), reference, current: current[b] }));
  if (ref.missing > 0 || cur.acc.missing > 0) bins.push({ label: MISSING_GROUP, reference: ref.missing, current: cur.acc.missing });
  return bins;
}

/** Every category of either side (the training profile's order first), missing values as their own bin. */
function categoricalBins(ref: ColumnProfile, cur: Extract<DriftColumn, { kind: 'categorical' }>): DriftFeature['bins'] {
  const freqs = ref.categorical?.frequencies ?? [];
  const labels = freqs.map((f) => f.value);
  const known = new Set(labels);
  for (const c of cur.acc.sorted()) if (!known.has(c.value)) labels.push(c.value);
  const refCount = new Map(freqs.map((f) => [f.value, f.count] as const));
  const bins = labels.map((label) => ({ label, reference: refCount.get(label) ?? 0, current: cur.acc.counts.get(label)?.n ?? 0 }));
  if (ref.missing > 0 || cur.acc.missing > 0) bins.push({ label: MISSING_GROUP, reference: ref.missing, current: cur.acc.missing });
  return bins;
}

/**
 * PSI per feature of `current` (streamed data) against a stored training profile, for every feature present in
 * both with the same type, in the training profile's column order. Categorical features are binned as
 * `custseg eda --compare` does (one bin per category); numeric ones on the training histogram's edges merged into
 * bins of at least 10% of the training values (see numericDriftCuts), since a profile keeps no raw values.
 */
export function driftAgainstProfile(reference: DataProfile, current: ProfileAccumulator, names?: { reference?: string; current?: string }): DriftProfile {
  const input = current.driftInput();
  const byName = new Map(input.columns.map((c) => [c.name, c] as const));
  const features: DriftFeature[] = [];
  for (const r of reference.columns) {
    if (r.role !== 'feature') continue;
    const c = byName.get(r.name);
    if (!c || c.kind !== r.type) continue;
    const bins = c.kind === 'numeric' ? numericBins(r, c) : categoricalBins(r, c);
    const value = psi(
      bins.map((b) => b.reference),
      bins.map((b) => b.current),
    );
    features.push({ feature: r.name, psi: value, flag: flag(value), bins });
  }
  return {
    reference: names?.reference ?? reference.source,
    current: names?.current ?? input.source,
    reference_rows: reference.overview.rows,
    current_rows: input.rows,
    features,
  };
}

/** The profile of `current` with its drift against the training profile (and the warnings that brings). */
export function profileWithTrainingDrift(current: ProfileAccumulator, training: DataProfile, names?: { reference?: string; current?: string }): DataProfile {
  return withDrift(current.finish(), driftAgainstProfile(training, current, names));
}

/** Checks the shape of a stored training profile (a model file is input like any other); throws ModelFormatError. */
export function validateTrainingProfile(x: unknown, label: string): DataProfile {
  const bad = (what: string): never => {
    throw new ModelFormatError(`${label}: invalid training_profile: ${what}`);
  };
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isNum = (v: unknown): v is number => typeof v === 'number';
  const isNumOrNull = (v: unknown) => v === null || isNum(v);
  const isStrArray = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (!isObj(x)) return bad('expected an object');
  if (x.format !== PROFILE_FORMAT) bad(`format is ${JSON.stringify(x.format ?? null)}, expected "${PROFILE_FORMAT}"`);
  if (x.format_version !== PROFILE_FORMAT_VERSION) bad(`format version ${String(x.format_version)} is not supported (this custseg reads version ${PROFILE_FORMAT_VERSION})`);
  if (typeof x.source !== 'string') bad('source must be a string');
  const o = x.overview;
  if (!isObj(o) || !['rows', 'columns', 'duplicate_rows', 'memory_bytes', 'missing_cells', 'missing_cells_pct'].every((k) => isNum(o[k])) || !isNumOrNull(o.duplicate_ids)) {
    bad('overview needs rows, columns, duplicate_ids, duplicate_rows, memory_bytes, missing_cells and missing_cells_pct');
  }
  if (!Array.isArray(x.columns)) return bad('columns must be an array');
  for (const c of x.columns as unknown[]) {
    if (!isObj(c) || typeof c.name !== 'string') return bad('each column needs a name');
    const name = c.name;
    if (c.type !== 'numeric' && c.type !== 'categorical') bad(`column ${name} has an unknown type`);
    if (c.role !== 'feature' && c.role !== 'id' && c.role !== 'target') bad(`column ${name} has an unknown role`);
    if (!['count', 'missing', 'missing_pct', 'distinct'].every((k) => isNum(c[k])) || typeof c.distinct_is_lower_bound !== 'boolean') bad(`column ${name} needs its counts`);
    if (c.numeric !== undefined) {
      const n = c.numeric;
      if (!isObj(n) || !['min', 'max', 'mean', 'std', 'median'].every((k) => isNumOrNull(n[k])) || !isObj(n.quantiles) || !isObj(n.outliers)) bad(`column ${name} has malformed numeric statistics`);
      const h = (n as Record<string, unknown>).histogram;
      if (!Array.isArray(h) || !h.every((b) => isObj(b) && isNum(b.lo) && isNum(b.hi) && isNum(b.count))) bad(`column ${name} has a malformed histogram`);
    }
    if (c.categorical !== undefined) {
      const k = c.categorical;
      const f = isObj(k) ? k.frequencies : undefined;
      if (!Array.isArray(f) || !f.every((e) => isObj(e) && typeof e.value === 'string' && isNum(e.count) && isNum(e.share))) bad(`column ${name} has malformed category frequencies`);
      if (!isStrArray((k as Record<string, unknown>).rare_labels)) bad(`column ${name} has malformed rare labels`);
    }
  }
  const t = x.target;
  if (t !== null) {
    if (!isObj(t) || typeof t.name !== 'string' || !isStrArray(t.classes) || !Array.isArray(t.counts) || !Array.isArray(t.relations)) {
      bad('target must be null or have a name, classes, counts and relations');
    }
  }
  const m = x.missingness;
  if (!isObj(m) || !Array.isArray(m.patterns) || !Array.isArray(m.together) || !Array.isArray(m.vs_target)) bad('missingness needs patterns, together and vs_target');
  const r = x.correlations;
  if (!isObj(r) || !isStrArray(r.columns) || !Array.isArray(r.matrix)) bad('correlations need columns and a matrix');
  if (x.drift !== null && !isObj(x.drift)) bad('drift must be null or an object');
  if (!isStrArray(x.warnings)) bad('warnings must be strings');
  return x as unknown as DataProfile;
}
