import { UserError } from '../core/errors.js';
import { FEATURE_THRESHOLD, log2 } from './criterion.js';
import { GINI, type ResolvedTreeParams } from './params.js';
import { MAX_BINS, type TrainingData } from './training-data.js';

/**
 * Where the splitter's feature draws come from: our Rng in production. Tests plug in an emulation of
 * sklearn's own generator to grow sklearn's exact tree, ties included.
 */
export interface RandomSource {
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

const CONSTANT = -1;
const MASK_WORDS = MAX_BINS / 32;
/** Packed integer histograms need weight sums below 2^31 and weights below 2^23 (class in the low byte). */
const PACK_MAX_WEIGHT = 8388608;
/** Nodes at least this large histogram two or three drawn columns in one pass over their samples. */
const FUSE_MIN_SAMPLES = 32;

/**
 * sklearn 1.2's BestSplitter with its ClassificationCriterion, on the binned data of TrainingData: the
 * node's samples (a range of one Int32Array, partitioned in place), the search for the best split
 * and the constant-feature bookkeeping that decides later feature draws.
 *
 * Faithful parts: Fisher–Yates feature draws that keep drawing past constant features and remember
 * features found constant for the node's descendants, sklearn's proxy improvement with "strictly
 * better replaces", the threshold midpoint (and its fallback), weights rather than duplicated rows,
 * samples of weight 0 left out entirely (so minSamplesLeaf counts distinct in-bag rows, as in a
 * forest). Different by design: the random draws come from our Rng, not sklearn's rand_r, so which of
 * two equally good splits wins can differ.
 *
 * All scratch memory is allocated once and reused for every node and every tree of a fit.
 */
export class Splitter {
  /** Rows of positive weight; each node owns the range [start, end). */
  readonly samples: Int32Array;
  /** The right side of a node while it is partitioned. */
  private readonly rightBuffer: Int32Array;
  /** Weighted class counts of the current node (set by the builder). */
  readonly sumTotal: Float64Array;
  /** Sum of all weights of the tree, zeros included (sklearn's weighted_n_samples). */
  wTotal = 0;
  /** All weights are integers: class sums are exact, so children's sums follow from the split. */
  integral = true;

  // Best split of the current node.
  found = false;
  bestPos = 0;
  bestFeature = 0;
  bestThreshold = 0;
  bestWL = 0;
  readonly bestSumLeft: Float64Array;
  impLeft = 0;
  impRight = 0;
  private bestProxy = -Infinity;
  private bestCode = 0;

  private readonly k: number;
  private readonly keys: Float64Array;
  private readonly hist: Float64Array;
  private readonly histInt: Int32Array;
  private readonly cnt: Int32Array;
  private readonly mask: Int32Array;
  /** Histograms and bin masks of the second and third column of a fused pass. */
  private readonly histInt2: Int32Array;
  private readonly histInt3: Int32Array;
  private readonly mask2: Int32Array;
  private readonly mask3: Int32Array;
  /** Columns of the current node still to evaluate, in draw order (fused nodes only). */
  private readonly pending: Int32Array;
  /** Some column has two distinct values within FEATURE_THRESHOLD (rare; no fusing then). */
  private readonly anyNearValues: boolean;
  /** Per row (weight << 8) | class, when every weight is a small integer; else null. */
  private packed: Int32Array | null = null;
  /** Integer weights summing below 2^26: a proxy is 0 exactly when both children are pure. */
  private exactProxy = false;
  private readonly packedStore: Int32Array;
  private readonly features: Int32Array;
  /** Per column: two distinct values within FEATURE_THRESHOLD, which sklearn treats as one. */
  private readonly nearValues: boolean[];
  private readonly constantFeatures: Int32Array;
  private readonly sumLeft: Float64Array;

  // Per tree.
  private w: Float64Array = new Float64Array(0);
  private rng: RandomSource | null = null;
  private params: ResolvedTreeParams | null = null;

