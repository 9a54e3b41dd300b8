import { UserError } from '../core/errors.js';
import { checkPair, classCount } from './validate.js';
import { precisionRecallFscoreSupport, presentLabels, type PrfOptions, type PrfResult } from './prf.js';
import { npSum } from './numeric.js';
import { padLeft, pyFixed, pyFloatRepr } from './pyformat.js';

export interface ReportOptions {
  /** Decimals printed (text version only). Default 2. */
  digits?: number;
  /** Class indices to list; default the classes present in yTrue or yPred, as scikit-learn. */
  labels?: ArrayLike<number>;
  zeroDivision?: PrfOptions['zeroDivision'];
  sampleWeight?: ArrayLike<number>;
}

export interface ReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly 'f1-score': number;
  readonly support: number;
}

/**
 * classification_report(output_dict=True): one row per class name, then 'accuracy' (a number) or
 * 'micro avg', then 'macro avg' and 'weighted avg'.
 */
export type ReportDict = Record<string, ReportRow | number>;

interface ReportParts {
  names: string[];
  perClass: PrfResult;
  /** 'accuracy' when the micro average equals accuracy (all present classes listed), else 'micro avg'. */
  microHeading: 'accuracy' | 'micro avg';
  totalSupport: number;
}

function parts(yTrue: Int32Array, yPred: Int32Array, classes: readonly string[], opts: ReportOptions): ReportParts {
  const k = classCount(classes);
  checkPair(yTrue, yPred, k);
  const perClass = precisionRecallFscoreSupport(yTrue, yPred, classes, {
    labels: opts.labels,
    zeroDivision: opts.zeroDivision,
    sampleWeight: opts.sampleWeight,
  });
  let microIsAccuracy = true;
  if (opts.labels !== undefined) {
    const present = presentLabels(yTrue, yPred, k);
    const given = new Set(perClass.labels);
    microIsAccuracy = present.length === given.size && present.every((c) => given.has(c));
  }
  return {
    names: Array.from(perClass.labels, (c) => String(classes[c])),
    perClass,
    microHeading: microIsAccuracy ? 'accuracy' : 'micro avg',
    totalSupport: npSum(perClass.support),
  };
}

function averages(r: PrfResult): [string, { precision: number; recall: number; fscore: number }][] {
  return [
    ['micro', r.micro],
    ['macro avg', r.macro],
    ['weighted avg', r.weighted],
  ];
}

/**
 * The text scikit-learn 1.2's classification_report prints, character for character (column
 * widths, rounding, the 'accuracy' line). `classes[c]` names class index c.
 */
export function classificationReport(
  yTrue: Int32Array,
  yPred: Int32Array,
  classes: readonly string[],
  opts: ReportOptions = {},
): string {
  const digits = opts.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new UserError(`digits must be an integer in [0, 20], got ${digits}`);
  const { names, perClass, microHeading, totalSupport } = parts(yTrue, yPred, classes, opts);
  // scikit-learn prints supports as Python floats when they are weighted, and also, through a
  // quirk of its zero-true-positive branch, when no row at all is predicted correctly.
  let anyCorrect = false;
  for (let i = 0; i < yTrue.length && !anyCorrect; i++) anyCorrect = yTrue[i] === yPred[i];
  const floatSupport = opts.sampleWeight !== undefined || !anyCorrect;
  const fmtSupport = (s: number): string => (floatSupport ? pyFloatRepr(s) : String(s));
  const fmt = (v: number): string => padLeft(pyFixed(v, digits), 9);

  const nameWidth = Math.max(...names.map((s) => [...s].length));
  const width = Math.max(nameWidth, 'weighted avg'.length, digits);
  const headers = ['precision', 'recall', 'f1-score', 'support'];
  let out = `${padLeft('', width)} ${headers.map((h) => ` ${padLeft(h, 9)}`).join('')}\n\n`;
  for (let j = 0; j < names.length; j++) {
    const cells = [fmt(perClass.precision[j]), fmt(perClass.recall[j]), fmt(perClass.fscore[j]), padLeft(fmtSupport(perClass.support[j]), 9)];
    out += `${padLeft(names[j], width)} ${cells.map((c) => ` ${c}`).join('')}\n`;
  }
  out += '\n';
  for (const [key, avg] of averages(perClass)) {
    const heading = key === 'micro' ? microHeading : key;
    const support = padLeft(fmtSupport(totalSupport), 9);
    const cells =
      heading === 'accuracy'
        ? [padLeft('', 9), padLeft('', 9), fmt(avg.fscore), support]
        : [fmt(avg.precision), fmt(avg.recall), fmt(avg.fscore), support];
    out += `${padLeft(heading, width)} ${cells.map((c) => ` ${c}`).join('')}\n`;
  }
  return out;
}

/** The structured report, as classification_report(..., output_dict=True). */
export function classificationReportDict(
  yTrue: Int32Array,
  yPred: Int32Array,
  classes: readonly string[],
  opts: ReportOptions = {},
): ReportDict {
  const { names, perClass, microHeading, totalSupport } = parts(yTrue, yPred, classes, opts);
  const out: ReportDict = {};
  for (let j = 0; j < names.length; j++) {
    out[names[j]] = {
      precision: perClass.precision[j],
      recall: perClass.recall[j],
      'f1-score': perClass.fscore[j],
      support: perClass.support[j],
    };
  }
  for (const [key, avg] of averages(perClass)) {
    const heading = key === 'micro' ? microHeading : key;
    // scikit-learn keeps only the micro precision under 'accuracy'.
    out[heading] =
      heading === 'accuracy'
        ? avg.precision
        : { precision: avg.precision, recall: avg.recall, 'f1-score': avg.fscore, support: totalSupport };
  }
  return out;
}
