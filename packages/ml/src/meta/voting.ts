import { ModelFormatError, NotFittedError, UserError } from '../core/errors.js';
import { asComponent, classifierFromJSON } from '../core/registry.js';
import { argmaxRows } from '../core/types.js';
import type { Classifier, ComponentJSON, Labels, Matrix } from '../core/types.js';
import { construct, expectType, readClasses, readInt } from '../linear/json-state.js';
import { checkFitInput, checkOptionKeys, checkPredictInput } from '../linear/validation.js';

export const VOTING_TYPE = 'VotingClassifier';

type Template = Pick<ComponentJSON, 'type' | 'params'>;

export interface VotingOptions {
  /** Unfitted members as {type, params}; each is built fresh through the registry and fitted on the same data. */
  estimators: Template[];
  /** 'soft' averages probabilities (sklearn); 'hard' takes the weighted majority of predicted classes. */
  voting?: 'soft' | 'hard';
  /** One non-negative weight per member (default all 1). */
  weights?: number[];
}

/**
 * scikit-learn's VotingClassifier. Soft voting: P = Σ w_m P_m / Σ w_m (np.average). Hard voting: the class with
 * the largest summed weight of the members predicting it, ties to the first class (sklearn's argmax of
 * bincount); its probabilities are those vote shares, which sklearn does not offer but a caller may want.
 */
export class VotingClassifier implements Classifier {
  readonly type = VOTING_TYPE;
  readonly estimators: readonly Template[];
  readonly voting: 'soft' | 'hard';
  readonly weights: readonly number[] | null;
  /** NaN is passed through only when every member takes it natively. */
  readonly acceptsMissing: boolean;
  classes: readonly string[] = [];
  nFeatures = 0;
  private members: Classifier[] = [];

  constructor(options: VotingOptions) {
    const who = VOTING_TYPE;
    if (typeof options !== 'object' || options === null) throw new UserError(`${who}: options with estimators are required`);
    checkOptionKeys(who, options, ['estimators', 'voting', 'weights']);
    const { estimators, voting = 'soft', weights } = options;
    if (!Array.isArray(estimators) || estimators.length === 0) throw new UserError(`${who}: estimators must be a non-empty array of {type, params}`);
    const prototypes = estimators.map((e, i) => {
      const c = asComponent(e, `${who} estimators[${i}]`);
      if (c.state !== undefined) throw new UserError(`${who}: estimators[${i}] must be unfitted (no state)`);
      return classifierFromJSON({ type: c.type, params: c.params }); // validates type and params now
    });
    this.acceptsMissing = prototypes.every((p) => p.acceptsMissing === true);
    if (voting !== 'soft' && voting !== 'hard') throw new UserError(`${who}: voting must be "soft" or "hard", got ${JSON.stringify(voting)}`);
    if (weights !== undefined) {
      if (!Array.isArray(weights) || weights.length !== estimators.length || !weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
        throw new UserError(`${who}: weights must be ${estimators.length} non-negative numbers, one per estimator`);
      }
      if (!weights.some((w) => w > 0)) throw new UserError(`${who}: at least one weight must be positive`);
    }
    this.estimators = estimators.map((e) => ({ type: e.type, params: e.params }));
    this.voting = voting;
    this.weights = weights ? [...weights] : null;
  }

  get fitted(): boolean {
    return this.members.length > 0;
  }

  /** The fitted members, in the order of `estimators`. */
  get fittedEstimators(): readonly Classifier[] {
    return this.members;
  }

  fit(X: Matrix, y: Labels): this {
    checkFitInput(VOTING_TYPE, X, y, { minClasses: 2, finite: false });
    this.members = this.estimators.map((t) => classifierFromJSON({ type: t.type, params: t.params }).fit(X, y));
    this.classes = [...y.classes];
    this.nFeatures = X.nCols;
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    if (!this.fitted) throw new NotFittedError(VOTING_TYPE);
    checkPredictInput(VOTING_TYPE, X, this.nFeatures, false);
    const n = X.nRows;
    const K = this.classes.length;
    const out = new Float64Array(n * K);
    let total = 0;
    this.members.forEach((m, idx) => {
      const w = this.weights ? this.weights[idx] : 1;
      total += w;
      if (w === 0) return;
      const p = m.predictProba(X);
      if (this.voting === 'soft') {
        for (let t = 0; t < n * K; t++) out[t] += w * p[t];
      } else {
        const pred = argmaxRows(p, n, K);
        for (let i = 0; i < n; i++) out[i * K + pred[i]] += w;
      }
    });
    for (let t = 0; t < n * K; t++) out[t] /= total;
    return out;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X), X.nRows, this.classes.length);
  }

  toJSON(): ComponentJSON {
    const params: Record<string, unknown> = { estimators: this.estimators.map((e) => ({ type: e.type, params: e.params })), voting: this.voting };
    if (this.weights) params.weights = [...this.weights];
    if (!this.fitted) return { type: this.type, params };
    return { type: this.type, params, state: { classes: [...this.classes], nFeatures: this.nFeatures, members: this.members.map((m) => m.toJSON()) } };
  }

  static fromJSON(json: ComponentJSON): VotingClassifier {
    const who = VOTING_TYPE;
    expectType(json, who);
    const model = construct(who, () => new VotingClassifier(json.params as unknown as VotingOptions));
    const state = json.state as Record<string, unknown> | undefined;
    if (state === undefined) return model;
    const classes = readClasses(state, who, 2);
    const nFeatures = readInt(state, 'nFeatures', who, 0);
    const stored = state.members;
    if (!Array.isArray(stored) || stored.length !== model.estimators.length) {
      throw new ModelFormatError(`${who}: state.members must hold ${model.estimators.length} fitted classifiers`);
    }
    model.members = stored.map((entry, i) => {
      const m = classifierFromJSON(entry);
      if (m.type !== model.estimators[i].type || !m.fitted) throw new ModelFormatError(`${who}: state.members[${i}] must be a fitted ${model.estimators[i].type}`);
      if (m.classes.join('\u0000') !== classes.join('\u0000')) throw new ModelFormatError(`${who}: state.members[${i}] has other classes`);
      return m;
    });
    model.classes = classes;
    model.nFeatures = nFeatures;
    return model;
  }
}
