import type { Matrix } from '../../core/types.js';
import { LeafTablePredictor } from './leaf-table-predictor.js';
import { BITSET_WORDS } from './splitter.js';

/**
 * One fitted tree as flat arrays, nodes in pre-order (children always after their parent). A node
 * with feature -1 is a leaf holding `value` (already multiplied by the learning rate). Otherwise a
 * sample goes left when its value is <= threshold (numeric split: the upper bound of bin `bin`, or
 * +Infinity when that is the last value bin), or when its category is in the node's bitset
 * (categorical split, bitsetIndex >= 0); missing values and unknown categories go left exactly when
 * missingLeft is 1.
 */
export interface TreeArrays {
  feature: Int32Array;
  threshold: Float64Array;
  bin: Uint8Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** Index of the node's category bitset (8 words each) in `bitsets`, or -1. */
  bitsetIndex: Int32Array;
  /** Categories going left, by raw category code, 8 words per categorical split. */
  bitsets: Uint32Array;
}

/**
 * All the trees of a model concatenated into one set of typed arrays (tree t owns nodes
 * nodeStart[t]..nodeStart[t+1]-1; child indices are relative to the tree; bitset indices are global),
 * so prediction is a tight loop over flat memory.
 */
export class TreeEnsemble {
  constructor(
    readonly nodeStart: Int32Array,
    readonly t: TreeArrays,
  ) {}

  get nTrees(): number {
    return this.nodeStart.length - 1;
  }

  get nNodes(): number {
    return this.t.feature.length;
  }

  /** Leaves of each tree. */
  leavesPerTree(): number[] {
    return Array.from({ length: this.nTrees }, (_, k) => {
      let leaves = 0;
      for (let g = this.nodeStart[k]; g < this.nodeStart[k + 1]; g++) if (this.t.feature[g] === -1) leaves++;
      return leaves;
    });
  }

  static concat(trees: readonly TreeArrays[]): TreeEnsemble {
    const nodeStart = new Int32Array(trees.length + 1);
    let nBitsets = 0;
    trees.forEach((t, i) => {
      nodeStart[i + 1] = nodeStart[i] + t.feature.length;
      nBitsets += t.bitsets.length / BITSET_WORDS;
    });
    const m = nodeStart[trees.length];
    const all = emptyTree(m, nBitsets);
    let bitsetBase = 0;
    trees.forEach((t, i) => {
      const at = nodeStart[i];
      all.feature.set(t.feature, at);
      all.threshold.set(t.threshold, at);
      all.bin.set(t.bin, at);
      all.missingLeft.set(t.missingLeft, at);
      all.left.set(t.left, at);
      all.right.set(t.right, at);
      all.value.set(t.value, at);
      for (let j = 0; j < t.bitsetIndex.length; j++) all.bitsetIndex[at + j] = t.bitsetIndex[j] < 0 ? -1 : bitsetBase + t.bitsetIndex[j];
      all.bitsets.set(t.bitsets, bitsetBase * BITSET_WORDS);
      bitsetBase += t.bitsets.length / BITSET_WORDS;
    });
    return new TreeEnsemble(nodeStart, all);
  }

