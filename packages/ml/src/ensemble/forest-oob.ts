import type { Matrix } from '../core/types.js';
import type { CompactTree } from '../tree/compact-tree.js';
import { drawBootstrap, treeRng, type ForestJob } from './forest-grow.js';

export interface OobResult {
  /** n × k: mean probabilities of the trees that left each row out (0 where none did). */
  readonly decision: Float64Array;
  /** Accuracy of argmax(decision) (sklearn's oob_score_). */
  readonly score: number;
  readonly rowsWithoutOob: number;
}

/**
 * sklearn's _compute_oob_predictions: each tree predicts the rows its bootstrap never drew (redrawn
 * from the tree's seed, so workers need not send them back), probabilities are summed per row and
 * divided by the number of such trees (by 1 where there were none, as sklearn, leaving zeros).
 */
export function computeOob(job: ForestJob, trees: readonly CompactTree[], X: Matrix, y: Int32Array): OobResult {
  const { nRows: n, nCols: d, data } = X;
  const k = job.data.nClasses;
  const decision = new Float64Array(n * k);
  const nPred = new Int32Array(n);
  const counts = new Float64Array(n);
  trees.forEach((tree, index) => {
    drawBootstrap(job, treeRng(job, index), counts);
    const proba = tree.proba;
    for (let i = 0; i < n; i++) {
      if (counts[i] !== 0) continue;
      const leaf = tree.leafOf(data, i * d) * k;
      for (let c = 0; c < k; c++) decision[i * k + c] += proba[leaf + c];
      nPred[i]++;
    }
  });
  let rowsWithoutOob = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let m = nPred[i];
    if (m === 0) {
      rowsWithoutOob++;
      m = 1;
    }
    let best = 0;
    for (let c = 0; c < k; c++) {
      decision[i * k + c] /= m;
      if (decision[i * k + c] > decision[i * k + best]) best = c;
    }
    if (best === y[i]) correct++;
  }
  return { decision, score: correct / n, rowsWithoutOob };
}
