import { makeMatrix } from '../../core/types.js';
import type { Labels, Matrix } from '../../core/types.js';
import { Rng } from '../../random/rng.js';

/**
 * Tabular test data shaped like the preprocessed customer data: two binary columns, a few-valued one,
 * an "age" with ~60 values and one continuous column with more than 256 distinct values (so both the
 * histogram and the sort split search run); k classes driven by a noisy score.
 */
export function mixedDataset(n: number, k: number, seed = 1): { X: Matrix; y: Labels } {
  const rng = new Rng(seed);
  const d = 5;
  const data = new Float64Array(n * d);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.nextInt(2);
    const b = rng.nextInt(2);
    const c = rng.nextInt(5) / 4;
    const age = (18 + rng.nextInt(60)) / 80;
    const z = Math.round(rng.nextNormal() * 1e4) / 1e4;
    data.set([a, b, c, age, z], i * d);
    const score = 1.1 * a - 0.7 * b + c + 2 * age + 0.8 * z + 0.7 * rng.nextNormal();
    codes[i] = Math.max(0, Math.min(k - 1, Math.floor(((score + 1) / 4.5) * k)));
  }
  const X = makeMatrix(n, d, ['a', 'b', 'c', 'age', 'z'], data);
  return { X, y: { codes, classes: Array.from({ length: k }, (_, c) => `class${c}`) } };
}