  constructor(private readonly data: TrainingData) {
    const { nRows: n, nCols: d, nClasses: k } = data;
    this.k = k;
    this.samples = new Int32Array(n);
    this.rightBuffer = new Int32Array(n);
    this.keys = data.ranks.some((r) => r !== null) ? new Float64Array(n) : new Float64Array(0);
    this.hist = new Float64Array(MAX_BINS * k);
    this.histInt = new Int32Array(MAX_BINS * k);
    this.cnt = new Int32Array(MAX_BINS);
    this.mask = new Int32Array(MASK_WORDS);
    this.histInt2 = new Int32Array(MAX_BINS * k);
    this.histInt3 = new Int32Array(MAX_BINS * k);
    this.mask2 = new Int32Array(MASK_WORDS);
    this.mask3 = new Int32Array(MASK_WORDS);
    this.pending = new Int32Array(d);
    this.packedStore = new Int32Array(k <= 256 ? n : 0);
    this.features = new Int32Array(d);
    this.nearValues = data.values.map((v) => {
      for (let b = 1; b < v.length; b++) if (v[b] <= v[b - 1] + FEATURE_THRESHOLD) return true;
      return false;
    });
    this.anyNearValues = this.nearValues.some((x) => x);
    this.constantFeatures = new Int32Array(d);
    this.sumTotal = new Float64Array(k);
    this.sumLeft = new Float64Array(k);
    this.bestSumLeft = new Float64Array(k);
  }

  /**
   * Starts a tree (sklearn's Splitter.init): the rows of positive weight, the feature order, and the
   * root's class sums in sumTotal. Returns the number of samples and the root's weight.
   */
  init(weights: Float64Array, params: ResolvedTreeParams, rng: RandomSource): { m: number; wRoot: number } {
    const { nRows: n, nCols: d, y } = this.data;
    const k = this.k;
    if (weights.length !== n) throw new Error(`Splitter: ${weights.length} weights for ${n} rows`);
    this.w = weights;
    this.rng = rng;
    this.params = params;
    const samples = this.samples;
    let m = 0;
    let wTotal = 0;
    let integral = true;
    let small = true;
    for (let i = 0; i < n; i++) {
      const wi = weights[i];
      if (wi !== 0) {
        samples[m++] = i;
        integral = integral && wi === Math.floor(wi);
        small = small && wi < PACK_MAX_WEIGHT;
      }
      wTotal += wi;
    }
    if (m === 0) throw new UserError('cannot grow a tree: every sample weight is 0');
    this.wTotal = wTotal;
    for (let j = 0; j < d; j++) {
      this.features[j] = j;
      this.constantFeatures[j] = 0;
    }
    this.integral = integral;
    this.exactProxy = integral && wTotal < 67108864;
    this.packed = null;
    if (!(integral && small && k <= 256 && wTotal < 2147483648)) return { m, wRoot: this.nodeReset(0, m) };
    // One pass packs each row and adds up the root's class sums.
    const packed = this.packedStore;
    const sumTotal = this.sumTotal;
    for (let c = 0; c < k; c++) sumTotal[c] = 0;
    let wRoot = 0;
    for (let p = 0; p < m; p++) {
      const i = samples[p];
      const wi = weights[i];
      packed[i] = (wi << 8) | y[i];
      sumTotal[y[i]] += wi;
      wRoot += wi;
    }
    this.packed = packed;
    return { m, wRoot };
  }

  /** sklearn's node_reset: the node's class sums into sumTotal, returning its weight. */
  nodeReset(start: number, end: number): number {
    const { y } = this.data;
    const { samples, sumTotal, w } = this;
    const k = this.k;
    for (let c = 0; c < k; c++) sumTotal[c] = 0;
    let wNode = 0;
    for (let p = start; p < end; p++) {
      const i = samples[p];
      const wi = w[i];
      sumTotal[y[i]] += wi;
      wNode += wi;
    }
    return wNode;
  }

