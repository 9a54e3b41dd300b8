import { describe, expect, it } from 'vitest';
import { makeMatrix, type Matrix } from '../../core/types.js';
import { Rng } from '../../random/rng.js';
import { HistGradientBoostingClassifier } from './hist-gradient-boosting.js';
import { LeafTablePredictor } from './leaf-table-predictor.js';
import { BITSET_WORDS } from './splitter.js';
import { emptyTree, TreeEnsemble, type TreeArrays } from './trees.js';

/**
 * The reference: the plain tree walk, one row and one tree at a time, leaf values added in tree order.
 * The fast paths (leaf tables, the old lockstep walk) must reproduce it bit for bit.
 */
function referenceRaw(e: TreeEnsemble, X: Matrix, baseline: Float64Array, known: Uint32Array): Float64Array {
  const { feature, threshold, missingLeft, left, right, value, bitsetIndex, bitsets } = e.t;
  const K = baseline.length;
  const out = new Float64Array(X.nRows * K);
  const bit = (words: Uint32Array, at: number, c: number): number => ((words[at + (c >>> 5)] ?? 0) >>> (c & 31)) & 1;
  for (let i = 0; i < X.nRows; i++) {
    for (let k = 0; k < K; k++) out[i * K + k] = baseline[k];
    for (let tree = 0; tree < e.nTrees; tree++) {
      const base = e.nodeStart[tree];
      let g = base;
      while (feature[g] >= 0) {
        const f = feature[g];
        const v = X.data[i * X.nCols + f];
        let goLeft: boolean;
        if (bitsetIndex[g] < 0) goLeft = Number.isNaN(v) ? missingLeft[g] === 1 : v <= threshold[g];
        else if (!(Number.isInteger(v) && v >= 0 && v < 256)) goLeft = missingLeft[g] === 1;
        else if (bit(bitsets, bitsetIndex[g] * BITSET_WORDS, v)) goLeft = true;
        else if (bit(known, f * BITSET_WORDS, v)) goLeft = false;
        else goLeft = missingLeft[g] === 1;
        g = base + (goLeft ? left[g] : right[g]);
      }
      out[i * K + (tree % K)] += value[g];
    }
  }
  return out;
}

const THRESHOLD_POOL = [-3, -1.5, -0, 0, 0.25, 1, 1, 2.5, 7, Infinity, -Infinity];

/** A random tree in pre-order with `leaves` leaves; features < nCat are categorical (codes 0..19). */
function randomTree(rng: Rng, leaves: number, d: number, nCat: number): TreeArrays {
  const nodes: { f: number; th: number; bits: number[] | null; ml: number; l: number; r: number; v: number }[] = [];
  const grow = (nLeaves: number): number => {
    const at = nodes.length;
    if (nLeaves === 1) {
      nodes.push({ f: -1, th: 0, bits: null, ml: 0, l: 0, r: 0, v: rng.nextNormal() * 0.1 });
      return at;
    }
    const f = rng.nextInt(d);
    const bits = f < nCat ? Array.from({ length: 20 }, (_, c) => c).filter(() => rng.nextFloat() < 0.4) : null;
    nodes.push({ f, th: THRESHOLD_POOL[rng.nextInt(THRESHOLD_POOL.length)] + (rng.nextFloat() < 0.3 ? rng.nextNormal() : 0), bits, ml: rng.nextInt(2), l: 0, r: 0, v: 0 });
    const nLeft = 1 + rng.nextInt(nLeaves - 1);
    nodes[at].l = grow(nLeft);
    nodes[at].r = grow(nLeaves - nLeft);
    return at;
  };
  grow(leaves);
  const nBitsets = nodes.filter((n) => n.bits !== null).length;
  const t = emptyTree(nodes.length, nBitsets);
  let b = 0;
  nodes.forEach((n, g) => {
    t.feature[g] = n.f;
    t.value[g] = n.v;
    if (n.f < 0) return;
    t.missingLeft[g] = n.ml;
    t.left[g] = n.l;
    t.right[g] = n.r;
    if (n.bits === null) t.threshold[g] = n.th;
    else {
      t.bitsetIndex[g] = b;
      for (const c of n.bits) t.bitsets[b * BITSET_WORDS + (c >>> 5)] |= 1 << (c & 31);
      b++;
    }
  });
  return t;
}

