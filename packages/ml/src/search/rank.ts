/**
 * cv_results_' rank_test_score as scikit-learn 1.2 computes it: rankdata(-means, method='min'), so tied
 * candidates share the best rank of their group and the next rank skips. NaN means (failed fits) are first
 * replaced by nanmin(means) - 1, tying them with each other below every real score; all NaN gives all 1.
 */
export function rankTestScores(means: ArrayLike<number>): number[] {
  const n = means.length;
  let min = Infinity;
  let anyReal = false;
  for (let i = 0; i < n; i++) {
    const v = means[i];
    if (v === v) {
      anyReal = true;
      if (v < min) min = v;
    }
  }
  if (!anyReal) return new Array<number>(n).fill(1);
  const filled = Float64Array.from({ length: n }, (_, i) => (means[i] === means[i] ? means[i] : min - 1));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => filled[b] - filled[a] || a - b);
  const rank = new Array<number>(n);
  for (let p = 0; p < n; p++) {
    const i = order[p];
    rank[i] = p > 0 && filled[order[p - 1]] === filled[i] ? rank[order[p - 1]] : p + 1;
  }
  return rank;
}