  /**
   * sklearn's BestSplitter.node_split. Leaves the best split in best*, with bestPos = end when there
   * is none, samples[start:end] partitioned around it, and returns the node's constant-feature count.
   */
  split(start: number, end: number, nKnownConstants: number, wNode: number): number {
    const { nCols: d, bins } = this.data;
    const { maxFeatures } = this.params!;
    const rng = this.rng!;
    const features = this.features;
    const constantFeatures = this.constantFeatures;
    this.found = false;
    this.bestProxy = -Infinity;
    this.bestPos = end;
    this.bestFeature = 0;
    this.bestThreshold = 0;

    // Big nodes, integer weights: draw first (constancy by the exact cheap test), then evaluate the drawn
    // columns in draw order, histogramming consecutive binned ones together. Same draws, same order of
    // evaluation, so the same split as evaluating each column as it is drawn.
    const fuse =
      this.packed !== null && !this.anyNearValues && end - start >= FUSE_MIN_SAMPLES && this.params!.minSamplesLeaf === 1;
    let nPending = 0;
    let fi = d;
    let nVisited = 0;
    let nFoundConstants = 0;
    let nDrawnConstants = 0;
    let nTotalConstants = nKnownConstants;
    // features[0 : nDrawnConstants) drawn known constants; [nDrawnConstants : nKnownConstants) known
    // constants not drawn yet; [nKnownConstants : nTotalConstants) newly found constants;
    // [nTotalConstants : fi) not drawn yet; [fi : d) drawn and evaluated.
    while (fi > nTotalConstants && (nVisited < maxFeatures || nVisited <= nFoundConstants + nDrawnConstants)) {
      nVisited++;
      let fj = nDrawnConstants + rng.nextInt(fi - nFoundConstants - nDrawnConstants);
      if (fj < nKnownConstants) {
        const t = features[nDrawnConstants];
        features[nDrawnConstants] = features[fj];
        features[fj] = t;
        nDrawnConstants++;
        continue;
      }
      fj += nFoundConstants;
      const f = features[fj];
      let r: number;
      if (fuse) {
        r = this.constantTest(f, start, end);
        if (r !== CONSTANT) this.pending[nPending++] = f;
      } else {
        // With integer weights (squares exact below 2^53) a proxy of 0 means both children pure: no later
        // feature can be strictly better, so later ones only need sklearn's constant test (which decides
        // how the remaining features are drawn).
        const perfect = this.found && this.bestProxy === 0 && this.exactProxy && !this.nearValues[f];
        r = perfect
          ? this.constantTest(f, start, end)
          : bins[f] !== null
            ? this.scanBinned(f, start, end, wNode)
            : this.scanRanked(f, start, end, wNode);
      }
      if (r === CONSTANT) {
        features[fj] = features[nTotalConstants];
        features[nTotalConstants] = f;
        nFoundConstants++;
        nTotalConstants++;
        continue;
      }
      fi--;
      features[fj] = features[fi];
      features[fi] = f;
    }
    if (nPending > 0) this.evaluatePending(nPending, start, end, wNode);

    if (this.found) this.bestPos = this.partition(start, end);

    // The known constants keep their order for siblings and descendants; new ones are appended.
    for (let j = 0; j < nKnownConstants; j++) features[j] = constantFeatures[j];
    for (let j = nKnownConstants; j < nTotalConstants; j++) constantFeatures[j] = features[j];
    return nTotalConstants;
  }

  /** Evaluates the non-constant columns drawn at a fused node, in draw order. */
  private evaluatePending(nPending: number, start: number, end: number, wNode: number): void {
    const { bins } = this.data;
    const pending = this.pending;
    let q = 0;
    while (q < nPending) {
      const f = pending[q];
      if (bins[f] === null) {
        this.scanRanked(f, start, end, wNode);
        q++;
        continue;
      }
      let group = 1;
      while (group < 3 && q + group < nPending && bins[pending[q + group]] !== null) group++;
      if (group === 1) this.scanBinned(f, start, end, wNode);
      else {
        this.fusedHistograms(f, pending[q + 1], group === 3 ? pending[q + 2] : -1, start, end);
        this.scanBins(f, start, end, wNode, this.histInt, this.mask, false);
        this.scanBins(pending[q + 1], start, end, wNode, this.histInt2, this.mask2, false);
        if (group === 3) this.scanBins(pending[q + 2], start, end, wNode, this.histInt3, this.mask3, false);
      }
      q += group;
    }
  }

