import { UserError } from '../core/errors.js';

/** Number of classes, after checking there is at least one. */
export function classCount(classes: readonly string[]): number {
  if (!Array.isArray(classes) || classes.length === 0) throw new UserError('classes must be a non-empty list of class names');
  return classes.length;
}

/** Checks a vector of class indices: integers in [0, k), or just non-negative when k is not known. */
export function checkCodes(name: string, codes: Int32Array, k?: number): void {
  if (!(codes instanceof Int32Array)) throw new UserError(`${name} must be an Int32Array of class indices`);
  const hi = k ?? 0x7fffffff;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0 || c >= hi) {
      throw new UserError(`${name}[${i}] = ${c} is not a class index${k === undefined ? '' : ` in [0, ${k})`}`);
    }
  }
}

/** Checks yTrue/yPred agree in length and are not empty (scikit-learn rejects empty inputs). */
export function checkPair(yTrue: Int32Array, yPred: Int32Array, k?: number): void {
  checkCodes('yTrue', yTrue, k);
  checkCodes('yPred', yPred, k);
  if (yTrue.length !== yPred.length) {
    throw new UserError(`yTrue and yPred have different lengths: ${yTrue.length} vs ${yPred.length}`);
  }
  if (yTrue.length === 0) throw new UserError('cannot score an empty set of rows');
}

/** Checks an n × k row-major probability matrix: right shape, finite values. */
export function checkProba(proba: Float64Array, n: number, k: number): void {
  if (!(proba instanceof Float64Array)) throw new UserError('probabilities must be a Float64Array (n × k, row-major)');
  if (proba.length !== n * k) {
    throw new UserError(`probabilities have ${proba.length} values, expected ${n} rows × ${k} classes = ${n * k}`);
  }
  for (let i = 0; i < proba.length; i++) {
    if (!Number.isFinite(proba[i])) {
      throw new UserError(`probability at row ${Math.floor(i / k)}, class ${i % k} is not finite (${proba[i]})`);
    }
  }
}

/** Checks optional per-row weights: n finite, non-negative numbers. */
export function checkWeights(sampleWeight: ArrayLike<number> | undefined, n: number): void {
  if (sampleWeight === undefined) return;
  if (sampleWeight.length !== n) throw new UserError(`sampleWeight has ${sampleWeight.length} values for ${n} rows`);
  for (let i = 0; i < n; i++) {
    const w = sampleWeight[i];
    if (!Number.isFinite(w) || w < 0) throw new UserError(`sampleWeight[${i}] = ${w} is not a finite non-negative number`);
  }
}
