import { EPSILON, nodeImpurity } from './criterion.js';
import type { ResolvedTreeParams } from './params.js';
import { Splitter, type RandomSource } from './splitter.js';
import type { TrainingData } from './training-data.js';

export type { RandomSource } from './splitter.js';

/** A grown tree as parallel arrays in sklearn's layout (see CompactTree for the meaning of each). */
export interface TreeArrays {
  readonly nNodes: number;
  readonly nClasses: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

/** sklearn's _TREE_LEAF (child index of a leaf) and _TREE_UNDEFINED (feature and threshold of a leaf). */
export const TREE_LEAF = -1;
export const TREE_UNDEFINED = -2;

/**
 * sklearn 1.2's DepthFirstTreeBuilder: nodes numbered in preorder (left child first) off an explicit
 * stack, so depth has no recursion limit, and sklearn's leaf tests in sklearn's order. The Splitter
 * does the search; one builder and its splitter are reused for every tree of a fit.
 */
export class TreeBuilder {
  private readonly k: number;
  private readonly splitter: Splitter;

  private cap = 0;
  private nNodes = 0;
  private nodeFeature = new Int32Array(0);
  private nodeThreshold = new Float64Array(0);
  private nodeLeft = new Int32Array(0);
  private nodeRight = new Int32Array(0);
  private nodeValue = new Float64Array(0);

  private stackCap = 0;
  /** Per stack record: start, end, depth, parent, isLeft, number of known constant features. */
  private stInt = new Int32Array(0);
  /** Per stack record: impurity, weighted sample count, k weighted class counts. */
  private stFloat = new Float64Array(0);

  constructor(data: TrainingData) {
    this.k = data.nClasses;
    this.splitter = new Splitter(data);
  }

  /**
   * Grows one tree. `weights[i]` is row i's sample weight (bootstrap count × class weight; 0 = not in
   * the sample). `rng` supplies the feature draws.
   */
  build(weights: Float64Array, params: ResolvedTreeParams, rng: RandomSource): TreeArrays {
    const k = this.k;
    const { m, wRoot } = this.splitter.init(weights, params, rng);
    this.nNodes = 0;
    this.ensureNodeCapacity(params.maxDepth <= 10 ? 2 ** (params.maxDepth + 1) - 1 : 2047);
    this.grow(params, m, wRoot);
    const nNodes = this.nNodes;
    return {
      nNodes,
      nClasses: k,
      feature: this.nodeFeature.slice(0, nNodes),
      threshold: this.nodeThreshold.slice(0, nNodes),
      left: this.nodeLeft.slice(0, nNodes),
      right: this.nodeRight.slice(0, nNodes),
      value: this.nodeValue.slice(0, nNodes * k),
    };
  }

  /**
   * The depth-first loop over the node stack. A method of its own (not inlined in build) so that the
   * JIT optimises it as a whole function: as a loop inside build it was entered by on-stack replacement
   * on every tree and deoptimised on leaving it.
   */
  private grow(params: ResolvedTreeParams, m: number, wRoot: number): void {
    const k = this.k;
    const sp = this.splitter;
    const wTotal = sp.wTotal;
    const { maxDepth, minSamplesSplit, minSamplesLeaf, minImpurityDecrease, criterion } = params;
    const sumTotal = sp.sumTotal;
    // With integer weights (none, bootstrap counts) every class sum is an exact integer, so a child's sums
    // are the parent's split sums, bit for bit what re-adding its samples gives (sklearn's node_reset).
    // Fractional (class) weights are re-added per node, so that sums are never a rounding residue below 0.
    const integral = sp.integral;
    const fs = 2 + k;
    let top = 0;
    this.push(top++, 0, m, 0, -1, 0, Infinity, 0, wRoot, sumTotal, null);
    let first = true;
    while (top > 0) {
      top--;
      const base = top * 6;
      const st = this.stInt;
      const start = st[base];
      const end = st[base + 1];
      const depth = st[base + 2];
      const parent = st[base + 3];
      const isLeft = st[base + 4];
      let nConstant = st[base + 5];
      const sf = this.stFloat;
      const fb = top * fs;
      let impurity = sf[fb];
      let wNode = sf[fb + 1];
      for (let c = 0; c < k; c++) sumTotal[c] = sf[fb + 2 + c];
      const nNode = end - start;
      if (!integral) wNode = sp.nodeReset(start, end);
      let isLeaf = depth >= maxDepth || nNode < minSamplesSplit || nNode < 2 * minSamplesLeaf;
      if (first) {
        impurity = nodeImpurity(criterion, sumTotal, 0, k, wNode);
        first = false;
      }
      isLeaf = isLeaf || impurity <= EPSILON;
      if (!isLeaf) {
        nConstant = sp.split(start, end, nConstant, wNode);
        if (sp.bestPos >= end) isLeaf = true;
        else {
          const wL = sp.bestWL;
          const wR = wNode - wL;
          sp.childrenImpurity(sp.bestSumLeft, wL, wR);
          const improvement = (wNode / wTotal) * (impurity - (wR / wNode) * sp.impRight - (wL / wNode) * sp.impLeft);
          isLeaf = improvement + EPSILON < minImpurityDecrease;
        }
      }
      const id = this.addNode(parent, isLeft, isLeaf);
      if (!isLeaf) {
        const wL = sp.bestWL;
        this.push(top++, sp.bestPos, end, depth + 1, id, 0, sp.impRight, nConstant, wNode - wL, sumTotal, sp.bestSumLeft);
        this.push(top++, start, sp.bestPos, depth + 1, id, 1, sp.impLeft, nConstant, wL, sp.bestSumLeft, null);
      }
    }
  }

