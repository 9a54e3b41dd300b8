import { ModelFormatError, NotFittedError, UserError } from '../core/errors.js';
import { argmaxRows } from '../core/types.js';
import type { Classifier, ComponentJSON, Labels, Matrix } from '../core/types.js';
import { Rng } from '../random/rng.js';
import { construct, expectType, readClasses, readInt, readNumbers } from './json-state.js';
import { checkFitInput, checkOptionKeys, checkPredictInput } from './validation.js';

export type DummyStrategy = 'most_frequent' | 'prior' | 'stratified' | 'uniform';

export interface DummyClassifierOptions {
  strategy?: DummyStrategy;
  /** Seed of the draws of 'stratified'; each predictProba call restarts from it, as sklearn does with an int seed. */
  randomState?: number;
}

export const DUMMY_CLASSIFIER_TYPE = 'DummyClassifier';

const STRATEGIES: readonly DummyStrategy[] = ['most_frequent', 'prior', 'stratified', 'uniform'];

/**
 * scikit-learn's DummyClassifier, the baseline every real model must beat. It ignores the feature
 * values. Probabilities: 'most_frequent' one-hot of the mode, 'prior' the class frequencies,
 * 'stratified' one-hot draws from the frequencies, 'uniform' 1/k.
 * predict is always argmax(predictProba) — for 'uniform' that is the first class, where sklearn would
 * draw a random class; the platform's classifiers all keep predict consistent with predictProba.
 */
export class DummyClassifier implements Classifier {
  readonly type = DUMMY_CLASSIFIER_TYPE;
  readonly strategy: DummyStrategy;
  readonly randomState: number;

  classes: readonly string[] = [];
  nFeatures = 0;
  /** Class frequencies in the training labels (sklearn's class_prior_). */
  classPrior: Float64Array = new Float64Array(0);

  constructor(options: DummyClassifierOptions = {}) {
    const who = DUMMY_CLASSIFIER_TYPE;
    checkOptionKeys(who, options, ['strategy', 'randomState']);
    const { strategy = 'prior', randomState = 0 } = options;
    if (!STRATEGIES.includes(strategy)) throw new UserError(`${who}: strategy must be one of ${STRATEGIES.join(', ')}, got ${String(strategy)}`);
    if (typeof randomState !== 'number' || !Number.isSafeInteger(randomState)) {
      throw new UserError(`${who}: randomState must be an integer, got ${String(randomState)}`);
    }
    this.strategy = strategy;
    this.randomState = randomState;
  }

  get fitted(): boolean {
    return this.classPrior.length > 0;
  }

  fit(X: Matrix, y: Labels): this {
    const counts = checkFitInput(DUMMY_CLASSIFIER_TYPE, X, y, { minClasses: 1, finite: true });
    const n = y.codes.length;
    this.classes = [...y.classes];
    this.nFeatures = X.nCols;
    this.classPrior = counts.map((c) => c / n);
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    if (!this.fitted) throw new NotFittedError(DUMMY_CLASSIFIER_TYPE);
    checkPredictInput(DUMMY_CLASSIFIER_TYPE, X, this.nFeatures, false);
    const n = X.nRows;
    const k = this.classes.length;
    const out = new Float64Array(n * k);
    switch (this.strategy) {
      case 'most_frequent': {
        const mode = argmaxRows(this.classPrior, 1, k)[0];
        for (let i = 0; i < n; i++) out[i * k + mode] = 1;
        break;
      }
      case 'prior':
        for (let i = 0; i < n; i++) out.set(this.classPrior, i * k);
        break;
      case 'stratified': {
        const rng = new Rng(this.randomState | 0);
        for (let i = 0; i < n; i++) out[i * k + rng.nextWeighted(this.classPrior)] = 1;
        break;
      }
      case 'uniform':
        out.fill(1 / k);
        break;
    }
    return out;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X), X.nRows, this.classes.length);
  }

  toJSON(): ComponentJSON {
    const params = { strategy: this.strategy, randomState: this.randomState };
    if (!this.fitted) return { type: this.type, params };
    return {
      type: this.type,
      params,
      state: { classes: [...this.classes], nFeatures: this.nFeatures, classPrior: Array.from(this.classPrior) },
    };
  }

  static fromJSON(json: ComponentJSON): DummyClassifier {
    const who = DUMMY_CLASSIFIER_TYPE;
    expectType(json, who);
    const model = construct(who, () => new DummyClassifier(json.params as DummyClassifierOptions));
    const state = json.state as Record<string, unknown> | undefined;
    if (state === undefined) return model;
    const classes = readClasses(state, who, 1);
    const nFeatures = readInt(state, 'nFeatures', who, 0);
    const prior = readNumbers(state.classPrior, 'state.classPrior', who, classes.length);
    let sum = 0;
    for (const p of prior) {
      if (p < 0 || p > 1) throw new ModelFormatError(`${who}: state.classPrior entries must lie in [0, 1]`);
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-9) throw new ModelFormatError(`${who}: state.classPrior must sum to 1, sums to ${sum}`);
    model.classes = classes;
    model.nFeatures = nFeatures;
    model.classPrior = prior;
    return model;
  }
}