  /**
   * Histograms of two or three binned columns (f3 = −1 for two) in one pass: each sample's row index
   * and packed class and weight are loaded once for all of them.
   */
  private fusedHistograms(f1: number, f2: number, f3: number, start: number, end: number): void {
    const { bins, values } = this.data;
    const k = this.k;
    const samples = this.samples;
    const packed = this.packed!;
    const c1 = bins[f1]!;
    const c2 = bins[f2]!;
    const h1 = this.histInt;
    const h2 = this.histInt2;
    const m1 = this.mask;
    const m2 = this.mask2;
    const few = values[f1].length <= 32 && values[f2].length <= 32 && (f3 < 0 || values[f3].length <= 32);
    if (f3 < 0) {
      if (few) {
        let b1 = 0;
        let b2 = 0;
        for (let p = start; p < end; p++) {
          const i = samples[p];
          const v = packed[i];
          const c = v & 255;
          const w = v >> 8;
          const x1 = c1[i];
          const x2 = c2[i];
          h1[x1 * k + c] += w;
          h2[x2 * k + c] += w;
          b1 |= 1 << x1;
          b2 |= 1 << x2;
        }
        m1[0] = b1;
        m2[0] = b2;
      } else {
        for (let p = start; p < end; p++) {
          const i = samples[p];
          const v = packed[i];
          const c = v & 255;
          const w = v >> 8;
          const x1 = c1[i];
          const x2 = c2[i];
          h1[x1 * k + c] += w;
          h2[x2 * k + c] += w;
          m1[x1 >> 5] |= 1 << (x1 & 31);
          m2[x2 >> 5] |= 1 << (x2 & 31);
        }
      }
      return;
    }
    const c3 = bins[f3]!;
    const h3 = this.histInt3;
    const m3 = this.mask3;
    if (few) {
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let p = start; p < end; p++) {
        const i = samples[p];
        const v = packed[i];
        const c = v & 255;
        const w = v >> 8;
        const x1 = c1[i];
        const x2 = c2[i];
        const x3 = c3[i];
        h1[x1 * k + c] += w;
        h2[x2 * k + c] += w;
        h3[x3 * k + c] += w;
        b1 |= 1 << x1;
        b2 |= 1 << x2;
        b3 |= 1 << x3;
      }
      m1[0] = b1;
      m2[0] = b2;
      m3[0] = b3;
    } else {
      for (let p = start; p < end; p++) {
        const i = samples[p];
        const v = packed[i];
        const c = v & 255;
        const w = v >> 8;
        const x1 = c1[i];
        const x2 = c2[i];
        const x3 = c3[i];
        h1[x1 * k + c] += w;
        h2[x2 * k + c] += w;
        h3[x3 * k + c] += w;
        m1[x1 >> 5] |= 1 << (x1 & 31);
        m2[x2 >> 5] |= 1 << (x2 & 31);
        m3[x3 >> 5] |= 1 << (x3 & 31);
      }
    }
  }

  /** CONSTANT when all node samples share the feature's value, else 0 (columns without near values only). */
  private constantTest(f: number, start: number, end: number): number {
    const codes: Uint8Array | Int32Array = this.data.bins[f] ?? this.data.ranks[f]!;
    const samples = this.samples;
    const first = codes[samples[start]];
    for (let p = start + 1; p < end; p++) if (codes[samples[p]] !== first) return 0;
    return CONSTANT;
  }

