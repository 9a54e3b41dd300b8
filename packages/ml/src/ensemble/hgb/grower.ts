import { PyHeap } from './heap.js';
import { buildNodeHistogram, buildRootHistogram, countHistogram, HistogramLayout, HistogramPool, subtractHistograms, sumGradientsHessians } from './histogram.js';
import { BITSET_WORDS, inBitset, setBitset, SplitInfo, Splitter } from './splitter.js';
import { emptyTree, type TreeArrays } from './trees.js';

/** Children whose hessian sum would fall below this are not made (scikit-learn's min_hessian_to_split). */
export const MIN_HESSIAN_TO_SPLIT = 1e-3;

export interface GrowerParams {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** Learning rate, applied to the leaf values once the tree is grown. */
  shrinkage: number;
}

/** What the trees of one fit share: the binned training data and the buffers sized by it. */
export interface GrowerData {
  /** Binned training data, column-major. */
  binned: Uint8Array;
  nSamples: number;
  nBinsNonMissing: Int32Array;
  missingBin: number;
  /** Per feature, whether the training data had missing values (1) or not (0). */
  hasMissingValues: Uint8Array;
  isCategorical: Uint8Array;
  /** Per feature, the bin thresholds (numeric) or the known category codes (categorical). */
  thresholds: readonly Float64Array[];
}

class TreeNode {
  split: SplitInfo | null = null;
  hist: Float64Array | null = null;
  left: TreeNode | null = null;
  right: TreeNode | null = null;
  isLeaf = false;

  constructor(
    readonly depth: number,
    /** This node's samples are partition[start..stop). */
    readonly start: number,
    readonly stop: number,
    readonly sumGradients: number,
    readonly sumHessians: number,
    public value: number,
  ) {}

  get nSamples(): number {
    return this.stop - this.start;
  }
}

/**
 * scikit-learn 1.2's TreeGrower: leaf-wise, best-first growth. The node with the largest gain is split
 * next (a heapq max-heap on gain), until no node can be split or maxLeafNodes/maxDepth stop it.
 * Histograms are built for the smaller child only, the sibling's is the parent's minus it. Samples
 * are kept in one partition array, each node owning a contiguous range, split stably (left samples
 * first, both sides in their previous order) so histogram sums run in scikit-learn's order.
 */
export class TreeGrower {
  private readonly layout: HistogramLayout;
  private readonly pool: HistogramPool;
  private readonly splitter: Splitter;
  private readonly partition: Int32Array;
  private readonly buffer: Int32Array;
  /** The root's gradient and hessian sums. */
  private readonly rootSums = new Float64Array(2);
  /** Per bin, 1 when the split being applied sends it left. */
  private readonly goLeft = new Int32Array(256);
  private readonly rowSlots: Int32Array;
  private readonly rootCounts: Float64Array;
  private gradients: Float32Array = new Float32Array(0);
  private hessians: Float32Array = new Float32Array(0);
  private heap = new PyHeap<TreeNode>((a, b) => a.split!.gain > b.split!.gain);
  private leaves: TreeNode[] = [];
  private nNodes = 0;
  private nCategoricalSplits = 0;

  constructor(
    private readonly data: GrowerData,
    private readonly params: GrowerParams,
  ) {
    const n = data.nSamples;
    this.layout = new HistogramLayout(data.nBinsNonMissing);
    this.pool = new HistogramPool(this.layout.size);
    this.splitter = new Splitter({
      layout: this.layout,
      nBinsNonMissing: data.nBinsNonMissing,
      missingBin: data.missingBin,
      hasMissingValues: data.hasMissingValues,
      isCategorical: data.isCategorical,
      l2Regularization: params.l2Regularization,
      minHessianToSplit: MIN_HESSIAN_TO_SPLIT,
      minSamplesLeaf: params.minSamplesLeaf,
    });
    this.partition = new Int32Array(n);
    this.buffer = new Int32Array(n);
    this.rowSlots = this.layout.rowSlots(data.binned, n);
    this.rootCounts = countHistogram(this.layout.size, this.rowSlots, data.nBinsNonMissing.length, n);
  }

  /**
   * Grows one tree on these gradients and hessians, adds its leaf values to `raw` (the training raw
   * predictions of this tree's class) and returns it in flat form.
   */
  grow(gradients: Float32Array, hessians: Float32Array, raw: Float64Array): TreeArrays {
    const tree = this.growTree(gradients, hessians, null, 0)!;
    this.addLeafValues(raw);
    return tree;
  }

