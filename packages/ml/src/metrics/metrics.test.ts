import { describe, it, expect } from 'vitest';
import { UserError } from '../core/errors.js';
import {
  accuracyScore,
  binaryRocAuc,
  classificationReport,
  classificationReportDict,
  confusionMatrix,
  evaluateClassification,
  logLoss,
  precisionRecallFscoreSupport,
  rocAucScore,
  rocCurve,
  UndefinedRocAucError,
} from './index.js';
import { npSum, npStd, npTrapz } from './numeric.js';
import { pyFixed, pyFloatRepr } from './pyformat.js';

const i32 = (a: number[]): Int32Array => Int32Array.from(a);
const f64 = (a: number[]): Float64Array => Float64Array.from(a);

describe('input checks', () => {
  it('rejects mismatched lengths, out-of-range codes, empty input and bad probabilities', () => {
    expect(() => accuracyScore(i32([0, 1]), i32([0]))).toThrow(UserError);
    expect(() => confusionMatrix(i32([0, 2]), i32([0, 1]), ['a', 'b'])).toThrow(/yTrue\[1\] = 2/);
    expect(() => accuracyScore(i32([]), i32([]))).toThrow(/empty/);
    expect(() => logLoss(i32([0]), f64([0.5]), ['a', 'b'])).toThrow(/expected 1 rows × 2 classes/);
    expect(() => logLoss(i32([0]), f64([NaN, 1]), ['a', 'b'])).toThrow(/not finite/);
    expect(() => accuracyScore(i32([0]), i32([0]), { sampleWeight: [-1] })).toThrow(/sampleWeight/);
    expect(() => precisionRecallFscoreSupport(i32([0]), i32([0]), ['a'], { zeroDivision: 2 as never })).toThrow(/zeroDivision/);
    expect(() => precisionRecallFscoreSupport(i32([0]), i32([0]), ['a', 'b'], { labels: [0, 0] })).toThrow(/twice/);
  });

  it('never mutates its inputs', () => {
    const y = i32([0, 1, 1, 0]);
    const p = f64([0, 1, 0.3, 0.7, 1, 0, 0.6, 0.4]);
    const before = [Array.from(y), Array.from(p)];
    evaluateClassification(y, p, ['a', 'b']);
    expect([Array.from(y), Array.from(p)]).toEqual(before);
  });
});

