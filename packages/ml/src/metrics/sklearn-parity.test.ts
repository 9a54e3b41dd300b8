import { describe, it, expect } from 'vitest';
import { fixture } from '../test-support/data.js';
import { accuracyScore } from './accuracy.js';
import { confusionMatrix } from './confusion.js';
import { precisionRecallFscoreSupport, type ZeroDivision } from './prf.js';
import { logLoss } from './logLoss.js';
import { rocAucScore } from './roc.js';
import { classificationReport, classificationReportDict } from './report.js';
import { evaluateClassification } from './evaluate.js';
import { npMean, npStd, npSum } from './numeric.js';

type Maybe = number | { error: string };

interface Case {
  name: string;
  classes: string[];
  input: string;
  y_pred: number[];
  sample_weight: number[] | null;
  labels: number[] | null;
  zero_division: ZeroDivision;
  accuracy: number;
  accuracy_count: number;
  confusion_matrix: number[];
  confusion_matrix_true: number[];
  confusion_matrix_pred: number[];
  confusion_matrix_all: number[];
  prfs: {
    labels: number[];
    precision: number[];
    recall: number[];
    fscore: number[];
    support: number[];
    warnings: string[];
    micro: Avg;
    macro: Avg;
    weighted: Avg;
  };
  log_loss: Maybe;
  log_loss_sum: Maybe;
  roc_auc_macro: Maybe;
  roc_auc_weighted: Maybe;
  reports: Record<string, string>;
  report_dict: Record<string, number | Record<string, number>>;
  evaluation?: Record<string, unknown>;
}
interface Avg {
  precision: number;
  recall: number;
  fscore: number;
}
interface Doc {
  sklearn: string;
  inputs: Record<string, { y_true: number[]; proba: number[] }>;
  cases: Case[];
  np_sum: { a: number[]; sum: number; mean: number; std: number }[];
}

const doc = await fixture<Doc>('packages/ml/src/metrics/__fixtures__/sklearn-metrics.json');
const TOL = 1e-12;

function close(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(TOL);
}

function expectMaybe(compute: () => number, expected: Maybe): void {
  if (typeof expected === 'number') expect(Math.abs(compute() - expected)).toBeLessThanOrEqual(TOL);
  else expect(compute).toThrow(expected.error);
}

