import { ModelFormatError, NotFittedError, UserError } from '../core/errors.js';
import { asComponent, classifierFromJSON, cloneClassifier } from '../core/registry.js';
import { argmaxRows } from '../core/types.js';
import type { Classifier, ComponentJSON, Labels, Matrix } from '../core/types.js';
import { construct, expectType, readClasses, readInt } from './json-state.js';
import { checkFitInput, checkOptionKeys, checkPredictInput } from './validation.js';

export interface OneVsRestOptions {
  /** Unfitted template; cloned (never fitted itself) once per binary problem. */
  estimator: Classifier;
  /** Told when a class occurs in every row or in none, so its binary problem is constant. */
  onWarning?: (message: string) => void;
}

export const ONE_VS_REST_TYPE = 'OneVsRestClassifier';

/** The labels each binary problem sees: class c is '1', the rest '0'. */
const BINARY_CLASSES: readonly string[] = ['0', '1'];

/**
 * A binary problem whose positive class is in every row or in none has nothing to learn; sklearn's
 * `_ConstantPredictor` answers P(1) = that constant, and so do we.
 */
type Member = { model: Classifier; constant?: undefined } | { model?: undefined; constant: 0 | 1 };

/**
 * scikit-learn's OneVsRestClassifier: one binary model per class (class c vs the rest), P(c) = that
 * model's P(1), rows normalised to sum 1. With two classes, like sklearn, a single model for
 * classes[1] and P(classes[0]) = 1 − P(classes[1]).
 */
export class OneVsRestClassifier implements Classifier {
  readonly type = ONE_VS_REST_TYPE;
  readonly estimator: Classifier;
  private readonly onWarning?: (message: string) => void;

  classes: readonly string[] = [];
  nFeatures = 0;
  private members: Member[] = [];

  constructor(options: OneVsRestOptions) {
    const who = ONE_VS_REST_TYPE;
    if (typeof options !== 'object' || options === null) throw new UserError(`${who}: options with an estimator are required`);
    checkOptionKeys(who, options, ['estimator', 'onWarning']);
    const e = options.estimator as Partial<Classifier> | undefined;
    if (!e || typeof e.fit !== 'function' || typeof e.predictProba !== 'function' || typeof e.toJSON !== 'function') {
      throw new UserError(`${who}: estimator must be a Classifier`);
    }
    if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw new UserError(`${who}: onWarning must be a function`);
    this.estimator = options.estimator;
    this.onWarning = options.onWarning;
  }

  get fitted(): boolean {
    return this.members.length > 0;
  }

  /** Missing values pass through to the binary models when they take them natively. */
  get acceptsMissing(): boolean {
    return this.estimator.acceptsMissing === true;
  }

  /** The fitted binary models (undefined where the problem was constant), one per class, or one for 2 classes. */
  get estimators(): ReadonlyArray<Classifier | undefined> {
    return this.members.map((m) => m.model);
  }