  /** Pushes a node to grow; its class sums are `sums`, minus `minus` when given (the right child). */
  private push(
    at: number,
    start: number,
    end: number,
    depth: number,
    parent: number,
    isLeft: number,
    impurity: number,
    nConstant: number,
    weight: number,
    sums: Float64Array,
    minus: Float64Array | null,
  ): void {
    const k = this.k;
    const fs = 2 + k;
    if (at >= this.stackCap) {
      const cap = Math.max(64, this.stackCap * 2);
      const si = new Int32Array(cap * 6);
      si.set(this.stInt);
      const sf = new Float64Array(cap * fs);
      sf.set(this.stFloat);
      this.stInt = si;
      this.stFloat = sf;
      this.stackCap = cap;
    }
    const b = at * 6;
    const st = this.stInt;
    st[b] = start;
    st[b + 1] = end;
    st[b + 2] = depth;
    st[b + 3] = parent;
    st[b + 4] = isLeft;
    st[b + 5] = nConstant;
    const sf = this.stFloat;
    const fb = at * fs;
    sf[fb] = impurity;
    sf[fb + 1] = weight;
    if (minus === null) for (let c = 0; c < k; c++) sf[fb + 2 + c] = sums[c];
    else for (let c = 0; c < k; c++) sf[fb + 2 + c] = sums[c] - minus[c];
  }

  private ensureNodeCapacity(cap: number): void {
    if (cap <= this.cap) return;
    const k = this.k;
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (len: number) => T, len: number): T => {
      const a = make(len);
      a.set(old);
      return a;
    };
    this.nodeFeature = grow(this.nodeFeature, (l) => new Int32Array(l), cap);
    this.nodeThreshold = grow(this.nodeThreshold, (l) => new Float64Array(l), cap);
    this.nodeLeft = grow(this.nodeLeft, (l) => new Int32Array(l), cap);
    this.nodeRight = grow(this.nodeRight, (l) => new Int32Array(l), cap);
    this.nodeValue = grow(this.nodeValue, (l) => new Float64Array(l), cap * k);
    this.cap = cap;
  }

  /** sklearn's Tree._add_node plus node_value: children of the parent are wired as nodes arrive. */
  private addNode(parent: number, isLeft: number, isLeaf: boolean): number {
    if (this.nNodes >= this.cap) this.ensureNodeCapacity(this.cap * 2);
    const id = this.nNodes++;
    if (parent >= 0) {
      if (isLeft) this.nodeLeft[parent] = id;
      else this.nodeRight[parent] = id;
    }
    if (isLeaf) {
      this.nodeLeft[id] = TREE_LEAF;
      this.nodeRight[id] = TREE_LEAF;
      this.nodeFeature[id] = TREE_UNDEFINED;
      this.nodeThreshold[id] = TREE_UNDEFINED;
    } else {
      this.nodeFeature[id] = this.splitter.bestFeature;
      this.nodeThreshold[id] = this.splitter.bestThreshold;
    }
    const k = this.k;
    const sums = this.splitter.sumTotal;
    for (let c = 0, o = id * k; c < k; c++) this.nodeValue[o + c] = sums[c];
    return id;
  }
}
