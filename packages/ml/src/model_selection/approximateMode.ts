import type { Rng } from '../random/rng.js';

/**
 * scikit-learn's _approximate_mode: how many of `nDraws` rows to take from each class so the draw
 * mirrors the class proportions. Floors the proportional share, then hands the leftover rows to the
 * largest fractional remainders; among equal remainders the winners are drawn with `rng` (where
 * scikit-learn uses numpy's generator, so only tie-free allocations can match it exactly).
 */
export function approximateMode(classCounts: ArrayLike<number>, nDraws: number, rng: Rng): Int32Array {
  const k = classCounts.length;
  let total = 0;
  for (let c = 0; c < k; c++) total += classCounts[c];
  const continuous = new Float64Array(k);
  const floored = new Int32Array(k);
  let flooredSum = 0;
  for (let c = 0; c < k; c++) {
    // Same expression order as scikit-learn, so remainders (and their ties) are identical.
    continuous[c] = (classCounts[c] / total) * nDraws;
    floored[c] = Math.floor(continuous[c]);
    flooredSum += floored[c];
  }
  let needToAdd = nDraws - flooredSum;
  if (needToAdd <= 0) return floored;

  const remainder = new Float64Array(k);
  for (let c = 0; c < k; c++) remainder[c] = continuous[c] - floored[c];
  const values = Array.from(new Set(remainder)).sort((a, b) => b - a);
  for (const value of values) {
    const inds: number[] = [];
    for (let c = 0; c < k; c++) if (remainder[c] === value) inds.push(c);
    const addNow = Math.min(inds.length, needToAdd);
    // Partial Fisher–Yates: a uniform choice of addNow classes among the tied ones.
    for (let j = 0; j < addNow; j++) {
      const pick = inds.length === addNow ? j : j + rng.nextInt(inds.length - j);
      const tmp = inds[j];
      inds[j] = inds[pick];
      inds[pick] = tmp;
      floored[inds[j]] += 1;
    }
    needToAdd -= addNow;
    if (needToAdd === 0) break;
  }
  return floored;
}
