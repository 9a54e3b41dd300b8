import { UserError } from '../core/errors.js';
import { argmaxRows } from '../core/types.js';
import { accuracyScore } from '../metrics/accuracy.js';
import { logLoss } from '../metrics/logLoss.js';
import { npMean } from '../metrics/numeric.js';
import { precisionRecallFscoreSupport } from '../metrics/prf.js';
import { checkPair, classCount } from '../metrics/validate.js';

/** The scikit-learn scorer names a search or an importance can be asked for. Greater is better for all. */
export const SCORING_NAMES = ['accuracy', 'neg_log_loss', 'f1_macro', 'balanced_accuracy'] as const;
export type ScoringName = (typeof SCORING_NAMES)[number];

/** Scores n × k probabilities (columns in `classes` order) against true class indices; greater is better. */
export interface Scorer {
  readonly name: string;
  score(yTrue: Int32Array, proba: Float64Array, classes: readonly string[]): number;
}

function predicted(yTrue: Int32Array, proba: Float64Array, classes: readonly string[]): Int32Array {
  return argmaxRows(proba, yTrue.length, classes.length);
}

const SCORERS: Record<ScoringName, Scorer> = {
  accuracy: { name: 'accuracy', score: (y, p, c) => accuracyScore(y, predicted(y, p, c)) },
  // Every class is a label, so a fold missing a class still scores (sklearn's scorer would raise there).
  neg_log_loss: { name: 'neg_log_loss', score: (y, p, c) => -logLoss(y, p, c) },
  f1_macro: { name: 'f1_macro', score: (y, p, c) => precisionRecallFscoreSupport(y, predicted(y, p, c), c).macro.fscore },
  balanced_accuracy: { name: 'balanced_accuracy', score: (y, p, c) => balancedAccuracyScore(y, predicted(y, p, c), c) },
};

export function getScorer(scoring: ScoringName | Scorer = 'accuracy'): Scorer {
  if (typeof scoring === 'string') {
    const s = (SCORERS as Record<string, Scorer | undefined>)[scoring];
    if (!s || !Object.hasOwn(SCORERS, scoring)) throw new UserError(`unknown scoring "${scoring}": expected one of ${SCORING_NAMES.join(', ')}`);
    return s;
  }
  if (typeof scoring !== 'object' || scoring === null || typeof scoring.score !== 'function' || typeof scoring.name !== 'string') {
    throw new UserError(`scoring must be one of ${SCORING_NAMES.join(', ')} or a {name, score} scorer`);
  }
  return scoring;
}

/**
 * scikit-learn 1.2's balanced_accuracy_score (adjusted=False): the mean recall of the classes present in
 * yTrue. A class only predicted has no recall; sklearn drops it (with a warning) and so do we.
 */
export function balancedAccuracyScore(yTrue: Int32Array, yPred: Int32Array, classes: readonly string[]): number {
  const k = classCount(classes);
  checkPair(yTrue, yPred, k);
  const support = new Float64Array(k);
  const hits = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    support[yTrue[i]]++;
    if (yTrue[i] === yPred[i]) hits[yTrue[i]]++;
  }
  const recalls: number[] = [];
  for (let c = 0; c < k; c++) if (support[c] > 0) recalls.push(hits[c] / support[c]);
  return npMean(recalls);
}