  /**
   * Histogram split search on a column of ≤ 256 distinct values: per-bin class weights, then a scan
   * of the present bins in ascending order. Bins present are marked in a 256-bit mask, whose set bits
   * come out sorted; rows are zeroed as they are scanned, so nothing is left to clear.
   */
  private scanBinned(f: number, start: number, end: number, wNode: number): number {
    const codes = this.data.bins[f]!;
    const samples = this.samples;
    // Cheap exact test first: all codes equal means constant (sklearn's test also merges values
    // within FEATURE_THRESHOLD, checked below); a non-constant column usually differs within a few rows.
    const first = codes[samples[start]];
    let p = start + 1;
    while (p < end && codes[samples[p]] === first) p++;
    if (p === end) return CONSTANT;

    const k = this.k;
    const mask = this.mask;
    const cnt = this.cnt;
    const counting = this.params!.minSamplesLeaf > 1;
    if (this.packed !== null) {
      const packed = this.packed;
      const hist = this.histInt;
      if (this.data.values[f].length <= 32) {
        // Few bins: the presence mask lives in a register, not in memory.
        let bits = 0;
        for (p = start; p < end; p++) {
          const i = samples[p];
          const b = codes[i];
          const v = packed[i];
          hist[b * k + (v & 255)] += v >> 8;
          bits |= 1 << b;
          if (counting) cnt[b]++;
        }
        mask[0] = bits;
      } else if (counting) {
        for (p = start; p < end; p++) {
          const i = samples[p];
          const b = codes[i];
          const v = packed[i];
          hist[b * k + (v & 255)] += v >> 8;
          mask[b >> 5] |= 1 << (b & 31);
          cnt[b]++;
        }
      } else {
        for (p = start; p < end; p++) {
          const i = samples[p];
          const b = codes[i];
          const v = packed[i];
          hist[b * k + (v & 255)] += v >> 8;
          mask[b >> 5] |= 1 << (b & 31);
        }
      }
      return this.scanBins(f, start, end, wNode, hist, mask, counting);
    }
    const y = this.data.y;
    const w = this.w;
    const hist = this.hist;
    for (p = start; p < end; p++) {
      const i = samples[p];
      const b = codes[i];
      hist[b * k + y[i]] += w[i];
      mask[b >> 5] |= 1 << (b & 31);
      cnt[b]++;
    }
    return this.scanBins(f, start, end, wNode, hist, mask, true);
  }

