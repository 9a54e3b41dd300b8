import type { DataProfile } from './types.js';

/** A feature whose Cramér's V with the target is below this is called unrelated in the warnings. */
export const WEAK_RELATION = 0.05;
/** A column missing in more than this share of rows is worth a warning. */
export const MISSING_WARN_PCT = 5;

function pct(x: number): string {
  return `${Number(x.toFixed(1))}%`;
}

/** Plain-words findings a reader should see before training, in a fixed order (no randomness, no timing). */
export function profileWarnings(p: Omit<DataProfile, 'warnings'>): string[] {
  const w: string[] = [];
  if (p.overview.rows === 0) w.push('The file has no data rows.');
  if (p.overview.duplicate_ids) w.push(`${p.overview.duplicate_ids} rows repeat an ID already seen.`);
  if (p.overview.duplicate_rows > 0) w.push(`${p.overview.duplicate_rows} rows are exact duplicates of an earlier row (ID aside).`);
  for (const c of p.columns) {
    if (c.role === 'id') continue;
    if (p.overview.rows > 0 && c.missing === p.overview.rows) w.push(`${c.name} is missing in every row.`);
    else if (c.missing_pct > MISSING_WARN_PCT) w.push(`${c.name} is missing in ${pct(c.missing_pct)} of rows.`);
    else if (c.missing > 0) w.push(`${c.name} has ${c.missing} missing value${c.missing > 1 ? 's' : ''} (${pct(c.missing_pct)}).`);
    if (c.count > 0 && c.distinct === 1) w.push(`${c.name} is constant (every present value is the same): it cannot help a model.`);
    if (c.categorical && c.categorical.rare_labels.length > 0 && c.role === 'feature') {
      const n = c.categorical.rare_labels.length;
      w.push(`${c.name} has ${n} rare label${n > 1 ? 's' : ''} (under 5% of rows each): ${c.categorical.rare_labels.join(', ')}.`);
    }
    if (c.categorical && c.role === 'feature' && c.count > 0 && c.distinct > 50 && c.distinct > c.count / 2) {
      w.push(`${c.name} has ${c.distinct} distinct values in ${c.count} rows: probably an identifier, not a feature.`);
    }
    const o = c.numeric?.outliers;
    if (o && o.low + o.high > 0) w.push(`${c.name} has ${o.low + o.high} outlier${o.low + o.high > 1 ? 's' : ''} by the IQR rule (outside ${o.lower_fence} to ${o.upper_fence}).`);
  }
  if (p.target) {
    const t = p.target;
    const total = t.counts.reduce((a, b) => a + b, 0);
    if (t.missing > 0) w.push(`The target ${t.name} is empty in ${t.missing} rows.`);
    if (t.classes.length === 1) w.push(`The target ${t.name} has a single class (${t.classes[0]}): nothing to learn.`);
    else if (t.classes.length > 1 && total > 0) {
      const min = Math.min(...t.counts);
      const max = Math.max(...t.counts);
      if (max >= 3 * min) w.push(`Classes are imbalanced: the largest is ${(max / min).toFixed(1)} times the smallest.`);
    }
    for (const r of t.relations) if (r.cramers_v < WEAK_RELATION) w.push(`${r.feature} shows almost no relation to ${t.name} (Cramér's V ${r.cramers_v.toFixed(3)}).`);
  } else {
    w.push('No target column: the class balance and the relations to the target are not shown.');
  }
  for (const m of p.missingness.vs_target) {
    if (m.cramers_v >= 0.1) w.push(`Whether ${m.column} is missing relates to the target (Cramér's V ${m.cramers_v.toFixed(3)}): missingness itself carries signal.`);
  }
  if (p.drift) {
    for (const f of p.drift.features) {
      if (f.flag !== 'stable') w.push(`${f.feature} has ${f.flag === 'major' ? 'shifted a lot' : 'shifted'} between ${p.drift.reference} and ${p.drift.current} (PSI ${f.psi.toFixed(3)}).`);
    }
  }
  return w;
}
