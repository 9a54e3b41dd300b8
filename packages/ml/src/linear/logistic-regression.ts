import { ModelFormatError, NotFittedError, UserError } from '../core/errors.js';
import { argmaxRows } from '../core/types.js';
import type { Classifier, ComponentJSON, Labels, Matrix } from '../core/types.js';
import { MACHINE_EPSILON, minimizeLbfgs } from '../optim/lbfgs.js';
import { validateClassWeight, type ClassWeight } from './class-weight.js';
import { construct, expectType, readBoolean, readClasses, readInt, readNumbers, readRows } from './json-state.js';
import { logisticProblems, unpackMultinomial } from './logistic-problems.js';
import { checkFitInput, checkOptionKeys, checkPredictInput } from './validation.js';

export type MultiClass = 'auto' | 'multinomial' | 'ovr';

export interface LogisticRegressionOptions {
  /** 'l2' adds ½/C · ‖coef‖²; 'none' fits unpenalised (sklearn's penalty=None / 'none'). */
  penalty?: 'l2' | 'none';
  /** Inverse regularisation strength, > 0. Ignored (with a warning) when penalty is 'none'. */
  C?: number;
  maxIter?: number;
  /** Gradient max-norm at which L-BFGS stops (scipy's gtol, as sklearn passes it). */
  tol?: number;
  fitIntercept?: boolean;
  classWeight?: ClassWeight | null;
  /** 'auto': one sigmoid model for 2 classes, softmax for more (sklearn with the lbfgs solver). */
  multiClass?: MultiClass;
  /** Receives convergence and parameter warnings; not a hyper-parameter, so not serialised. */
  onWarning?: (message: string) => void;
}

export const LOGISTIC_REGRESSION_TYPE = 'LogisticRegression';

const OPTION_KEYS = ['penalty', 'C', 'maxIter', 'tol', 'fitIntercept', 'classWeight', 'multiClass', 'onWarning'] as const;

/**
 * scipy's default L-BFGS-B `ftol` (factr 1e7 × eps). scikit-learn 1.2 does not override it, so its fits
 * usually stop on relative decrease of the loss before the gradient reaches `tol` — even at tol=1e-10,
 * coefficients can sit ~1e-4 from the exact optimum, and where exactly depends on the rounding of the
 * path. Stopping on the same rule is what puts our fits on sklearn 1.2's answers (to ~1e-11 on the
 * fixtures) rather than ~1e-4 away from them. (sklearn >= 1.3 passes 64 × eps instead.)
 */
export const SKLEARN_LBFGS_FTOL = 1e7 * MACHINE_EPSILON;

/**
 * Logistic regression fitted like scikit-learn 1.2's `LogisticRegression(solver="lbfgs")`:
 * minimises Σ_i w_i · logloss_i + ½/C · ‖coef‖² (intercept unpenalised) with L-BFGS, binary problems as
 * one sigmoid model, multinomial problems with K full coefficient vectors (softmax), 'ovr' as K
 * independent binary problems whose probabilities are normalised per row.
 */
export class LogisticRegression implements Classifier {
  readonly type = LOGISTIC_REGRESSION_TYPE;
  readonly penalty: 'l2' | 'none';
  readonly C: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly fitIntercept: boolean;
  readonly classWeight: ClassWeight | null;
  readonly multiClass: MultiClass;
  private readonly onWarning?: (message: string) => void;

  classes: readonly string[] = [];
  /** Number of features seen at fit. */
  nFeatures = 0;
  /** The scheme actually fitted ('auto' resolved). */
  fittedMultiClass: 'ovr' | 'multinomial' | null = null;
  /** Coefficient rows: 1 × d for binary problems (the positive class, classes[1]), else K × d. */
  coef: Float64Array[] = [];
  /** One intercept per coefficient row (zeros when fitIntercept is false). */
  intercept: Float64Array = new Float64Array(0);
  /** L-BFGS iterations per solved problem (one for multinomial/binary, K for 'ovr'), like sklearn's n_iter_. */
  nIter: number[] = [];
  /** False when some L-BFGS run stopped on maxIter or a failed line search. */
  converged = false;