  /**
   * raw[i·K + k] = baseline[k] + Σ over iterations of tree (iteration, k)'s value for row i, trees
   * added in iteration order as scikit-learn does. `knownCategories` holds, per feature, the bitset of
   * categories seen at fit (8 words each): a category neither left nor known is treated as missing.
   *
   * Usually the leaf tables of LeafTablePredictor (built on first use) find each tree's leaf without
   * walking it. Ensembles they cannot represent are walked: a chain of dependent loads (node → feature →
   * value → child), so one row at a time leaves the CPU waiting. Trees without categorical splits are
   * then walked for four rows at once, in lockstep and without branches (leaves loop onto themselves
   * until all four rows are at a leaf), so the four chains overlap. Rows go in blocks, every tree over a
   * block before the next, so the block stays in cache while the trees stream by.
   */
  predictRaw(X: Matrix, baseline: Float64Array, knownCategories: Uint32Array): Float64Array {
    const { nRows: n, nCols: d, data } = X;
    const K = baseline.length;
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = baseline[k];
    const fast = this.leafTables(knownCategories, K);
    if (fast !== null && fast.nFeatures <= d) {
      for (let b0 = 0; b0 < n; b0 += PREDICT_BLOCK) fast.addBlock(data, d, b0, Math.min(n, b0 + PREDICT_BLOCK), out, K);
      return out;
    }
    const w = this.walkLayout();
    for (let b0 = 0; b0 < n; b0 += PREDICT_BLOCK) {
      const b1 = Math.min(n, b0 + PREDICT_BLOCK);
      for (let tree = 0; tree < this.nTrees; tree++) {
        const k = tree % K;
        if (w.hasCategorical[tree]) this.walkGeneric(tree, data, d, b0, b1, out, K, k, knownCategories);
        else walkNumeric(w, this.t.value, this.nodeStart[tree], data, d, b0, b1, out, K, k);
      }
    }
    return out;
  }

  private walk: WalkLayout | null = null;
  private tables: { known: Uint32Array; K: number; predictor: LeafTablePredictor | null } | null = null;

  /** The leaf-table form, built once per set of known categories and classes (a model always passes the same). */
  private leafTables(known: Uint32Array, K: number): LeafTablePredictor | null {
    if (this.tables === null || this.tables.known !== known || this.tables.K !== K) {
      this.tables = { known, K, predictor: LeafTablePredictor.compile(this.nodeStart, this.t, known, K) };
    }
    return this.tables.predictor;
  }

  private walkLayout(): WalkLayout {
    if (this.walk !== null) return this.walk;
    const { feature, threshold, missingLeft, left, right, bitsetIndex } = this.t;
    const m = this.nNodes;
    const w: WalkLayout = {
      feature: new Int32Array(m),
      threshold: new Float64Array(m),
      missingLeft: new Int32Array(m),
      left: new Int32Array(m),
      right: new Int32Array(m),
      isLeaf: new Uint8Array(m),
      hasCategorical: new Uint8Array(this.nTrees),
    };
    for (let tree = 0; tree < this.nTrees; tree++) {
      const base = this.nodeStart[tree];
      for (let g = base; g < this.nodeStart[tree + 1]; g++) {
        if (feature[g] < 0) {
          // A leaf: threshold +inf and missing-left send every value, NaN included, "left" to itself.
          w.threshold[g] = Infinity;
          w.missingLeft[g] = 1;
          w.left[g] = w.right[g] = g;
          w.isLeaf[g] = 1;
          continue;
        }
        if (bitsetIndex[g] >= 0) w.hasCategorical[tree] = 1;
        w.feature[g] = feature[g];
        w.threshold[g] = threshold[g];
        w.missingLeft[g] = missingLeft[g];
        w.left[g] = base + left[g];
        w.right[g] = base + right[g];
      }
    }
    this.walk = w;
    return w;
  }

  /** One row at a time, with categorical splits (and unknown categories treated as missing). */
  private walkGeneric(tree: number, data: Float64Array, d: number, b0: number, b1: number, out: Float64Array, K: number, k: number, known: Uint32Array): void {
    const { feature, threshold, missingLeft, left, right, value, bitsetIndex, bitsets } = this.t;
    const base = this.nodeStart[tree];
    for (let i = b0; i < b1; i++) {
      const rowBase = i * d;
      let g = base;
      let f = feature[g];
      while (f >= 0) {
        const v = data[rowBase + f];
        const bi = bitsetIndex[g];
        const goLeft =
          bi < 0
            ? +(v <= threshold[g]) | (+(v !== v) & missingLeft[g])
            : categoryGoesLeft(v, bitsets, bi * BITSET_WORDS, known, f * BITSET_WORDS, missingLeft[g]);
        g = base + (goLeft === 1 ? left[g] : right[g]);
        f = feature[g];
      }
      out[i * K + k] += value[g];
    }
  }
}