  /**
   * Grows one tree and returns it in flat form, leaving the raw predictions alone (addLeafValues adds the
   * tree's leaf values to them, as grow does). With `cancel`, gives up and returns null as soon as
   * cancel[slot] is not 0 (another thread has the tree already).
   */
  growTree(gradients: Float32Array, hessians: Float32Array, cancel: Int32Array | null, slot: number): TreeArrays | null {
    const n = this.data.nSamples;
    this.gradients = gradients;
    this.hessians = hessians;
    this.leaves = [];
    this.nNodes = 1;
    this.nCategoricalSplits = 0;
    for (let i = 0; i < n; i++) this.partition[i] = i;

    const { minSamplesLeaf } = this.params;
    // The root's sums come with its histogram (the same additions in the same order) when it may split.
    const sums = this.rootSums;
    let hist: Float64Array | null = null;
    if (n >= 2 * minSamplesLeaf) {
      hist = this.pool.acquire();
      buildRootHistogram(hist, sums, this.rootCounts, this.rowSlots, this.data.nBinsNonMissing.length, n, gradients, hessians);
    } else sumGradientsHessians(sums, n, gradients, hessians);
    const root = new TreeNode(0, 0, n, sums[0], sums[1], 0);
    if (hist === null || sums[1] < MIN_HESSIAN_TO_SPLIT) {
      if (hist !== null) this.pool.release(hist);
      this.finalizeLeaf(root);
    } else {
      root.hist = hist;
      this.computeBestSplitAndPush(root);
    }
    while (this.heap.length > 0) {
      if (cancel !== null && Atomics.load(cancel, slot) !== 0) {
        for (let rest = this.heap.popLast(); rest !== undefined; rest = this.heap.popLast()) this.releaseHist(rest);
        return null;
      }
      this.splitNext();
    }
    for (const leaf of this.leaves) leaf.value *= this.params.shrinkage;
    return this.flatten(root);
  }

  /** Adds the leaf values of the tree growTree just returned to the raw predictions of its samples. */
  addLeafValues(raw: Float64Array): void {
    const partition = this.partition;
    for (const leaf of this.leaves) {
      const v = leaf.value;
      for (let i = leaf.start; i < leaf.stop; i++) raw[partition[i]] += v;
    }
  }

  private computeBestSplitAndPush(node: TreeNode): void {
    node.split = this.splitter.findNodeSplit(node.hist!, node.nSamples, node.sumGradients, node.sumHessians, node.value);
    if (node.split.gain <= 0) this.finalizeLeaf(node);
    else this.heap.push(node);
  }

  private finalizeLeaf(node: TreeNode): void {
    node.isLeaf = true;
    this.leaves.push(node);
    this.releaseHist(node);
  }

  private releaseHist(node: TreeNode): void {
    if (node.hist !== null) {
      this.pool.release(node.hist);
      node.hist = null;
    }
  }

  private splitNext(): void {
    const node = this.heap.pop();
    const split = node.split!;
    const rightStart = this.splitIndices(node, split);
    const depth = node.depth + 1;
    const nLeafNodes = this.leaves.length + this.heap.length + 2;
    const left = new TreeNode(depth, node.start, rightStart, split.sumGradientLeft, split.sumHessianLeft, split.valueLeft);
    const right = new TreeNode(depth, rightStart, node.stop, split.sumGradientRight, split.sumHessianRight, split.valueRight);
    node.left = left;
    node.right = right;
    // With no missing values at fit, missing values at predict time follow the majority.
    if (!this.data.hasMissingValues[split.feature]) split.missingGoToLeft = left.nSamples > right.nSamples;
    this.nNodes += 2;
    if (split.isCategorical) this.nCategoricalSplits++;

    const { maxLeafNodes, maxDepth, minSamplesLeaf } = this.params;
    if (maxLeafNodes !== null && nLeafNodes === maxLeafNodes) {
      this.finalizeLeaf(left);
      this.finalizeLeaf(right);
      for (let rest = this.heap.popLast(); rest !== undefined; rest = this.heap.popLast()) this.finalizeLeaf(rest);
      this.releaseHist(node);
      return;
    }
    if (maxDepth !== null && depth === maxDepth) {
      this.finalizeLeaf(left);
      this.finalizeLeaf(right);
      this.releaseHist(node);
      return;
    }
    if (left.nSamples < 2 * minSamplesLeaf) this.finalizeLeaf(left);
    if (right.nSamples < 2 * minSamplesLeaf) this.finalizeLeaf(right);

    if (!left.isLeaf || !right.isLeaf) {
      const [smallest, largest] = left.nSamples < right.nSamples ? [left, right] : [right, left];
      smallest.hist = this.pool.acquire();
      buildNodeHistogram(
        smallest.hist,
        this.rowSlots,
        this.data.nBinsNonMissing.length,
        this.partition,
        smallest.start,
        smallest.stop,
        this.gradients,
        this.hessians,
      );
      largest.hist = this.pool.acquire();
      subtractHistograms(largest.hist, node.hist!, smallest.hist);
      if (!left.isLeaf) this.computeBestSplitAndPush(left);
      if (!right.isLeaf) this.computeBestSplitAndPush(right);
      // A child finalized for having too few samples still got a histogram (its sibling needed it).
      if (left.isLeaf) this.releaseHist(left);
      if (right.isLeaf) this.releaseHist(right);
    }
    this.releaseHist(node);
  }

