export { accuracyScore, type AccuracyOptions } from './accuracy.js';
export { confusionMatrix, type ConfusionOptions } from './confusion.js';
export {
  precisionRecallFscoreSupport,
  presentLabels,
  type PrfOptions,
  type PrfResult,
  type PrfAverage,
  type ZeroDivision,
} from './prf.js';
export { logLoss, type LogLossOptions } from './logLoss.js';
export { rocAucScore, rocCurve, binaryRocAuc, UndefinedRocAucError, type RocAucOptions, type RocCurve } from './roc.js';
export { classificationReport, classificationReportDict, type ReportOptions, type ReportDict, type ReportRow } from './report.js';
export { evaluateClassification, type ClassificationEvaluation, type ClassScores } from './evaluate.js';
export { npSum, npMean, npStd, npAverage, npTrapz } from './numeric.js';