/** Rows hitting every case: values equal to thresholds, NaN, ±Infinity, unknown codes, non-codes. */
function randomRows(rng: Rng, n: number, d: number, nCat: number): Matrix {
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      const u = rng.nextFloat();
      let v: number;
      if (u < 0.1) v = NaN;
      else if (f < nCat) v = u < 0.15 ? [-1, 2.5, 300, Infinity][rng.nextInt(4)] : rng.nextInt(25);
      else v = u < 0.5 ? THRESHOLD_POOL[rng.nextInt(THRESHOLD_POOL.length)] : rng.nextNormal() * 3;
      data[i * d + f] = v;
    }
  }
  return makeMatrix(n, d, Array.from({ length: d }, (_, f) => `x${f}`), data);
}

function randomKnown(rng: Rng, d: number, nCat: number): Uint32Array {
  const known = new Uint32Array(d * BITSET_WORDS);
  for (let f = 0; f < nCat; f++) for (let c = 0; c < 22; c++) if (rng.nextFloat() < 0.7) known[f * BITSET_WORDS + (c >>> 5)] |= 1 << (c & 31);
  return known;
}

const bitsOf = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('leaf-table prediction', () => {
  it('equals the plain tree walk bit for bit on random trees, NaN and categories included', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rng = new Rng(seed);
      const d = 2 + rng.nextInt(6);
      const nCat = rng.nextInt(d + 1);
      const K = 1 + rng.nextInt(4);
      const nTrees = K * (1 + rng.nextInt(20));
      // Odd seeds: at most 8 leaves per tree (one-byte masks), even seeds up to 32 (four-byte masks).
      const maxLeaves = seed % 2 === 1 ? 8 : 32;
      const trees = Array.from({ length: nTrees }, () => randomTree(rng, 1 + rng.nextInt(maxLeaves), d, nCat));
      const e = TreeEnsemble.concat(trees);
      const known = randomKnown(rng, d, nCat);
      expect(LeafTablePredictor.compile(e.nodeStart, e.t, known)).not.toBeNull();
      const baseline = Float64Array.from({ length: K }, () => rng.nextNormal());
      // Sizes around the block of 256 rows, and single rows (their own path).
      for (const n of [0, 1, 2, 5, 255, 256, 257, 700]) {
        const X = randomRows(rng, n, d, nCat);
        expect(bitsOf(e.predictRaw(X, baseline, known)), `seed ${seed}, ${n} rows`).toBe(bitsOf(referenceRaw(e, X, baseline, known)));
      }
    }
  });

  it('packs 4, 2 or 1 trees per table word (8, 16, 32 leaves) for any number of trees per class, exactly', () => {
    const rng = new Rng(11);
    for (const maxLeaves of [8, 16, 32]) {
      for (const [K, nTrees] of [
        [1, 9],
        [3, 3 * 7],
        [4, 4 * 5 + 2],
      ]) {
        // At least one tree with maxLeaves leaves, so that the lanes are those of maxLeaves.
        const trees = Array.from({ length: nTrees }, (_, i) => randomTree(rng, i === 0 ? maxLeaves : 1 + rng.nextInt(maxLeaves), 5, 2));
        const e = TreeEnsemble.concat(trees);
        const known = randomKnown(rng, 5, 2);
        expect(LeafTablePredictor.compile(e.nodeStart, e.t, known, K)!.layout).toBe('fast');
        const baseline = Float64Array.from({ length: K }, () => rng.nextNormal());
        for (const n of [1, 2, 300]) {
          const X = randomRows(rng, n, 5, 2);
          expect(bitsOf(e.predictRaw(X, baseline, known)), `${maxLeaves} leaves, K ${K}, ${nTrees} trees, ${n} rows`).toBe(
            bitsOf(referenceRaw(e, X, baseline, known)),
          );
        }
      }
    }
  });

  it('uses the fast layout for boosting-sized ensembles and the generic one when its tables would be too big, both exact', () => {
    const rng = new Rng(5);
    // Few features: the fast layout (at most three groups, every tree reading each).
    const small = TreeEnsemble.concat(Array.from({ length: 14 }, () => randomTree(rng, 8, 4, 2)));
    const knownSmall = randomKnown(rng, 4, 2);
    expect(LeafTablePredictor.compile(small.nodeStart, small.t, knownSmall)!.layout).toBe('fast');
    // Many numeric features with many thresholds: three groups would need huge tables.
    const d = 12;
    const wide = TreeEnsemble.concat(
      Array.from({ length: 40 }, () => {
        const t = randomTree(rng, 32, d, 0);
        for (let g = 0; g < t.feature.length; g++) if (t.feature[g] >= 0) t.threshold[g] = rng.nextInt(60) / 4 - 7;
        return t;
      }),
    );
    const knownWide = randomKnown(rng, d, 0);
    expect(LeafTablePredictor.compile(wide.nodeStart, wide.t, knownWide)!.layout).toBe('generic');
    for (const [e, known, dd, nCat] of [
      [small, knownSmall, 4, 2],
      [wide, knownWide, d, 0],
    ] as const) {
      const baseline = Float64Array.of(0.25, -1, 3);
      for (const n of [1, 3, 300]) {
        const X = randomRows(rng, n, dd, nCat);
        expect(bitsOf(e.predictRaw(X, baseline, known))).toBe(bitsOf(referenceRaw(e, X, baseline, known)));
      }
    }
  });

  it('falls back to the walk, with the same results, when a tree has more than 32 leaves', () => {
    const rng = new Rng(99);
    const e = TreeEnsemble.concat([randomTree(rng, 5, 4, 2), randomTree(rng, 40, 4, 2)]);
    const known = randomKnown(rng, 4, 2);
    expect(LeafTablePredictor.compile(e.nodeStart, e.t, known)).toBeNull();
    const X = randomRows(rng, 300, 4, 2);
    const baseline = Float64Array.of(0.5, -0.5);
    expect(bitsOf(e.predictRaw(X, baseline, known))).toBe(bitsOf(referenceRaw(e, X, baseline, known)));
  });

  it('gives a fitted model the same probabilities in one batch, row by row, and after a JSON round trip', () => {
    const rng = new Rng(7);
    const n = 600;
    const X = randomRows(rng, n, 5, 2);
    // Fit on codes and finite numbers (what JSON keeps); predict on everything, odd values included.
    const fitData = X.data.map((v, j) => ((j % 5 < 2 && !(Number.isInteger(v) && v >= 0 && v < 20)) || !Number.isFinite(v) ? NaN : v));
    const Xfit = makeMatrix(n, 5, X.columnNames, fitData);
    const codes = Int32Array.from({ length: n }, (_, i) => (((fitData[i * 5] | 0) & 7) + (fitData[i * 5 + 2] > 0 ? 1 : 0)) % 3);
    const y = { codes, classes: ['a', 'b', 'c'] };
    const model = new HistGradientBoostingClassifier({ maxIter: 20, categoricalFeatures: ['x0', 'x1'], randomState: 0 }).fit(Xfit, y);
    const known = (model as unknown as { knownBits: Uint32Array }).knownBits;
    const baseline = new Float64Array(3);
    const ref = referenceRaw(model.trees, X, baseline, known);
    const raw0 = model.trees.predictRaw(X, baseline, known);
    expect(bitsOf(raw0)).toBe(bitsOf(ref));
    const again = HistGradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const probs = model.predictProba(X);
    expect(bitsOf(again.predictProba(X))).toBe(bitsOf(probs));
    for (let i = 0; i < n; i += 37) {
      const row = makeMatrix(1, 5, X.columnNames, X.data.slice(i * 5, i * 5 + 5));
      expect(bitsOf(again.predictProba(row))).toBe(bitsOf(probs.slice(i * 3, i * 3 + 3)));
    }
  });
});
