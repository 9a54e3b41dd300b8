import { ModelFormatError } from '../core/errors.js';
import { decodeFloat64Array, decodeInt32Array, encodeTypedArray } from './base64.js';
import { TREE_LEAF, TREE_UNDEFINED, type TreeArrays } from './builder.js';
import { nodeImpurity } from './criterion.js';

/** A fitted tree in a model document: node count plus one base64 string per array (see base64.ts). */
export interface CompactTreeJSON {
  readonly nNodes: number;
  readonly feature: string;
  readonly threshold: string;
  readonly left: string;
  readonly right: string;
  readonly value: string;
}

/**
 * A fitted tree as parallel typed arrays, sklearn's `tree_` layout: node i tests
 * `float32(x[feature[i]]) <= threshold[i]` and continues at left[i] or right[i]; a leaf has
 * left = right = -1 and feature = threshold = -2. `value` (nNodes × k, row-major) holds each node's
 * weighted class counts, internal nodes included (sklearn 1.2's tree_.value), which is what feature
 * importances are computed from. Nodes are in preorder, so every child index is greater than its
 * parent's: validation of a stored tree relies on it to rule out cycles.
 */
export class CompactTree {
  readonly nNodes: number;
  readonly nClasses: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  private probaCache: Float64Array | null = null;

  private constructor(a: TreeArrays) {
    this.nNodes = a.nNodes;
    this.nClasses = a.nClasses;
    this.feature = a.feature;
    this.threshold = a.threshold;
    this.left = a.left;
    this.right = a.right;
    this.value = a.value;
  }

  /**
   * value rows divided by their sums (sklearn's predict_proba normaliser, a 0 sum taken as 1). Computed
   * on first use: fitting a forest need not pay for it.
   */
  get proba(): Float64Array {
    if (this.probaCache !== null) return this.probaCache;
    const k = this.nClasses;
    const value = this.value;
    const proba = new Float64Array(value.length);
    for (let node = 0; node < this.nNodes; node++) {
      const o = node * k;
      let sum = k < 9 ? smallSum(value, o, k) : numpySum(value, o, k);
      if (sum === 0) sum = 1;
      for (let c = 0; c < k; c++) proba[o + c] = value[o + c] / sum;
    }
    this.probaCache = proba;
    return proba;
  }

  /** Wraps arrays the builder just produced (valid by construction). */
  static fromBuilt(a: TreeArrays): CompactTree {
    return new CompactTree(a);
  }

  /** Wraps arrays of unknown origin (a worker, a file) after checking every invariant. */
  static fromArrays(a: TreeArrays, nFeatures: number, who: string): CompactTree {
    validate(a, nFeatures, who);
    return new CompactTree(a);
  }