/** Per node (global indices, leaves looping onto themselves) and per tree, what walkNumeric needs. */
interface WalkLayout {
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Int32Array;
  left: Int32Array;
  right: Int32Array;
  isLeaf: Uint8Array;
  hasCategorical: Uint8Array;
}

/** Rows per prediction block: 256 rows of a few dozen features stay in L1/L2 cache. */
const PREDICT_BLOCK = 256;

function walkNumeric(
  w: WalkLayout,
  value: Float64Array,
  root: number,
  data: Float64Array,
  d: number,
  b0: number,
  b1: number,
  out: Float64Array,
  K: number,
  k: number,
): void {
  const { feature, threshold, missingLeft, left, right, isLeaf } = w;
  let i = b0;
  for (; i + 4 <= b1; i += 4) {
    const r0 = i * d;
    const r1 = r0 + d;
    const r2 = r1 + d;
    const r3 = r2 + d;
    let g0 = root;
    let g1 = root;
    let g2 = root;
    let g3 = root;
    while ((isLeaf[g0] & isLeaf[g1] & isLeaf[g2] & isLeaf[g3]) === 0) {
      // Child = left when v <= threshold or (v is NaN and missing goes left), chosen by masking.
      const v0 = data[r0 + feature[g0]];
      const v1 = data[r1 + feature[g1]];
      const v2 = data[r2 + feature[g2]];
      const v3 = data[r3 + feature[g3]];
      const l0 = +(v0 <= threshold[g0]) | (+(v0 !== v0) & missingLeft[g0]);
      const l1 = +(v1 <= threshold[g1]) | (+(v1 !== v1) & missingLeft[g1]);
      const l2 = +(v2 <= threshold[g2]) | (+(v2 !== v2) & missingLeft[g2]);
      const l3 = +(v3 <= threshold[g3]) | (+(v3 !== v3) & missingLeft[g3]);
      g0 = right[g0] + ((left[g0] - right[g0]) & -l0);
      g1 = right[g1] + ((left[g1] - right[g1]) & -l1);
      g2 = right[g2] + ((left[g2] - right[g2]) & -l2);
      g3 = right[g3] + ((left[g3] - right[g3]) & -l3);
    }
    out[i * K + k] += value[g0];
    out[(i + 1) * K + k] += value[g1];
    out[(i + 2) * K + k] += value[g2];
    out[(i + 3) * K + k] += value[g3];
  }
  for (; i < b1; i++) {
    const r = i * d;
    let g = root;
    while (isLeaf[g] === 0) {
      const v = data[r + feature[g]];
      const l = +(v <= threshold[g]) | (+(v !== v) & missingLeft[g]);
      g = right[g] + ((left[g] - right[g]) & -l);
    }
    out[i * K + k] += value[g];
  }
}

/** 1 when category v goes left: in the node's bitset, or unknown (or not a code) and missing values go left. */
function categoryGoesLeft(v: number, bitsets: Uint32Array, at: number, known: Uint32Array, knownAt: number, missingLeft: number): number {
  if (!(v >= 0 && v < 256 && (v | 0) === v)) return missingLeft;
  if ((bitsets[at + (v >>> 5)] >>> (v & 31)) & 1) return 1;
  if ((known[knownAt + (v >>> 5)] >>> (v & 31)) & 1) return 0;
  return missingLeft;
}

export function emptyTree(nNodes: number, nBitsets: number): TreeArrays {
  return {
    feature: new Int32Array(nNodes),
    threshold: new Float64Array(nNodes),
    bin: new Uint8Array(nNodes),
    missingLeft: new Uint8Array(nNodes),
    left: new Int32Array(nNodes),
    right: new Int32Array(nNodes),
    value: new Float64Array(nNodes),
    bitsetIndex: new Int32Array(nNodes).fill(-1),
    bitsets: new Uint32Array(nBitsets * BITSET_WORDS),
  };
}