describe(`metrics match scikit-learn ${doc.sklearn}`, () => {
  it('the fixture has every kind of case the brief asks for', () => {
    const names = doc.cases.map((c) => c.name);
    for (const n of ['multiclass-500', 'binary-300', 'never-predicted-zd-warn', 'ties', 'absent-from-y-true']) expect(names).toContain(n);
  });

  for (const c of doc.cases) {
    describe(c.name, () => {
      const input = doc.inputs[c.input];
      const yTrue = Int32Array.from(input.y_true);
      const proba = Float64Array.from(input.proba);
      const k = c.classes.length;
      const yPred = Int32Array.from(c.y_pred);
      const sampleWeight = c.sample_weight ? Float64Array.from(c.sample_weight) : undefined;
      const labels = c.labels ?? undefined;

      it('argmax predictions agree with numpy', () => {
        const ours = new Int32Array(yTrue.length);
        for (let i = 0; i < yTrue.length; i++) {
          let best = 0;
          for (let j = 1; j < k; j++) if (proba[i * k + j] > proba[i * k + best]) best = j;
          ours[i] = best;
        }
        expect(Array.from(ours)).toEqual(c.y_pred);
      });

      it('accuracy', () => {
        expect(Math.abs(accuracyScore(yTrue, yPred, { sampleWeight }) - c.accuracy)).toBeLessThanOrEqual(TOL);
        expect(Math.abs(accuracyScore(yTrue, yPred, { sampleWeight, normalize: false }) - c.accuracy_count)).toBeLessThanOrEqual(1e-9);
      });

      it('confusion matrix, raw and normalised', () => {
        close(confusionMatrix(yTrue, yPred, c.classes, { sampleWeight }).flat(), c.confusion_matrix);
        close(confusionMatrix(yTrue, yPred, c.classes, { sampleWeight, normalize: 'true' }).flat(), c.confusion_matrix_true);
        close(confusionMatrix(yTrue, yPred, c.classes, { sampleWeight, normalize: 'pred' }).flat(), c.confusion_matrix_pred);
        close(confusionMatrix(yTrue, yPred, c.classes, { sampleWeight, normalize: 'all' }).flat(), c.confusion_matrix_all);
      });

      it('precision, recall, F1, support and their averages', () => {
        const r = precisionRecallFscoreSupport(yTrue, yPred, c.classes, { labels, sampleWeight, zeroDivision: c.zero_division });
        expect(Array.from(r.labels)).toEqual(c.prfs.labels);
        close(r.precision, c.prfs.precision);
        close(r.recall, c.prfs.recall);
        close(r.fscore, c.prfs.fscore);
        close(r.support, c.prfs.support);
        for (const avg of ['micro', 'macro', 'weighted'] as const) {
          close([r[avg].precision, r[avg].recall, r[avg].fscore], [c.prfs[avg].precision, c.prfs[avg].recall, c.prfs[avg].fscore]);
        }
        expect([...r.warnings].sort()).toEqual(c.prfs.warnings);
      });

      it('log loss with all classes as labels', () => {
        expectMaybe(() => logLoss(yTrue, proba, c.classes, { sampleWeight }), c.log_loss);
        const sum = c.log_loss_sum;
        if (typeof sum === 'number') expect(Math.abs(logLoss(yTrue, proba, c.classes, { sampleWeight, normalize: false }) - sum)).toBeLessThanOrEqual(1e-9);
      });

      it('ROC AUC (one-vs-rest macro and weighted; binary for two classes)', () => {
        expectMaybe(() => rocAucScore(yTrue, proba, c.classes, { sampleWeight, average: 'macro' }), c.roc_auc_macro);
        expectMaybe(() => rocAucScore(yTrue, proba, c.classes, { sampleWeight, average: 'weighted' }), c.roc_auc_weighted);
      });

      it('classification report text, exactly', () => {
        for (const [digits, text] of Object.entries(c.reports)) {
          expect(classificationReport(yTrue, yPred, c.classes, { digits: Number(digits), labels, sampleWeight, zeroDivision: c.zero_division })).toBe(text);
        }
      });

      it('classification report dict', () => {
        const ours = classificationReportDict(yTrue, yPred, c.classes, { labels, sampleWeight, zeroDivision: c.zero_division });
        expect(Object.keys(ours).sort()).toEqual(Object.keys(c.report_dict).sort());
        for (const [key, want] of Object.entries(c.report_dict)) {
          const got = ours[key];
          if (typeof want === 'number') {
            expect(typeof got).toBe('number');
            expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(TOL);
          } else {
            const g = got as unknown as Record<string, number>;
            for (const f of Object.keys(want)) expect(Math.abs(g[f] - want[f])).toBeLessThanOrEqual(TOL);
          }
        }
      });

      if (c.evaluation) {
        const ev = c.evaluation;
        it('evaluateClassification', () => {
          if ('error' in ev) {
            expect(() => evaluateClassification(yTrue, proba, c.classes)).toThrow(ev.error as string);
            return;
          }
          const ours = evaluateClassification(yTrue, proba, c.classes);
          expect(ours.n_rows).toBe(ev.n_rows);
          expect(ours.confusion_matrix).toEqual(ev.confusion_matrix);
          for (const key of ['accuracy', 'macro_f1', 'weighted_f1', 'log_loss'] as const) {
            expect(Math.abs(ours[key] - (ev[key] as number))).toBeLessThanOrEqual(TOL);
          }
          if (ev.roc_auc_ovr === null) expect(ours.roc_auc_ovr).toBeNull();
          else expect(Math.abs((ours.roc_auc_ovr as number) - (ev.roc_auc_ovr as number))).toBeLessThanOrEqual(TOL);
          const per = ev.per_class as Record<string, Record<string, number>>;
          expect(Object.keys(ours.per_class)).toEqual(Object.keys(per));
          for (const [name, s] of Object.entries(per)) {
            const o = ours.per_class[name];
            close([o.precision, o.recall, o.f1, o.support], [s.precision, s.recall, s.f1, s.support]);
          }
        });
      }
    });
  }

  it('numpy summation order is reproduced bit for bit', () => {
    for (const s of doc.np_sum) {
      expect(npSum(s.a)).toBe(s.sum);
      expect(npMean(s.a)).toBe(s.mean);
      expect(npStd(s.a)).toBe(s.std);
    }
  });
});