describe('accuracy and confusion matrix', () => {
  it('counts and weights', () => {
    expect(accuracyScore(i32([0, 1, 2, 3]), i32([0, 2, 1, 3]))).toBe(0.5);
    expect(accuracyScore(i32([0, 1, 2, 3]), i32([0, 2, 1, 3]), { normalize: false })).toBe(2);
    expect(accuracyScore(i32([0, 1]), i32([0, 0]), { sampleWeight: [3, 1] })).toBe(0.75);
  });

  it('keeps a class absent from both vectors as a zero row and column', () => {
    expect(confusionMatrix(i32([0, 0, 2]), i32([0, 2, 2]), ['a', 'b', 'c'])).toEqual([
      [1, 0, 1],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(confusionMatrix(i32([0, 0, 2]), i32([0, 2, 2]), ['a', 'b', 'c'], { normalize: 'true' })[1]).toEqual([0, 0, 0]);
  });
});

describe('precision / recall / F', () => {
  it('scikit-learn docstring example (cat/dog/pig)', () => {
    const classes = ['cat', 'dog', 'pig'];
    const y = i32([0, 1, 2, 0, 1, 2]);
    const p = i32([0, 2, 1, 0, 0, 1]);
    const r = precisionRecallFscoreSupport(y, p, classes);
    expect(r.macro.precision).toBeCloseTo(0.2222222, 6);
    expect(r.macro.recall).toBeCloseTo(0.3333333, 6);
    expect(r.macro.fscore).toBeCloseTo(0.2666666, 6);
    expect(r.micro.fscore).toBeCloseTo(0.3333333, 6);
    const ordered = precisionRecallFscoreSupport(y, p, classes, { labels: [2, 1, 0] });
    expect(Array.from(ordered.fscore)).toEqual([0, 0, 0.8]);
    expect(Array.from(ordered.support)).toEqual([2, 2, 2]);
  });

  it('zero division: 0 with a flag and warning text, or the value asked for, never console output', () => {
    const y = i32([0, 1, 0, 1]);
    const p = i32([0, 0, 0, 0]);
    const warn = precisionRecallFscoreSupport(y, p, ['a', 'b']);
    expect(warn.precision[1]).toBe(0);
    expect(warn.undefinedPrecision).toBe(true);
    expect(warn.undefinedRecall).toBe(false);
    expect(warn.warnings).toEqual([
      'Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.',
    ]);
    const one = precisionRecallFscoreSupport(y, p, ['a', 'b'], { zeroDivision: 1 });
    expect(one.precision[1]).toBe(1);
    expect(one.warnings).toEqual([]);
  });

  it('a single class: everything perfect', () => {
    const r = precisionRecallFscoreSupport(i32([0, 0, 0]), i32([0, 0, 0]), ['only']);
    expect([r.macro.precision, r.macro.recall, r.macro.fscore, r.weighted.fscore]).toEqual([1, 1, 1, 1]);
  });

  it('beta weights recall', () => {
    const y = i32([0, 0, 1, 1]);
    const p = i32([0, 1, 1, 1]);
    const f2 = precisionRecallFscoreSupport(y, p, ['a', 'b'], { beta: 2 });
    // class b: precision 2/3, recall 1 -> F2 = 5 * (2/3) / (4 * 2/3 + 1)
    expect(f2.fscore[1]).toBeCloseTo((5 * (2 / 3)) / ((4 * 2) / 3 + 1), 14);
    expect(Array.from(precisionRecallFscoreSupport(y, p, ['a', 'b'], { beta: Infinity }).fscore)).toEqual([0.5, 1]);
  });
});

describe('log loss', () => {
  it('scikit-learn docstring example', () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616...
    const v = logLoss(i32([1, 0, 0, 1]), f64([0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]), ['ham', 'spam']);
    expect(v).toBeCloseTo(0.21616187468057912, 15);
  });

  it('clips certainty at machine epsilon instead of returning Infinity', () => {
    const v = logLoss(i32([0]), f64([0, 1]), ['a', 'b']);
    expect(v).toBeCloseTo(-Math.log(Number.EPSILON / (Number.EPSILON + 1 - Number.EPSILON)), 12);
    expect(Number.isFinite(v)).toBe(true);
  });

  it('needs two classes, like scikit-learn', () => {
    expect(() => logLoss(i32([0]), f64([1]), ['a'])).toThrow(/at least two labels/);
  });
});

describe('ROC', () => {
  it('scikit-learn roc_curve docstring example', () => {
    const c = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(c.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(c.thresholds)).toEqual([1.8, 0.8, 0.4, 0.35, 0.1]);
    expect(binaryRocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('ties count half, as the trapezoid over distinct thresholds gives', () => {
    expect(binaryRocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(binaryRocAuc([0, 1, 0, 1], [0.2, 0.2, 0.2, 0.9])).toBe(0.75);
  });

  it('two classes use the second column', () => {
    expect(rocAucScore(i32([0, 1, 1]), f64([0.9, 0.1, 0.2, 0.8, 0.6, 0.4]), ['a', 'b'])).toBe(1);
  });

  it('throws a clear error when a class is missing from yTrue', () => {
    const p = f64([0.5, 0.3, 0.2, 0.2, 0.5, 0.3]);
    expect(() => rocAucScore(i32([0, 1]), p, ['a', 'b', 'c'])).toThrow(UndefinedRocAucError);
    expect(() => rocAucScore(i32([0, 0]), f64([0.5, 0.5, 0.4, 0.6]), ['a', 'b'])).toThrow(/Only one class present/);
  });

  it('refuses multiclass scores that are not probabilities', () => {
    expect(() => rocAucScore(i32([0, 1, 2]), f64([1, 1, 1, 0, 1, 0, 0, 0, 1]), ['a', 'b', 'c'])).toThrow(/sum up to 1.0/);
  });
});

describe('classification report', () => {
  it('scikit-learn docstring example, text and dict', () => {
    const y = i32([0, 1, 2, 2, 2]);
    const p = i32([0, 0, 2, 2, 1]);
    const text = classificationReport(y, p, ['class 0', 'class 1', 'class 2']);
    expect(text).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '     class 0       0.50      1.00      0.67         1',
        '     class 1       0.00      0.00      0.00         1',
        '     class 2       1.00      0.67      0.80         3',
        '',
        '    accuracy                           0.60         5',
        '   macro avg       0.50      0.56      0.49         5',
        'weighted avg       0.70      0.60      0.61         5',
        '',
      ].join('\n'),
    );
    const d = classificationReportDict(y, p, ['class 0', 'class 1', 'class 2']);
    expect(d.accuracy).toBe(0.6);
    expect(Object.keys(d)).toEqual(['class 0', 'class 1', 'class 2', 'accuracy', 'macro avg', 'weighted avg']);
  });

  it('says "micro avg" when the listed labels are not all the present ones', () => {
    const text = classificationReport(i32([0, 1, 2]), i32([0, 1, 1]), ['a', 'b', 'c'], { labels: [0, 1] });
    expect(text).toContain('   micro avg');
    expect(text).not.toContain('accuracy');
  });
});

describe('evaluateClassification', () => {
  it('k = 2 with an argmax tie going to the first class', () => {
    const e = evaluateClassification(i32([0, 1, 1]), f64([0.5, 0.5, 0.2, 0.8, 0.7, 0.3]), ['a', 'b']);
    expect(e.confusion_matrix).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(e.accuracy).toBeCloseTo(2 / 3, 15);
    expect(e.per_class.b).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(e.n_rows).toBe(3);
  });

  it('roc_auc_ovr is null when a class is absent from yTrue; log_loss still defined', () => {
    const e = evaluateClassification(i32([0, 1]), f64([0.6, 0.3, 0.1, 0.2, 0.7, 0.1]), ['a', 'b', 'c']);
    expect(e.roc_auc_ovr).toBeNull();
    expect(Number.isFinite(e.log_loss)).toBe(true);
    expect(e.per_class.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('rejects a single class', () => {
    expect(() => evaluateClassification(i32([0]), f64([1]), ['a'])).toThrow(/two classes/);
  });
});

describe('python-compatible formatting', () => {
  it('rounds exact ties half to even like Python, everything else like toFixed', () => {
    const cases: [number, number, string][] = [
      [0.125, 2, '0.12'],
      [0.375, 2, '0.38'],
      [0.625, 2, '0.62'],
      [0.5, 0, '0'],
      [1.5, 0, '2'],
      [2.5, 0, '2'],
      [9.5, 0, '10'],
      [0.25, 1, '0.2'],
      [0.95, 1, '0.9'],
      [0.995, 2, '0.99'],
      [2 / 3, 2, '0.67'],
      [-0.125, 2, '-0.12'],
      [1, 4, '1.0000'],
    ];
    for (const [x, d, want] of cases) expect(pyFixed(x, d)).toBe(want);
  });

  it('prints floats as Python repr', () => {
    expect(pyFloatRepr(2)).toBe('2.0');
    expect(pyFloatRepr(12.5)).toBe('12.5');
    expect(pyFloatRepr(1e16)).toBe('1e+16');
    expect(pyFloatRepr(123456789012345)).toBe('123456789012345.0');
    expect(pyFloatRepr(1e-5)).toBe('1e-05');
    expect(pyFloatRepr(0.0001)).toBe('0.0001');
    expect(pyFloatRepr(1.5e300)).toBe('1.5e+300');
  });
});

describe('numpy-order reductions', () => {
  it('agree with plain arithmetic on easy inputs', () => {
    expect(npSum([])).toBe(0);
    expect(npSum(Array.from({ length: 1000 }, (_, i) => i))).toBe(499500);
    expect(npStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(npTrapz([0, 1], [0, 1])).toBe(0.5);
  });
});
