import { cramersV, mutualInfo } from './association.js';
import type { CategoricalAccumulator } from './categorical-acc.js';
import type { NumericAccumulator } from './numeric-acc.js';
import { binIndex, binLabels, decileEdges } from './stats.js';
import type { TargetRelation } from './types.js';

/** Groups listed in the profile per feature (the statistics use every group). */
export const MAX_LISTED_GROUPS = 30;
export const MISSING_GROUP = '(missing)';

type Remap = (byClass: readonly number[]) => number[];
type Unranked = Omit<TargetRelation, 'rank'>;

function relation(feature: string, grouping: TargetRelation['grouping'], groups: { label: string; counts: number[] }[]): Unranked {
  const table = groups.map((g) => g.counts);
  let listed = groups;
  if (groups.length > MAX_LISTED_GROUPS) {
    const rest = groups.slice(MAX_LISTED_GROUPS - 1);
    const other = rest[0].counts.map((_, c) => rest.reduce((s, g) => s + g.counts[c], 0));
    listed = [...groups.slice(0, MAX_LISTED_GROUPS - 1), { label: '(other)', counts: other }];
  }
  return { feature, grouping, cramers_v: cramersV(table), mutual_info: mutualInfo(table), groups: listed };
}

/** A categorical feature against the target: one group per category, missing values as their own group. */
export function categoricalRelation(name: string, acc: CategoricalAccumulator, remap: Remap): Unranked {
  const groups = acc.sorted().map((c) => ({ label: c.value, counts: remap(c.byClass) }));
  if (acc.missing > 0) groups.push({ label: MISSING_GROUP, counts: remap(acc.missingByClass) });
  return relation(name, 'categories', groups);
}

/**
 * A numeric feature against the target, binned first into deciles (pandas qcut(x, 10, duplicates='drop')),
 * missing values as their own group. Mutual information of binned values, not of the raw numbers.
 */
export function numericRelation(name: string, acc: NumericAccumulator, remap: Remap): Unranked {
  const dist = acc.distribution();
  const edges = decileEdges(dist);
  const labels = binLabels(edges);
  const groups = labels.map((label) => ({ label, counts: remap([]) }));
  for (let k = 0; k < dist.values.length; k++) {
    const b = binIndex(edges, dist.values[k]);
    const counts = remap(dist.byClass[k]);
    for (let c = 0; c < counts.length; c++) groups[b].counts[c] += counts[c];
  }
  if (acc.missing > 0) groups.push({ label: MISSING_GROUP, counts: remap(acc.missingByClass) });
  return relation(name, 'deciles', groups);
}

/** Ranks by Cramér's V (strongest first), ties by mutual information then name. */
export function rankRelations(rels: Unranked[]): TargetRelation[] {
  return [...rels]
    .sort((a, b) => b.cramers_v - a.cramers_v || b.mutual_info - a.mutual_info || (a.feature < b.feature ? -1 : 1))
    .map((r, i) => ({ ...r, rank: i + 1 }));
}