  /**
   * Walks the bins marked in `mask` in ascending order, evaluating a split between consecutive present
   * values more than FEATURE_THRESHOLD apart, and leaves mask, histogram and counts zeroed. Without
   * counts (minSamplesLeaf = 1) the leaf-size test cannot fail: every candidate has a present bin on
   * each side.
   */
  private scanBins(
    f: number,
    start: number,
    end: number,
    wNode: number,
    hist: Float64Array | Int32Array,
    mask: Int32Array,
    counting: boolean,
  ): number {
    if (this.k === 2 && this.params!.criterion === GINI) return this.scanBinsGini2(f, start, end, wNode, hist, mask, counting);
    const k = this.k;
    const cnt = this.cnt;
    const vals = this.data.values[f];
    let lo = 0;
    while (mask[lo] === 0) lo++;
    let hi = (vals.length - 1) >> 5;
    while (mask[hi] === 0) hi--;
    const minB = (lo << 5) + 31 - Math.clz32(mask[lo] & -mask[lo]);
    const maxB = (hi << 5) + 31 - Math.clz32(mask[hi]);
    const constant = vals[maxB] <= vals[minB] + FEATURE_THRESHOLD;

    const minSamplesLeaf = this.params!.minSamplesLeaf;
    const sumLeft = this.sumLeft;
    for (let c = 0; c < k; c++) sumLeft[c] = 0;
    const nNode = end - start;
    let nL = 0;
    let wL = 0;
    let prev = -1;
    for (let word = lo; word <= hi; word++) {
      let bits = mask[word];
      mask[word] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const b = (word << 5) + 31 - Math.clz32(low);
        if (!constant && prev >= 0 && vals[b] > vals[prev] + FEATURE_THRESHOLD && (!counting || (nL >= minSamplesLeaf && nNode - nL >= minSamplesLeaf))) {
          const proxy = this.proxy(wL, wNode - wL);
          if (proxy > this.bestProxy) this.record(proxy, f, prev, vals[prev], vals[b], wL);
        }
        const hb = b * k;
        for (let c = 0; c < k; c++) {
          const v = hist[hb + c];
          hist[hb + c] = 0;
          sumLeft[c] += v;
          wL += v;
        }
        if (counting) {
          nL += cnt[b];
          cnt[b] = 0;
        }
        prev = b;
      }
    }
    return constant ? CONSTANT : 0;
  }

  /**
   * scanBins for two classes and the Gini criterion (every binary problem of a one-vs-rest forest): the
   * same candidates, sums and formulas operation for operation (childrenImpurity's loops written out,
   * 0 + x being x), with the running sums in locals.
   */
  private scanBinsGini2(
    f: number,
    start: number,
    end: number,
    wNode: number,
    hist: Float64Array | Int32Array,
    mask: Int32Array,
    counting: boolean,
  ): number {
    const cnt = this.cnt;
    const vals = this.data.values[f];
    let lo = 0;
    while (mask[lo] === 0) lo++;
    let hi = (vals.length - 1) >> 5;
    while (mask[hi] === 0) hi--;
    const minB = (lo << 5) + 31 - Math.clz32(mask[lo] & -mask[lo]);
    const maxB = (hi << 5) + 31 - Math.clz32(mask[hi]);
    const constant = vals[maxB] <= vals[minB] + FEATURE_THRESHOLD;

    const minSamplesLeaf = this.params!.minSamplesLeaf;
    const s0 = this.sumTotal[0];
    const s1 = this.sumTotal[1];
    const nNode = end - start;
    let l0 = 0;
    let l1 = 0;
    let nL = 0;
    let wL = 0;
    let prev = -1;
    for (let word = lo; word <= hi; word++) {
      let bits = mask[word];
      mask[word] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const b = (word << 5) + 31 - Math.clz32(low);
        if (!constant && prev >= 0 && vals[b] > vals[prev] + FEATURE_THRESHOLD && (!counting || (nL >= minSamplesLeaf && nNode - nL >= minSamplesLeaf))) {
          const wR = wNode - wL;
          const r0 = s0 - l0;
          const r1 = s1 - l1;
          const impLeft = 1.0 - (l0 * l0 + l1 * l1) / (wL * wL);
          const impRight = 1.0 - (r0 * r0 + r1 * r1) / (wR * wR);
          const proxy = -wR * impRight - wL * impLeft;
          if (proxy > this.bestProxy) {
            this.sumLeft[0] = l0;
            this.sumLeft[1] = l1;
            this.record(proxy, f, prev, vals[prev], vals[b], wL);
          }
        }
        const v0 = hist[2 * b];
        const v1 = hist[2 * b + 1];
        hist[2 * b] = 0;
        hist[2 * b + 1] = 0;
        l0 += v0;
        wL += v0;
        l1 += v1;
        wL += v1;
        if (counting) {
          nL += cnt[b];
          cnt[b] = 0;
        }
        prev = b;
      }
    }
    return constant ? CONSTANT : 0;
  }

  /** Sort-based split search on a column of > 256 distinct values: node samples ordered by rank. */
  private scanRanked(f: number, start: number, end: number, wNode: number): number {
    const n = this.data.nRows;
    const rank = this.data.ranks[f]!;
    const vals = this.data.values[f];
    const y = this.data.y;
    const samples = this.samples;
    const w = this.w;
    const keys = this.keys;
    // rank · n + row is exact in a double (below 2^53 for any n < 9e7) and sorts by rank, then row.
    for (let p = start; p < end; p++) {
      const i = samples[p];
      keys[p] = rank[i] * n + i;
    }
    keys.subarray(start, end).sort();
    const firstRank = Math.floor(keys[start] / n);
    const lastRank = Math.floor(keys[end - 1] / n);
    if (vals[lastRank] <= vals[firstRank] + FEATURE_THRESHOLD) return CONSTANT;

    const { minSamplesLeaf } = this.params!;
    const sumLeft = this.sumLeft;
    for (let c = 0; c < this.k; c++) sumLeft[c] = 0;
    const nNode = end - start;
    let wL = 0;
    let prev = firstRank;
    for (let p = start; p < end; p++) {
      const key = keys[p];
      const r = Math.floor(key / n);
      const i = key - r * n;
      const nL = p - start;
      if (vals[r] > vals[prev] + FEATURE_THRESHOLD && nL >= minSamplesLeaf && nNode - nL >= minSamplesLeaf) {
        const proxy = this.proxy(wL, wNode - wL);
        if (proxy > this.bestProxy) this.record(proxy, f, prev, vals[prev], vals[r], wL);
      }
      const wi = w[i];
      sumLeft[y[i]] += wi;
      wL += wi;
      prev = r;
    }
    return 0;
  }

  private record(proxy: number, f: number, code: number, lo: number, hi: number, wL: number): void {
    this.found = true;
    this.bestProxy = proxy;
    this.bestFeature = f;
    this.bestCode = code;
    // Sum of halves, as sklearn, so that huge values cannot overflow to infinity.
    let t = lo / 2.0 + hi / 2.0;
    if (t === hi || t === Infinity || t === -Infinity) t = lo;
    this.bestThreshold = t;
    this.bestWL = wL;
    const k = this.k;
    for (let c = 0; c < k; c++) this.bestSumLeft[c] = this.sumLeft[c];
  }

  /** sklearn's proxy_impurity_improvement: −wR·impurity(right) − wL·impurity(left). */
  private proxy(wL: number, wR: number): number {
    this.childrenImpurity(this.sumLeft, wL, wR);
    return -wR * this.impRight - wL * this.impLeft;
  }

  /** sklearn's children_impurity into impLeft and impRight, for left sums `sumLeft` of the node's sumTotal. */
  childrenImpurity(sumLeft: Float64Array, wL: number, wR: number): void {
    const k = this.k;
    const sumTotal = this.sumTotal;
    if (this.params!.criterion === GINI) {
      let sqL = 0.0;
      let sqR = 0.0;
      for (let c = 0; c < k; c++) {
        const l = sumLeft[c];
        sqL += l * l;
        const r = sumTotal[c] - l;
        sqR += r * r;
      }
      this.impLeft = 1.0 - sqL / (wL * wL);
      this.impRight = 1.0 - sqR / (wR * wR);
      return;
    }
    let eL = 0.0;
    let eR = 0.0;
    for (let c = 0; c < k; c++) {
      let l = sumLeft[c];
      if (l > 0.0) {
        l /= wL;
        eL -= l * log2(l);
      }
      let r = sumTotal[c] - sumLeft[c];
      if (r > 0.0) {
        r /= wR;
        eR -= r * log2(r);
      }
    }
    this.impLeft = eL;
    this.impRight = eR;
  }

  /**
   * Moves samples at or below the best split's code to the front. With integer weights nothing of a node
   * depends on the order of its samples (class sums are exact integers, ranked columns are sorted, binned
   * ones histogrammed), so a stable branch-free partition through a buffer does it: where a sample goes is
   * a coin flip that a branch would mispredict half the time. Fractional weights are summed in sample
   * order, so they keep sklearn's swap partition and its order.
   */
  private partition(start: number, end: number): number {
    const f = this.bestFeature;
    const codes: Uint8Array | Int32Array = this.data.bins[f] ?? this.data.ranks[f]!;
    return this.integral
      ? partitionStable(this.samples, this.rightBuffer, codes, this.bestCode, start, end)
      : this.partitionSwap(codes, start, end);
  }

  private partitionSwap(codes: Uint8Array | Int32Array, start: number, end: number): number {
    const limit = this.bestCode;
    const samples = this.samples;
    let p = start;
    let pe = end;
    while (p < pe) {
      const i = samples[p];
      if (codes[i] <= limit) p++;
      else {
        pe--;
        samples[p] = samples[pe];
        samples[pe] = i;
      }
    }
    return p;
  }
}

/**
 * Samples of samples[start:end) whose code is at most `limit` first, both sides in their previous order,
 * without branches: each sample is written to both sides and the cursor of its side advances. A plain
 * function over typed arrays, so that the JIT compiles its loop on its own, tightly.
 */
function partitionStable(samples: Int32Array, right: Int32Array, codes: Uint8Array | Int32Array, limit: number, start: number, end: number): number {
  let l = start;
  let r = 0;
  for (let p = start; p < end; p++) {
    const i = samples[p];
    // 1 when codes[i] <= limit (codes are below 2^31).
    const left = ((limit - codes[i]) >>> 31) ^ 1;
    samples[l] = i;
    right[r] = i;
    l += left;
    r += left ^ 1;
  }
  for (let j = 0; j < r; j++) samples[l + j] = right[j];
  return l;
}