  fit(X: Matrix, y: Labels): this {
    const who = ONE_VS_REST_TYPE;
    checkFitInput(who, X, y, { minClasses: 2, finite: !this.acceptsMissing });
    const K = y.classes.length;
    const n = X.nRows;
    const positives = K === 2 ? [1] : Array.from({ length: K }, (_, c) => c);
    const members: Member[] = [];
    for (const pos of positives) {
      const codes = new Int32Array(n);
      let nPos = 0;
      for (let i = 0; i < n; i++) {
        const v = y.codes[i] === pos ? 1 : 0;
        codes[i] = v;
        nPos += v;
      }
      if (nPos === 0 || nPos === n) {
        const constant = nPos === 0 ? 0 : 1;
        this.onWarning?.(`${who}: class "${y.classes[pos]}" is ${constant ? 'in every row' : 'in no row'}; predicting P = ${constant} for it`);
        members.push({ constant });
        continue;
      }
      const model = cloneClassifier(this.estimator).fit(X, { codes, classes: BINARY_CLASSES });
      members.push({ model });
    }
    this.classes = [...y.classes];
    this.nFeatures = X.nCols;
    this.members = members;
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    const who = ONE_VS_REST_TYPE;
    if (!this.fitted) throw new NotFittedError(who);
    checkPredictInput(who, X, this.nFeatures, false);
    const n = X.nRows;
    const K = this.classes.length;
    const out = new Float64Array(n * K);
    const first = K === 2 ? 1 : 0;
    this.members.forEach((member, m) => {
      const col = first + m;
      if (member.model === undefined) {
        for (let i = 0; i < n; i++) out[i * K + col] = member.constant;
        return;
      }
      const p = member.model.predictProba(X);
      for (let i = 0; i < n; i++) out[i * K + col] = p[2 * i + 1];
    });
    if (K === 2) for (let i = 0; i < n; i++) out[2 * i] = 1 - out[2 * i + 1];
    for (let i = 0; i < n; i++) {
      const base = i * K;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += out[base + k];
      // sklearn would divide by zero here; a uniform row is the honest "no model claims this row".
      if (sum > 0) for (let k = 0; k < K; k++) out[base + k] /= sum;
      else for (let k = 0; k < K; k++) out[base + k] = 1 / K;
    }
    return out;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X), X.nRows, this.classes.length);
  }

  toJSON(): ComponentJSON {
    const { type, params } = this.estimator.toJSON();
    const out = { type: this.type, params: { estimator: { type, params } } };
    if (!this.fitted) return out;
    return {
      ...out,
      state: {
        classes: [...this.classes],
        nFeatures: this.nFeatures,
        estimators: this.members.map((m) => (m.model === undefined ? { constant: m.constant } : m.model.toJSON())),
      },
    };
  }

  static fromJSON(json: ComponentJSON): OneVsRestClassifier {
    const who = ONE_VS_REST_TYPE;
    expectType(json, who);
    const keys = Object.keys(json.params);
    if (keys.length !== 1 || keys[0] !== 'estimator') throw new ModelFormatError(`${who}: params must hold exactly "estimator"`);
    const template = asComponent(json.params.estimator, `${who} params.estimator`);
    if (template.state !== undefined) throw new ModelFormatError(`${who}: params.estimator must be unfitted (no state)`);
    const model = construct(who, () => new OneVsRestClassifier({ estimator: classifierFromJSON(template) }));
    const state = json.state as Record<string, unknown> | undefined;
    if (state === undefined) return model;
    const classes = readClasses(state, who, 2);
    const nFeatures = readInt(state, 'nFeatures', who, 0);
    const stored = state.estimators;
    const expected = classes.length === 2 ? 1 : classes.length;
    if (!Array.isArray(stored) || stored.length !== expected) {
      throw new ModelFormatError(`${who}: state.estimators must be an array of ${expected} entries`);
    }
    model.members = stored.map((entry, i): Member => {
      if (typeof entry === 'object' && entry !== null && 'constant' in entry) {
        const c = (entry as { constant: unknown }).constant;
        if ((c !== 0 && c !== 1) || Object.keys(entry).length !== 1) {
          throw new ModelFormatError(`${who}: state.estimators[${i}] must be {"constant": 0|1} or a fitted classifier`);
        }
        return { constant: c };
      }
      const member = classifierFromJSON(entry);
      if (member.type !== template.type || !member.fitted) {
        throw new ModelFormatError(`${who}: state.estimators[${i}] must be a fitted ${template.type}`);
      }
      if (member.classes.length !== 2 || member.classes[0] !== '0' || member.classes[1] !== '1') {
        throw new ModelFormatError(`${who}: state.estimators[${i}] must have classes ["0", "1"]`);
      }
      return { model: member };
    });
    model.classes = classes;
    model.nFeatures = nFeatures;
    return model;
  }
}