  static fromJSON(json: unknown, nFeatures: number, nClasses: number, who: string): CompactTree {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelFormatError(`${who}: a tree must be an object`);
    const o = json as Record<string, unknown>;
    const n = o.nNodes;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) {
      throw new ModelFormatError(`${who}: tree nNodes must be a positive integer`);
    }
    return CompactTree.fromArrays(
      {
        nNodes: n,
        nClasses,
        feature: decodeInt32Array(o.feature, `${who}: tree feature`, n),
        threshold: decodeFloat64Array(o.threshold, `${who}: tree threshold`, n),
        left: decodeInt32Array(o.left, `${who}: tree left`, n),
        right: decodeInt32Array(o.right, `${who}: tree right`, n),
        value: decodeFloat64Array(o.value, `${who}: tree value`, n * nClasses),
      },
      nFeatures,
      who,
    );
  }

  toJSON(): CompactTreeJSON {
    return {
      nNodes: this.nNodes,
      feature: encodeTypedArray(this.feature),
      threshold: encodeTypedArray(this.threshold),
      left: encodeTypedArray(this.left),
      right: encodeTypedArray(this.right),
      value: encodeTypedArray(this.value),
    };
  }

  /** The leaf reached by the row starting at data[offset]. */
  leafOf(data: ArrayLike<number>, offset: number): number {
    const { left, right, feature, threshold } = this;
    let node = 0;
    let l: number;
    while ((l = left[node]) !== TREE_LEAF) node = Math.fround(data[offset + feature[node]]) <= threshold[node] ? l : right[node];
    return node;
  }

  /** out[i·k + c] += P(c | row i) for the nRows × nCols row-major `data`. */
  addProba(data: Float64Array, nRows: number, nCols: number, out: Float64Array): void {
    const { left, right, feature, threshold, proba } = this;
    const k = this.nClasses;
    for (let i = 0, base = 0, o = 0; i < nRows; i++, base += nCols, o += k) {
      let node = 0;
      let l: number;
      while ((l = left[node]) !== TREE_LEAF) node = Math.fround(data[base + feature[node]]) <= threshold[node] ? l : right[node];
      const p = node * k;
      for (let c = 0; c < k; c++) out[o + c] += proba[p + c];
    }
  }

  /**
   * addProba for rows already rounded to float32 (`Float32Array.from(data)`, the same values as
   * Math.fround): four rows walk the tree in lockstep, without branches (leaves loop onto themselves),
   * so their chains of dependent loads overlap. Each row's probabilities are added exactly as addProba
   * adds them.
   */
  addProbaRounded(x: Float32Array, nRows: number, nCols: number, out: Float64Array): void {
    const { feature, threshold, left, right, isLeaf } = this.walkArrays();
    const proba = this.proba;
    const k = this.nClasses;
    let i = 0;
    for (; i + 4 <= nRows; i += 4) {
      const r0 = i * nCols;
      const r1 = r0 + nCols;
      const r2 = r1 + nCols;
      const r3 = r2 + nCols;
      let g0 = 0;
      let g1 = 0;
      let g2 = 0;
      let g3 = 0;
      while ((isLeaf[g0] & isLeaf[g1] & isLeaf[g2] & isLeaf[g3]) === 0) {
        const l0 = +(x[r0 + feature[g0]] <= threshold[g0]);
        const l1 = +(x[r1 + feature[g1]] <= threshold[g1]);
        const l2 = +(x[r2 + feature[g2]] <= threshold[g2]);
        const l3 = +(x[r3 + feature[g3]] <= threshold[g3]);
        g0 = right[g0] + ((left[g0] - right[g0]) & -l0);
        g1 = right[g1] + ((left[g1] - right[g1]) & -l1);
        g2 = right[g2] + ((left[g2] - right[g2]) & -l2);
        g3 = right[g3] + ((left[g3] - right[g3]) & -l3);
      }
      const o = i * k;
      for (let c = 0; c < k; c++) out[o + c] += proba[g0 * k + c];
      for (let c = 0; c < k; c++) out[o + k + c] += proba[g1 * k + c];
      for (let c = 0; c < k; c++) out[o + 2 * k + c] += proba[g2 * k + c];
      for (let c = 0; c < k; c++) out[o + 3 * k + c] += proba[g3 * k + c];
    }
    for (; i < nRows; i++) {
      const r = i * nCols;
      let g = 0;
      while (isLeaf[g] === 0) g = x[r + feature[g]] <= threshold[g] ? left[g] : right[g];
      const o = i * k;
      for (let c = 0; c < k; c++) out[o + c] += proba[g * k + c];
    }
  }

  private walk: { feature: Int32Array; threshold: Float64Array; left: Int32Array; right: Int32Array; isLeaf: Uint8Array } | null = null;

  /** The arrays addProbaRounded walks: a leaf has threshold +∞ and both children itself (built on first use). */
  private walkArrays(): NonNullable<CompactTree['walk']> {
    if (this.walk !== null) return this.walk;
    const n = this.nNodes;
    const w = { feature: new Int32Array(n), threshold: new Float64Array(n), left: new Int32Array(n), right: new Int32Array(n), isLeaf: new Uint8Array(n) };
    for (let g = 0; g < n; g++) {
      if (this.left[g] === TREE_LEAF) {
        w.threshold[g] = Infinity;
        w.left[g] = w.right[g] = g;
        w.isLeaf[g] = 1;
      } else {
        w.feature[g] = this.feature[g];
        w.threshold[g] = this.threshold[g];
        w.left[g] = this.left[g];
        w.right[g] = this.right[g];
      }
    }
    this.walk = w;
    return w;
  }

  get nLeaves(): number {
    let leaves = 0;
    for (let i = 0; i < this.nNodes; i++) if (this.left[i] === TREE_LEAF) leaves++;
    return leaves;
  }

  /** Depth of the deepest leaf (root alone = 0), sklearn's tree_.max_depth. */
  get maxDepth(): number {
    const depth = new Int32Array(this.nNodes);
    let max = 0;
    for (let i = 0; i < this.nNodes; i++) {
      const l = this.left[i];
      if (l === TREE_LEAF) continue;
      depth[l] = depth[i] + 1;
      depth[this.right[i]] = depth[i] + 1;
      if (depth[i] + 1 > max) max = depth[i] + 1;
    }
    return max;
  }

  /** Bytes of the arrays a model document stores. */
  get sizeBytes(): number {
    return this.feature.byteLength + this.threshold.byteLength + this.left.byteLength + this.right.byteLength + this.value.byteLength;
  }

  /**
   * sklearn's Tree.compute_feature_importances(normalize=True): the weighted impurity decrease of the
   * splits on each feature, over the root's weight, normalised to sum 1 (all zeros for a lone root).
   */
  featureImportances(criterion: number, nFeatures: number): Float64Array {
    const k = this.nClasses;
    const n = this.nNodes;
    const weight = new Float64Array(n);
    const impurity = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let w = 0;
      for (let c = 0; c < k; c++) w += this.value[i * k + c];
      weight[i] = w;
      impurity[i] = nodeImpurity(criterion, this.value, i * k, k, w);
    }
    const imp = new Float64Array(nFeatures);
    for (let i = 0; i < n; i++) {
      const l = this.left[i];
      if (l === TREE_LEAF) continue;
      const r = this.right[i];
      imp[this.feature[i]] += weight[i] * impurity[i] - weight[l] * impurity[l] - weight[r] * impurity[r];
    }
    for (let j = 0; j < nFeatures; j++) imp[j] /= weight[0];
    const total = numpySum(imp);
    if (total > 0) for (let j = 0; j < nFeatures; j++) imp[j] /= total;
    return imp;
  }
}

