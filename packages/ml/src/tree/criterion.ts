import { GINI } from './params.js';

/**
 * sklearn's ClassificationCriterion formulas (Gini, and entropy in bits), written operation for
 * operation as sklearn's _criterion.pyx so that split choices, which compare these floating-point
 * values, tie and break ties the same way.
 */

/** numpy.finfo(np.double).eps: sklearn's tolerance for "pure node" and for min_impurity_decrease. */
export const EPSILON = 2.220446049250313e-16;

/** sklearn's FEATURE_THRESHOLD: values closer than this are one value to the splitter. */
export const FEATURE_THRESHOLD = 1e-7;

/** sklearn's `log`, base 2 (ln(x) / ln(2)). */
export function log2(x: number): number {
  return Math.log(x) / Math.LN2;
}

/** Impurity of a node from its weighted class counts `sums[offset .. offset + k)` totalling `w`. */
export function nodeImpurity(criterion: number, sums: ArrayLike<number>, offset: number, k: number, w: number): number {
  if (criterion === GINI) {
    let sq = 0;
    for (let c = 0; c < k; c++) {
      const v = sums[offset + c];
      sq += v * v;
    }
    return 1.0 - sq / (w * w);
  }
  let entropy = 0;
  for (let c = 0; c < k; c++) {
    let v = sums[offset + c];
    if (v > 0.0) {
      v /= w;
      entropy -= v * log2(v);
    }
  }
  return entropy;
}
