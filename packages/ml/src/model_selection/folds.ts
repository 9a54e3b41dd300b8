/** One cross-validation split: row indices, ascending. */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * The splits of a cross-validator: iterable like scikit-learn's split() generator, plus what a
 * generator cannot carry: the warnings scikit-learn would emit and each row's test fold.
 */
export class Folds implements Iterable<Fold> {
  constructor(
    readonly folds: readonly Fold[],
    /** Test fold of each row. */
    readonly testFold: Int32Array,
    /** UserWarning texts scikit-learn would emit for this split (never printed). */
    readonly warnings: readonly string[] = [],
  ) {}

  get length(): number {
    return this.folds.length;
  }

  [Symbol.iterator](): Iterator<Fold> {
    return this.folds[Symbol.iterator]();
  }

  /** Builds train/test index pairs from a per-row fold assignment (scikit-learn's mask-based split). */
  static fromTestFold(testFold: Int32Array, nSplits: number, warnings: readonly string[] = []): Folds {
    const n = testFold.length;
    const sizes = new Int32Array(nSplits);
    for (let i = 0; i < n; i++) sizes[testFold[i]]++;
    const folds: Fold[] = [];
    for (let f = 0; f < nSplits; f++) {
      const test = new Int32Array(sizes[f]);
      const train = new Int32Array(n - sizes[f]);
      let a = 0;
      let b = 0;
      for (let i = 0; i < n; i++) {
        if (testFold[i] === f) test[a++] = i;
        else train[b++] = i;
      }
      folds.push({ train, test });
    }
    return new Folds(folds, testFold, warnings);
  }
}