function validate(a: TreeArrays, nFeatures: number, who: string): void {
  const { nNodes: n, nClasses: k, feature, threshold, left, right, value } = a;
  if (
    feature.length !== n ||
    threshold.length !== n ||
    left.length !== n ||
    right.length !== n ||
    value.length !== n * k
  ) {
    throw new ModelFormatError(`${who}: tree arrays do not all have ${n} nodes`);
  }
  const hasParent = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const l = left[i];
    const r = right[i];
    if (l === TREE_LEAF || r === TREE_LEAF) {
      if (l !== TREE_LEAF || r !== TREE_LEAF || feature[i] !== TREE_UNDEFINED || threshold[i] !== TREE_UNDEFINED) {
        throw new ModelFormatError(`${who}: tree node ${i} is neither a leaf (-1, -1, feature -2, threshold -2) nor a split`);
      }
    } else {
      if (!(l > i && l < n && r > i && r < n && l !== r)) {
        throw new ModelFormatError(`${who}: tree node ${i} has children ${l}, ${r}: each must be in (${i}, ${n})`);
      }
      if (hasParent[l] || hasParent[r]) throw new ModelFormatError(`${who}: tree node ${hasParent[l] ? l : r} has two parents`);
      hasParent[l] = 1;
      hasParent[r] = 1;
      if (!(feature[i] >= 0 && feature[i] < nFeatures)) {
        throw new ModelFormatError(`${who}: tree node ${i} splits on feature ${feature[i]}, outside 0..${nFeatures - 1}`);
      }
      if (Number.isNaN(threshold[i])) throw new ModelFormatError(`${who}: tree node ${i} has a NaN threshold`);
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const v = value[i * k + c];
      if (!(v >= 0 && v < Infinity)) throw new ModelFormatError(`${who}: tree node ${i} has a class weight that is not a finite number >= 0`);
      sum += v;
    }
    if (!(sum > 0) && l === TREE_LEAF) throw new ModelFormatError(`${who}: tree leaf ${i} holds no weight`);
  }
  for (let i = 1; i < n; i++) if (!hasParent[i]) throw new ModelFormatError(`${who}: tree node ${i} is unreachable from the root`);
}

/**
 * numpy's float64 sum of a contiguous run: the first element plus numpy's pairwise summation of the
 * rest (8 running sums per block of 128). sklearn normalises probabilities and importances by such
 * sums; adding in the same order keeps fractional (class-weighted) values bit-identical too.
 */
export function numpySum(a: Float64Array, offset = 0, length = a.length - offset): number {
  if (length === 0) return 0;
  return a[offset] + pairwise(a, offset + 1, length - 1);
}

/** numpySum for fewer than 9 values, without the call overhead: v0 + (((0 + v1) + v2) + ...). */
function smallSum(a: Float64Array, off: number, n: number): number {
  let rest = 0;
  for (let i = 1; i < n; i++) rest += a[off + i];
  return a[off] + rest;
}

function pairwise(a: Float64Array, off: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[off + i];
    return res;
  }
  if (n <= 128) {
    const r = [a[off], a[off + 1], a[off + 2], a[off + 3], a[off + 4], a[off + 5], a[off + 6], a[off + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[off + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[off + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
}