  /** Stable partition of the node's range: left samples first. Returns where the right child starts. */
  private splitIndices(node: TreeNode, split: SplitInfo): number {
    const col = split.feature * this.data.nSamples;
    // Which side each bin goes to, looked up rather than computed per sample.
    const goLeft = this.goLeft;
    const missingBin = this.data.missingBin;
    if (split.isCategorical) {
      const bits = split.leftCatBitset!;
      for (let b = 0; b < 256; b++) goLeft[b] = (bits[b >>> 5] >>> (b & 31)) & 1;
    } else {
      const threshold = split.binIdx;
      const missingLeft = split.missingGoToLeft ? 1 : 0;
      // Bins up to the threshold go left, the rest right, except the missing-value bin (above them all).
      goLeft.fill(1, 0, threshold + 1);
      goLeft.fill(0, threshold + 1);
      if (missingBin > threshold) goLeft[missingBin] = missingLeft;
    }
    return partitionByTable(this.partition, this.buffer, this.data.binned, col, node.start, node.stop, goLeft);
  }

  /** Pre-order (node, left subtree, right subtree) flat arrays, as scikit-learn's predictor nodes. */
  private flatten(root: TreeNode): TreeArrays {
    const t = emptyTree(this.nNodes, this.nCategoricalSplits);
    let nextNode = 0;
    let nextBitset = 0;
    // An explicit stack: a tree without maxLeafNodes can be deeper than the call stack allows.
    const stack: { node: TreeNode; parent: number; isRight: boolean }[] = [{ node: root, parent: -1, isRight: false }];
    while (stack.length > 0) {
      const { node, parent, isRight } = stack.pop()!;
      const i = nextNode++;
      if (parent >= 0) (isRight ? t.right : t.left)[parent] = i;
      if (node.isLeaf) {
        t.feature[i] = -1;
        t.value[i] = node.value;
        continue;
      }
      const split = node.split!;
      const f = split.feature;
      t.feature[i] = f;
      t.missingLeft[i] = split.missingGoToLeft ? 1 : 0;
      if (split.isCategorical) {
        // Categorical splits always keep their bitset (scikit-learn 1.2 drops it when the feature has a
        // single category, a split on "category vs missing", and then reads another split's bitset).
        const categories = this.data.thresholds[f];
        const bin = split.leftCatBitset!;
        const at = nextBitset++ * BITSET_WORDS;
        for (let b = 0; b < categories.length; b++) if (inBitset(bin, 0, b)) setBitset(t.bitsets, at, categories[b]);
        t.bitsetIndex[i] = at / BITSET_WORDS;
      } else {
        t.bin[i] = split.binIdx;
        t.threshold[i] = split.binIdx === this.data.nBinsNonMissing[f] - 1 ? Infinity : this.data.thresholds[f][split.binIdx];
      }
      stack.push({ node: node.right!, parent: i, isRight: true });
      stack.push({ node: node.left!, parent: i, isRight: false });
    }
    return t;
  }
}

/**
 * The partition loop, branch-free (each sample written to both destinations, the cursor of its side
 * advanced): which side a sample goes to is close to a coin flip, so a branch would mispredict half the
 * time. A plain function over typed arrays so the JIT compiles it once and well. Four samples per
 * iteration cut the loop overhead (V8 re-checks the arrays on every iteration); the right side is
 * copied back with one memmove.
 */
function partitionByTable(p: Int32Array, buf: Int32Array, binned: Uint8Array, col: number, start: number, stop: number, goLeft: Int32Array): number {
  let l = start;
  let r = 0;
  let i = start;
  // All four samples are read before any is written back: the writes (at l <= i + 3) cannot reach them.
  for (; i + 3 < stop; i += 4) {
    const s1 = p[i];
    const s2 = p[i + 1];
    const s3 = p[i + 2];
    const s4 = p[i + 3];
    const left1 = goLeft[binned[col + s1]];
    const left2 = goLeft[binned[col + s2]];
    const left3 = goLeft[binned[col + s3]];
    const left4 = goLeft[binned[col + s4]];
    p[l] = s1;
    buf[r] = s1;
    l += left1;
    r += left1 ^ 1;
    p[l] = s2;
    buf[r] = s2;
    l += left2;
    r += left2 ^ 1;
    p[l] = s3;
    buf[r] = s3;
    l += left3;
    r += left3 ^ 1;
    p[l] = s4;
    buf[r] = s4;
    l += left4;
    r += left4 ^ 1;
  }
  for (; i < stop; i++) {
    const s = p[i];
    const left = goLeft[binned[col + s]];
    p[l] = s;
    buf[r] = s;
    l += left;
    r += left ^ 1;
  }
  p.set(buf.subarray(0, r), l);
  return l;
}
