import { argmaxRows } from '../core/types.js';
import { UserError } from '../core/errors.js';
import { checkCodes, checkProba, classCount } from './validate.js';
import { accuracyScore } from './accuracy.js';
import { confusionMatrix } from './confusion.js';
import { precisionRecallFscoreSupport } from './prf.js';
import { logLoss } from './logLoss.js';
import { rocAucScore } from './roc.js';

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationEvaluation {
  accuracy: number;
  /** Over the classes present in yTrue or the predictions, as scikit-learn's f1_score(average='macro'). */
  macro_f1: number;
  weighted_f1: number;
  /** With all classes as labels, so it is defined even when a class is missing from yTrue. */
  log_loss: number;
  /** One-vs-rest macro ROC AUC; null when a class never occurs in yTrue (undefined there). */
  roc_auc_ovr: number | null;
  /** Rows = true class, columns = predicted class, in `classes` order. */
  confusion_matrix: number[][];
  /** Every class, including ones absent from the data (all zeros then). */
  per_class: Record<string, ClassScores>;
  n_rows: number;
}

/**
 * The standard scores of a probabilistic classifier on labelled rows; predictions are the argmax
 * of each probability row (the first class on ties, as numpy). Needs at least two classes.
 */
export function evaluateClassification(yTrue: Int32Array, proba: Float64Array, classes: readonly string[]): ClassificationEvaluation {
  const k = classCount(classes);
  if (k < 2) throw new UserError(`evaluation needs at least two classes, got ${k}`);
  checkCodes('yTrue', yTrue, k);
  const n = yTrue.length;
  if (n === 0) throw new UserError('cannot evaluate an empty set of rows');
  checkProba(proba, n, k);
  const yPred = argmaxRows(proba, n, k);

  const averaged = precisionRecallFscoreSupport(yTrue, yPred, classes);
  const all = Int32Array.from({ length: k }, (_, c) => c);
  const each = precisionRecallFscoreSupport(yTrue, yPred, classes, { labels: all });
  const per_class: Record<string, ClassScores> = {};
  for (let c = 0; c < k; c++) {
    per_class[classes[c]] = { precision: each.precision[c], recall: each.recall[c], f1: each.fscore[c], support: each.support[c] };
  }

  const seen = new Uint8Array(k);
  for (let i = 0; i < n; i++) seen[yTrue[i]] = 1;
  const aucDefined = seen.every((s) => s === 1);

  return {
    accuracy: accuracyScore(yTrue, yPred),
    macro_f1: averaged.macro.fscore,
    weighted_f1: averaged.weighted.fscore,
    log_loss: logLoss(yTrue, proba, classes),
    roc_auc_ovr: aucDefined ? rocAucScore(yTrue, proba, classes) : null,
    confusion_matrix: confusionMatrix(yTrue, yPred, classes),
    per_class,
    n_rows: n,
  };
}