  constructor(options: LogisticRegressionOptions = {}) {
    const who = LOGISTIC_REGRESSION_TYPE;
    checkOptionKeys(who, options, OPTION_KEYS);
    const { penalty = 'l2', C = 1, maxIter = 100, tol = 1e-4, fitIntercept = true, multiClass = 'auto' } = options;
    if (penalty !== 'l2' && penalty !== 'none') throw new UserError(`${who}: penalty must be 'l2' or 'none', got ${String(penalty)}`);
    if (typeof C !== 'number' || !(C > 0) || !Number.isFinite(C)) throw new UserError(`${who}: C must be a finite number > 0, got ${String(C)}`);
    if (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter < 1) {
      throw new UserError(`${who}: maxIter must be an integer >= 1, got ${String(maxIter)}`);
    }
    if (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol)) throw new UserError(`${who}: tol must be a finite number >= 0, got ${String(tol)}`);
    if (typeof fitIntercept !== 'boolean') throw new UserError(`${who}: fitIntercept must be a boolean`);
    if (multiClass !== 'auto' && multiClass !== 'multinomial' && multiClass !== 'ovr') {
      throw new UserError(`${who}: multiClass must be 'auto', 'multinomial' or 'ovr', got ${String(multiClass)}`);
    }
    if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw new UserError(`${who}: onWarning must be a function`);
    this.penalty = penalty;
    this.C = C;
    this.maxIter = maxIter;
    this.tol = tol;
    this.fitIntercept = fitIntercept;
    this.classWeight = validateClassWeight(who, options.classWeight);
    this.multiClass = multiClass;
    this.onWarning = options.onWarning;
  }

  get fitted(): boolean {
    return this.fittedMultiClass !== null;
  }

  fit(X: Matrix, y: Labels): this {
    const who = LOGISTIC_REGRESSION_TYPE;
    const counts = checkFitInput(who, X, y, { minClasses: 2, finite: true });
    const K = y.classes.length;
    for (let c = 0; c < K; c++) {
      if (counts[c] === 0) throw new UserError(`${who}: class "${y.classes[c]}" has no training rows; every class in y.classes must occur`);
    }
    const multi = this.multiClass === 'auto' ? (K > 2 ? 'multinomial' : 'ovr') : this.multiClass;
    if (this.penalty === 'none' && this.C !== 1) this.warn(`${who}: penalty 'none' ignores C (${this.C})`);
    const problems = logisticProblems(who, X, y, counts, {
      multiClass: multi,
      l2: this.penalty === 'none' ? 0 : 1 / this.C,
      fitIntercept: this.fitIntercept,
      classWeight: this.classWeight,
    });
    const solve = { gtol: this.tol, maxIter: this.maxIter, ftol: SKLEARN_LBFGS_FTOL };
    const d = X.nCols;
    let coef: Float64Array[] = [];
    let intercepts: number[] = [];
    const nIter: number[] = [];
    const failures: string[] = [];
    for (const problem of problems) {
      const res = minimizeLbfgs(problem.objective, new Float64Array(problem.nParams), solve);
      nIter.push(Math.min(res.nIter, this.maxIter));
      if (problem.positive === null) {
        ({ coef, intercept: intercepts } = unpackMultinomial(res.x, K, d, this.fitIntercept));
        if (!res.converged) failures.push(res.message);
      } else {
        coef.push(res.x.slice(0, d));
        intercepts.push(this.fitIntercept ? res.x[d] : 0);
        if (!res.converged) failures.push(`class "${y.classes[problem.positive]}" vs rest: ${res.message}`);
      }
    }

    this.classes = [...y.classes];
    this.nFeatures = d;
    this.coef = coef;
    this.intercept = Float64Array.from(intercepts);
    this.nIter = nIter;
    this.converged = failures.length === 0;
    this.fittedMultiClass = multi;
    if (failures.length > 0) {
      this.warn(`${who}: lbfgs failed to converge (${failures.join('; ')}); increase maxIter or scale the data`);
    }
    return this;
  }

  /** Raw scores X·coefᵀ + intercept, n × rows. */
  decisionFunction(X: Matrix): Float64Array {
    if (!this.fitted) throw new NotFittedError(LOGISTIC_REGRESSION_TYPE);
    checkPredictInput(LOGISTIC_REGRESSION_TYPE, X, this.nFeatures, true);
    const n = X.nRows;
    const d = this.nFeatures;
    const rows = this.coef.length;
    const out = new Float64Array(n * rows);
    const data = X.data;
    for (let r = 0; r < rows; r++) {
      const w = this.coef[r];
      const b = this.intercept[r];
      for (let i = 0; i < n; i++) {
        const base = i * d;
        let z = 0;
        for (let j = 0; j < d; j++) z += data[base + j] * w[j];
        out[i * rows + r] = z + b;
      }
    }
    return out;
  }

  predictProba(X: Matrix): Float64Array {
    const z = this.decisionFunction(X);
    const n = X.nRows;
    const K = this.classes.length;
    const out = new Float64Array(n * K);
    if (this.coef.length === 1) {
      for (let i = 0; i < n; i++) {
        if (this.fittedMultiClass === 'ovr') {
          const p1 = 1 / (1 + Math.exp(-z[i]));
          out[2 * i] = 1 - p1;
          out[2 * i + 1] = p1;
        } else {
          softmaxPair(-z[i], z[i], out, 2 * i);
        }
      }
      return out;
    }
    if (this.fittedMultiClass === 'ovr') {
      for (let i = 0; i < n; i++) {
        const base = i * K;
        let sum = 0;
        for (let k = 0; k < K; k++) {
          const p = 1 / (1 + Math.exp(-z[base + k]));
          out[base + k] = p;
          sum += p;
        }
        // All sigmoids can underflow together only for absurd inputs; uniform beats NaN.
        if (sum > 0) for (let k = 0; k < K; k++) out[base + k] /= sum;
        else for (let k = 0; k < K; k++) out[base + k] = 1 / K;
      }
      return out;
    }
    for (let i = 0; i < n; i++) {
      const base = i * K;
      let max = z[base];
      for (let k = 1; k < K; k++) if (z[base + k] > max) max = z[base + k];
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(z[base + k] - max);
        out[base + k] = e;
        sum += e;
      }
      for (let k = 0; k < K; k++) out[base + k] /= sum;
    }
    return out;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X), X.nRows, this.classes.length);
  }

  private params(): Record<string, unknown> {
    return {
      penalty: this.penalty,
      C: this.C,
      maxIter: this.maxIter,
      tol: this.tol,
      fitIntercept: this.fitIntercept,
      classWeight: this.classWeight === null || this.classWeight === 'balanced' ? this.classWeight : { ...this.classWeight },
      multiClass: this.multiClass,
    };
  }

  toJSON(): ComponentJSON {
    const params = this.params();
    if (!this.fitted) return { type: this.type, params };
    return {
      type: this.type,
      params,
      state: {
        classes: [...this.classes],
        nFeatures: this.nFeatures,
        multiClass: this.fittedMultiClass,
        coef: this.coef.map((row) => Array.from(row)),
        intercept: Array.from(this.intercept),
        nIter: [...this.nIter],
        converged: this.converged,
      },
    };
  }

  static fromJSON(json: ComponentJSON): LogisticRegression {
    const who = LOGISTIC_REGRESSION_TYPE;
    expectType(json, who);
    const params = json.params as LogisticRegressionOptions;
    if ('onWarning' in params) throw new ModelFormatError(`${who}: params.onWarning cannot be stored in a model`);
    const model = construct(who, () => new LogisticRegression(params));
    const state = json.state as Record<string, unknown> | undefined;
    if (state === undefined) return model;
    const classes = readClasses(state, who, 2);
    const nFeatures = readInt(state, 'nFeatures', who, 0);
    const multi = state.multiClass;
    if (multi !== 'ovr' && multi !== 'multinomial') throw new ModelFormatError(`${who}: state.multiClass must be 'ovr' or 'multinomial'`);
    const rows = classes.length === 2 ? 1 : classes.length;
    const coef = readRows(state.coef, 'state.coef', who, rows, nFeatures);
    const intercept = readNumbers(state.intercept, 'state.intercept', who, rows);
    const nIterRaw = readNumbers(state.nIter, 'state.nIter', who, multi === 'ovr' ? rows : 1);
    if (!nIterRaw.every((v) => Number.isInteger(v) && v >= 0)) throw new ModelFormatError(`${who}: state.nIter must hold integers >= 0`);
    model.classes = classes;
    model.nFeatures = nFeatures;
    model.coef = coef;
    model.intercept = intercept;
    model.nIter = Array.from(nIterRaw);
    model.converged = readBoolean(state, 'converged', who);
    model.fittedMultiClass = multi;
    return model;
  }

  private warn(message: string): void {
    this.onWarning?.(message);
  }
}

/** softmax of two scores into out[at], out[at + 1], computed as sklearn's softmax does. */
function softmaxPair(a: number, b: number, out: Float64Array, at: number): void {
  const max = a >= b ? a : b;
  const ea = Math.exp(a - max);
  const eb = Math.exp(b - max);
  const sum = ea + eb;
  out[at] = ea / sum;
  out[at + 1] = eb / sum;
}
