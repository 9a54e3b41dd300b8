import { BITSET_WORDS } from './splitter.js';
import type { TreeArrays } from './trees.js';

/** Most values a group of features' combined bin may take in the generic layout (its table's length, per tree using it). */
const GROUP_BINS = 256;

/** Beyond this many table entries in all (64 MB as 32-bit masks) the trees are walked instead. */
const MAX_TABLE_ENTRIES = 1 << 24;

/** Most bytes of tables for the fast layout (three groups, every tree reading each): about an L2 cache or two. */
const FAST_TABLE_BYTES = 4 << 20;

/** Groups of the fast layout (fewer are padded with one-value groups; its loops are written out for three). */
const FAST_GROUPS = 3;

/**
 * A second form of a TreeEnsemble for prediction without walking the trees (the QuickScorer idea, on
 * bins). Every feature's values are first mapped to a small bin such that every split of the ensemble
 * sends all values of one bin the same way: for a numeric feature the bin is the number of distinct
 * split thresholds below the value (v <= t_j ⇔ bin <= j), NaN gets its own bin; for a categorical
 * feature each code that some split or the known-category set mentions gets its own bin, and every
 * other value (unknown codes, NaN, non-codes) shares one "missing" bin, exactly as the tree walk treats
 * them. Features are packed into groups, each group's bin combining its features' bins. Then, per
 * tree and per group the tree uses, a table gives for each combined bin the set of leaves (a bit mask:
 * one byte when every tree has at most 8 leaves, else 32 bits) still reachable given the decisions of
 * all that tree's splits on the group's features: a split clears the leaves of the subtree the bin
 * does not go to. The AND over the tree's groups leaves exactly one leaf bit, the leaf the walk would
 * reach (bits above the tree's leaves may stay set; the lowest set bit is the leaf). The loads are
 * independent of each other (no node → child chain), so rows flow through the CPU far faster than a
 * walk, and the leaf values are still added to each row's raw score tree after tree in the same order:
 * results are bit-identical.
 *
 * Two layouts. The fast one, when the features fit in three groups whose tables for all trees stay
 * within FAST_TABLE_BYTES: every tree reads every group (all leaves kept where it does not split on
 * one), so a row's three group bins are loaded once for many trees. The trees of each class, in order,
 * form packs that share one 32-bit word per table entry: four trees of at most 8 leaves (a byte each),
 * two of at most 16, or one; so three loads give the leaf sets of four small trees. A pack's three
 * tables lie one after the other, and its leaf values in 32 slots of their own, so a pack needs one
 * table base and one leaf base. A pass over the block adds up to sixteen trees of one class to each
 * row's score held in a register (class by class, trees in order: each score gets the same additions
 * in the same order; a pack short of trees is filled with trees whose only leaf is −0, which added to
 * any number leaves it as it is). Otherwise the generic layout: groups of at most GROUP_BINS values,
 * each tree reading the groups it splits on.
 *
 * Not every ensemble fits (a tree with more than 32 leaves, a feature split both numerically and
 * categorically, a NaN threshold, tables beyond MAX_TABLE_ENTRIES): `compile` returns null and the caller walks the trees instead.
 */
export class LeafTablePredictor {
  /** Per-block scratch, reused across calls (prediction is synchronous, so never shared). */
  private bins = new Int32Array(0);
  private groupBins = new Int32Array(0);
  private acc = new Int32Array(0);
  private raw = new Float64Array(0);

  /** Columns the rows must have at least. */
  get nFeatures(): number {
    return this.kind.length;
  }

  /** Whether the fast layout is in use (for tests and benchmarks). */
  get layout(): 'fast' | 'generic' {
    return this.packSize > 0 ? 'fast' : 'generic';
  }

  private constructor(
    private readonly nTrees: number,
    /** Per feature: 0 unused, 1 numeric, 2 categorical. */
    private readonly kind: Uint8Array,
    /** Per numeric feature, its distinct split thresholds, increasing, then +∞ up to a power of two above their count. */
    private readonly searchThresholds: Float64Array[],
    /** Per categorical feature, bin of each code 0..255 (codes no split or known set mentions: the missing bin). */
    private readonly codeBin: Int32Array[],
    /** Per feature, the bin of missing values. */
    private readonly missingBin: Int32Array,
    /** Per feature, its group (-1: unused) and the factor of its bin in the group's bin. */
    private readonly groupOf: Int32Array,
    private readonly strideOf: Int32Array,
    private readonly nGroups: number,
    private readonly masks: Int32Array | Uint8Array,
    /**
     * Generic layout: tree t's leaf j has value leafValue[leafStart[t] + j]. Fast layout: every pack owns 32
     * slots, 32 / lanes per lane, so lane j of pack p's leaf l is leafValue[32p + (32 / lanes)·j + l].
     */
    private readonly leafStart: Int32Array,
    private readonly leafValue: Float64Array,
    /**
     * Fast layout: the table entries of one pack (0 for the generic layout). Pack p's tables follow each
     * other from masks[p · packSize], group g's at offset groupBase[g], which the block's group bins already
     * include: entry masks[p · packSize + groupBins[g·nb + i]]. One base per pack, not three.
     */
    private readonly packSize: number,
    private readonly groupBase: Int32Array,
    /** Fast layout: class k's packs are packStart[k]..packStart[k+1]-1 (for the number of classes compiled for). */
    private readonly packStart: Int32Array,
    /** Fast layout: trees per pack (4, 2 or 1). */
    private readonly lanes: number,
    /** The number of classes the fast layout's packs were made for (trees t, t + K, ... of a class). */
    private readonly nClasses: number,
    /** Generic layout: tree t's tables are entries featStart[t]..featStart[t+1]-1: group usedFeat[e], masks from tableAt[e]. */
    private readonly featStart: Int32Array,
    private readonly usedFeat: Int32Array,
    private readonly tableAt: Int32Array,
    /** Generic layout, row-wise: tree t's entries are padFeat/padTable[t·width .. t·width + width − 1]. */
    private readonly width: number,
    private readonly padFeat: Int32Array,
    private readonly padTable: Int32Array,
  ) {}

  /**
   * Builds the tables, or null when the ensemble does not fit this scheme. `K`: the classes of the raw
   * scores addBlock will fill (tree t adds to class t mod K).
   */
  static compile(nodeStart: Int32Array, t: TreeArrays, known: Uint32Array, K = 1): LeafTablePredictor | null {
    const nTrees = nodeStart.length - 1;
    const { feature, threshold, missingLeft, left, right, value, bitsetIndex, bitsets } = t;
    let nFeatures = 0;
    for (let g = 0; g < feature.length; g++) nFeatures = Math.max(nFeatures, feature[g] + 1);
    const kind = new Uint8Array(nFeatures);
    const thresholdLists: number[][] = Array.from({ length: nFeatures }, () => []);
    for (let g = 0; g < feature.length; g++) {
      const f = feature[g];
      if (f < 0) continue;
      const k = bitsetIndex[g] >= 0 ? 2 : 1;
      if (kind[f] !== 0 && kind[f] !== k) return null;
      kind[f] = k;
      if (k === 1) {
        if (Number.isNaN(threshold[g])) return null;
        thresholdLists[f].push(threshold[g]);
      }
    }
    const bit = (words: ArrayLike<number>, at: number, c: number): number => ((words[at + (c >>> 5)] ?? 0) >>> (c & 31)) & 1;

    const thresholds: Float64Array[] = [];
    const codeBin: Int32Array[] = [];
    const missingBin = new Int32Array(nFeatures);
    const nBins = new Int32Array(nFeatures);
    /** Per categorical feature, the code each non-missing bin stands for. */
    const binCode: number[][] = [];
    for (let f = 0; f < nFeatures; f++) {
      thresholds.push(new Float64Array(0));
      codeBin.push(new Int32Array(0));
      binCode.push([]);
      if (kind[f] === 1) {
        const sorted = Float64Array.from(thresholdLists[f]).sort();
        const distinct: number[] = [];
        for (const x of sorted) if (distinct.length === 0 || distinct[distinct.length - 1] !== x) distinct.push(x);
        thresholds[f] = Float64Array.from(distinct);
        missingBin[f] = distinct.length + 1;
        nBins[f] = distinct.length + 2;
      } else if (kind[f] === 2) {
        // Codes that matter: known at fit, or sent left by some split (a split may name a code never known).
        const matters = new Uint32Array(BITSET_WORDS);
        for (let w = 0; w < BITSET_WORDS; w++) matters[w] = known[f * BITSET_WORDS + w] ?? 0;
        for (let g = 0; g < feature.length; g++) {
          if (feature[g] !== f) continue;
          for (let w = 0; w < BITSET_WORDS; w++) matters[w] |= bitsets[bitsetIndex[g] * BITSET_WORDS + w] ?? 0;
        }
        const codes: number[] = [];
        for (let c = 0; c < 256; c++) if (bit(matters, 0, c)) codes.push(c);
        const cb = new Int32Array(256).fill(codes.length);
        codes.forEach((c, b) => (cb[c] = b));
        codeBin[f] = cb;
        binCode[f] = codes;
        missingBin[f] = codes.length;
        nBins[f] = codes.length + 1;
      }
    }


    // Leaves of every tree, numbered in pre-order (reachable nodes only), and the leaves below each node.
    const leafStart = new Int32Array(nTrees + 1);
    const leafValues: number[] = [];
    const orders: number[][] = [];
    const belows: Int32Array[] = [];
    let maxLeaves = 0;
    for (let tree = 0; tree < nTrees; tree++) {
      const base = nodeStart[tree];
      const m = nodeStart[tree + 1] - base;
      const order: number[] = [];
      const leafId = new Int32Array(m).fill(-1);
      const stack = [base];
      let nLeaves = 0;
      while (stack.length > 0) {
        const g = stack.pop()!;
        order.push(g);
        if (feature[g] < 0) {
          leafId[g - base] = nLeaves++;
          leafValues.push(value[g]);
        } else stack.push(base + right[g], base + left[g]);
      }
      if (nLeaves > 32) return null;
      maxLeaves = Math.max(maxLeaves, nLeaves);
      const below = new Int32Array(m);
      for (let j = order.length - 1; j >= 0; j--) {
        const g = order[j];
        below[g - base] = feature[g] < 0 ? 1 << leafId[g - base] : below[left[g]] | below[right[g]];
      }
      orders.push(order);
      belows.push(below);
      leafStart[tree + 1] = leafValues.length;
    }

    const used = Array.from({ length: nFeatures }, (_, f) => f).filter((f) => kind[f] !== 0);
    // Fast layout: lanes of 8, 16 or 32 bits per tree in a table word.
    const lanes = maxLeaves <= 8 ? 4 : maxLeaves <= 16 ? 2 : 1;
    const nPacks = Array.from({ length: K }, (_, k) => Math.ceil(Math.max(0, Math.ceil((nTrees - k) / K)) / lanes)).reduce((a, b) => a + b, 0);
    const fast = fastGroups(used, nBins, nPacks);
    const { groupOf, strideOf, groupSize } = fast ?? genericGroups(used, nBins);
    const nGroups = groupSize.length;

    // One table per tree and group the tree splits on, every split clearing the side each bin avoids.
    const tables: Map<number, Int32Array>[] = [];
    for (let tree = 0; tree < nTrees; tree++) {
      const below = belows[tree];
      const byGroup = new Map<number, Int32Array>();
      for (const g of orders[tree]) {
        const f = feature[g];
        if (f < 0) continue;
        const G = groupOf[f];
        let tab = byGroup.get(G);
        if (tab === undefined) {
          tab = new Int32Array(groupSize[G]).fill(-1);
          byGroup.set(G, tab);
        }
        const clearIfLeft = ~below[right[g]];
        const clearIfRight = ~below[left[g]];
        const clear = new Int32Array(nBins[f]);
        for (let b = 0; b < nBins[f]; b++) {
          let goesLeft: number;
          if (b === missingBin[f]) goesLeft = missingLeft[g];
          else if (kind[f] === 1) goesLeft = +(b === 0 || thresholds[f][b - 1] < threshold[g]); // b <= j where threshold = t_j
          else {
            const c = binCode[f][b];
            goesLeft = bit(bitsets, bitsetIndex[g] * BITSET_WORDS, c) ? 1 : bit(known, f * BITSET_WORDS, c) ? 0 : missingLeft[g];
          }
          clear[b] = goesLeft ? clearIfLeft : clearIfRight;
        }
        // The group's bin is lo + stride·(b + nBins·hi): runs of `stride` entries share the feature's bin b.
        const stride = strideOf[f];
        const period = stride * nBins[f];
        for (let hi = 0; hi < tab.length; hi += period) {
          for (let b = 0, at = hi; b < nBins[f]; b++) {
            const v = clear[b];
            for (let end = at + stride; at < end; at++) tab[at] &= v;
          }
        }
      }
      tables.push(byGroup);
    }

    const chunks: Int32Array[] = [];
    let maskLength = 0;
    const push = (c: Int32Array): number => {
      chunks.push(c);
      maskLength += c.length;
      return maskLength - c.length;
    };
    let packSize = 0;
    const groupBase = new Int32Array(nGroups);
    const packStart = new Int32Array(K + 1);
    let packLeaves: Float64Array | null = null;
    const featStart = new Int32Array(nTrees + 1);
    const usedFeat: number[] = [];
    const tableAt: number[] = [];
    let width = 0;
    let padFeat = new Int32Array(0);
    let padTable = new Int32Array(0);
    if (fast !== null) {
      const laneBits = 32 / lanes;
      const laneOnes = lanes === 1 ? -1 : (1 << laneBits) - 1;
      for (let G = 0; G < FAST_GROUPS; G++) {
        groupBase[G] = packSize;
        packSize += groupSize[G];
      }
      // A lane of a missing tree (a short pack) has all its bits set, so leaf 0, whose slot holds −0.
      packLeaves = new Float64Array(nPacks * 32);
      let p = 0;
      for (let k = 0; k < K; k++) {
        packStart[k] = p;
        for (let first = k; first < nTrees; first += lanes * K, p++) {
          for (let G = 0; G < FAST_GROUPS; G++) {
            const table = new Int32Array(groupSize[G]);
            for (let j = 0; j < lanes; j++) {
              const tree = first + j * K;
              const tab = tree < nTrees ? tables[tree].get(G) : undefined;
              const shift = j * laneBits;
              if (tab === undefined) for (let e = 0; e < table.length; e++) table[e] |= laneOnes << shift;
              else for (let e = 0; e < table.length; e++) table[e] |= (tab[e] & laneOnes) << shift;
            }
            push(table); // at p · packSize + groupBase[G]: packs and groups in order, nothing between
          }
          for (let j = 0; j < lanes; j++) {
            const tree = first + j * K;
            const slot = 32 * p + laneBits * j;
            if (tree < nTrees) packLeaves.set(leafValues.slice(leafStart[tree], leafStart[tree + 1]), slot);
            else packLeaves[slot] = -0;
          }
        }
      }
      packStart[K] = p;
    } else {
      const ones = push(Int32Array.of(-1));
      for (let tree = 0; tree < nTrees; tree++) {
        for (const [G, tab] of [...tables[tree]].sort((a, b) => a[0] - b[0])) {
          usedFeat.push(G);
          tableAt.push(push(tab));
        }
        featStart[tree + 1] = usedFeat.length;
      }
      // Row-wise form: every tree padded to the same number of entries with the all-ones word read at a
      // dummy group whose bin is always 0, so the loop over a tree's groups has one trip count and its exit
      // branch is always predicted.
      for (let tree = 0; tree < nTrees; tree++) width = Math.max(width, featStart[tree + 1] - featStart[tree]);
      padFeat = new Int32Array(nTrees * width).fill(nGroups);
      padTable = new Int32Array(nTrees * width).fill(ones);
      for (let tree = 0; tree < nTrees; tree++) {
        for (let e = featStart[tree]; e < featStart[tree + 1]; e++) {
          padFeat[tree * width + e - featStart[tree]] = usedFeat[e];
          padTable[tree * width + e - featStart[tree]] = tableAt[e];
        }
      }
    }
    // Huge ensembles of wide trees on many fine-binned features would need more table than they save.
    if (maskLength > MAX_TABLE_ENTRIES) return null;
    // Generic layout: trees of at most 8 leaves (the usual boosting sizes) need one byte per mask, 4× less to
    // keep in cache (bytes keep the low 8 bits, the only ones that name leaves). The fast layout packs words.
    const masks = fast === null && maxLeaves <= 8 ? new Uint8Array(maskLength) : new Int32Array(maskLength);
    let at = 0;
    for (const c of chunks) {
      if (masks instanceof Uint8Array) for (let j = 0; j < c.length; j++) masks[at + j] = c[j] & 0xff;
      else masks.set(c, at);
      at += c.length;
    }
    const searchThresholds = thresholds.map((u) => {
      let size = 1;
      while (size <= u.length) size *= 2;
      const padded = new Float64Array(size).fill(Infinity);
      padded.set(u);
      return padded;
    });
    return new LeafTablePredictor(
      nTrees,
      kind,
      searchThresholds,
      codeBin,
      missingBin,
      groupOf,
      strideOf,
      nGroups,
      masks,
      leafStart,
      packLeaves ?? Float64Array.from(leafValues),
      packSize,
      groupBase,
      packStart,
      lanes,
      K,
      featStart,
      Int32Array.from(usedFeat),
      Int32Array.from(tableAt),
      width,
      padFeat,
      padTable,
    );
  }

  /**
   * Adds, for rows b0..b1-1 of the row-major `data` (d columns), tree t's leaf value to
   * out[i·K + t mod K], trees in order, as TreeEnsemble.predictRaw defines.
   */
  addBlock(data: Float64Array, d: number, b0: number, b1: number, out: Float64Array, K: number): void {
    if (this.packSize > 0 && K !== this.nClasses) throw new Error(`LeafTablePredictor: compiled for ${this.nClasses} classes, asked for ${K}`);
    const nb = b1 - b0;
    const F = this.kind.length;
    if (this.bins.length < nb * F) this.bins = new Int32Array(nb * F);
    if (this.groupBins.length < nb * (this.nGroups + 1)) this.groupBins = new Int32Array(nb * (this.nGroups + 1));
    if (this.acc.length < nb) this.acc = new Int32Array(nb);
    if (this.raw.length < nb * K) this.raw = new Float64Array(nb * K);
    this.binBlock(data, d, b0, b1, this.bins, nb);
    this.groupBlock(nb);
    if (nb === 1) {
      if (this.packSize > 0) this.addOneRowFast(out, b0 * K, K);
      else {
        this.groupBins[this.nGroups] = 0; // the padding's dummy group
        this.addOneRow(this.groupBins, out, b0 * K, K);
      }
      return;
    }
    // The block's raw scores class-major (raw[k·nb + i]), so each tree adds along a contiguous run.
    const raw = this.raw;
    for (let i = 0; i < nb; i++) for (let k = 0; k < K; k++) raw[k * nb + i] = out[(b0 + i) * K + k];
    if (this.packSize > 0) {
      for (let k = 0; k < K; k++) {
        if (this.lanes === 4) this.passes4(nb, k);
        else if (this.lanes === 2) this.passes2(nb, k);
        else this.passes1(nb, k);
      }
    } else this.genericBlock(nb, K);
    for (let i = 0; i < nb; i++) for (let k = 0; k < K; k++) out[(b0 + i) * K + k] = raw[k * nb + i];
  }

  /*
   * The fast layout's passes over a block: class k's packs in order, each row's score of class k read once
   * per pass, given the leaf values of the pass's trees in turn, and written once; a row's three group bins
   * are read once per pass. As in the boosting fit, V8's cost per loop iteration weighs as much as the
   * work (its optimized loop re-checks the typed arrays' maps and reloads their lengths and data pointers
   * every iteration, beside bounds, loop and stack checks), so a pass takes as many trees as it can:
   * sixteen trees of at most 8 leaves (four packs, ~25 % faster than one pack per pass; leftover packs
   * one at a time), four of larger trees.
   *
   * A lane's lowest set bit is its leaf: the lanes below it are shifted out, and bits of the lanes above
   * are all higher than the leaf's (every lane has one), so lanes need no masking before x & −x.
   */

  private passes4(nb: number, k: number): void {
    const masks = this.masks as Int32Array;
    const { leafValue, raw, packSize } = this;
    const gb = this.groupBins;
    const ro = k * nb;
    const end = this.packStart[k + 1];
    let p = this.packStart[k];
    for (; p + 3 < end; p += 4) {
      const t0 = p * packSize;
      const t1 = t0 + packSize;
      const t2 = t1 + packSize;
      const t3 = t2 + packSize;
      const v = 32 * p + 31;
      for (let i = 0; i < nb; i++) {
        const g0 = gb[i];
        const g1 = gb[nb + i];
        const g2 = gb[2 * nb + i];
        const m0 = masks[t0 + g0] & masks[t0 + g1] & masks[t0 + g2];
        const m1 = masks[t1 + g0] & masks[t1 + g1] & masks[t1 + g2];
        const m2 = masks[t2 + g0] & masks[t2 + g1] & masks[t2 + g2];
        const m3 = masks[t3 + g0] & masks[t3 + g1] & masks[t3 + g2];
        const x01 = m0 >>> 8;
        const x02 = m0 >>> 16;
        const x03 = m0 >>> 24;
        const x11 = m1 >>> 8;
        const x12 = m1 >>> 16;
        const x13 = m1 >>> 24;
        const x21 = m2 >>> 8;
        const x22 = m2 >>> 16;
        const x23 = m2 >>> 24;
        const x31 = m3 >>> 8;
        const x32 = m3 >>> 16;
        const x33 = m3 >>> 24;
        raw[ro + i] =
          raw[ro + i] +
          leafValue[v - Math.clz32(m0 & -m0)] +
          leafValue[v + 8 - Math.clz32(x01 & -x01)] +
          leafValue[v + 16 - Math.clz32(x02 & -x02)] +
          leafValue[v + 24 - Math.clz32(x03 & -x03)] +
          leafValue[v + 32 - Math.clz32(m1 & -m1)] +
          leafValue[v + 40 - Math.clz32(x11 & -x11)] +
          leafValue[v + 48 - Math.clz32(x12 & -x12)] +
          leafValue[v + 56 - Math.clz32(x13 & -x13)] +
          leafValue[v + 64 - Math.clz32(m2 & -m2)] +
          leafValue[v + 72 - Math.clz32(x21 & -x21)] +
          leafValue[v + 80 - Math.clz32(x22 & -x22)] +
          leafValue[v + 88 - Math.clz32(x23 & -x23)] +
          leafValue[v + 96 - Math.clz32(m3 & -m3)] +
          leafValue[v + 104 - Math.clz32(x31 & -x31)] +
          leafValue[v + 112 - Math.clz32(x32 & -x32)] +
          leafValue[v + 120 - Math.clz32(x33 & -x33)];
      }
    }
    for (; p < end; p++) {
      const t = p * packSize;
      const v = 32 * p + 31;
      for (let i = 0; i < nb; i++) {
        const m = masks[t + gb[i]] & masks[t + gb[nb + i]] & masks[t + gb[2 * nb + i]];
        const x1 = m >>> 8;
        const x2 = m >>> 16;
        const x3 = m >>> 24;
        raw[ro + i] =
          raw[ro + i] +
          leafValue[v - Math.clz32(m & -m)] +
          leafValue[v + 8 - Math.clz32(x1 & -x1)] +
          leafValue[v + 16 - Math.clz32(x2 & -x2)] +
          leafValue[v + 24 - Math.clz32(x3 & -x3)];
      }
    }
  }

  private passes2(nb: number, k: number): void {
    const masks = this.masks as Int32Array;
    const { leafValue, raw, packSize } = this;
    const gb = this.groupBins;
    const ro = k * nb;
    const end = this.packStart[k + 1];
    let p = this.packStart[k];
    for (; p + 1 < end; p += 2) {
      const t0 = p * packSize;
      const t1 = t0 + packSize;
      const v = 32 * p + 31;
      for (let i = 0; i < nb; i++) {
        const g0 = gb[i];
        const g1 = gb[nb + i];
        const g2 = gb[2 * nb + i];
        const m = masks[t0 + g0] & masks[t0 + g1] & masks[t0 + g2];
        const n = masks[t1 + g0] & masks[t1 + g1] & masks[t1 + g2];
        const x1 = m >>> 16;
        const x3 = n >>> 16;
        raw[ro + i] =
          raw[ro + i] +
          leafValue[v - Math.clz32(m & -m)] +
          leafValue[v + 16 - Math.clz32(x1 & -x1)] +
          leafValue[v + 32 - Math.clz32(n & -n)] +
          leafValue[v + 48 - Math.clz32(x3 & -x3)];
      }
    }
    if (p < end) this.onePack(nb, ro, p);
  }

  private passes1(nb: number, k: number): void {
    const masks = this.masks as Int32Array;
    const { leafValue, raw, packSize } = this;
    const gb = this.groupBins;
    const ro = k * nb;
    const end = this.packStart[k + 1];
    let p = this.packStart[k];
    for (; p + 3 < end; p += 4) {
      const ta = p * packSize;
      const tb = ta + packSize;
      const tc = tb + packSize;
      const td = tc + packSize;
      const v = 32 * p + 31;
      for (let i = 0; i < nb; i++) {
        const g0 = gb[i];
        const g1 = gb[nb + i];
        const g2 = gb[2 * nb + i];
        const ma = masks[ta + g0] & masks[ta + g1] & masks[ta + g2];
        const mb = masks[tb + g0] & masks[tb + g1] & masks[tb + g2];
        const mc = masks[tc + g0] & masks[tc + g1] & masks[tc + g2];
        const md = masks[td + g0] & masks[td + g1] & masks[td + g2];
        raw[ro + i] =
          raw[ro + i] +
          leafValue[v - Math.clz32(ma & -ma)] +
          leafValue[v + 32 - Math.clz32(mb & -mb)] +
          leafValue[v + 64 - Math.clz32(mc & -mc)] +
          leafValue[v + 96 - Math.clz32(md & -md)];
      }
    }
    for (; p < end; p++) this.onePack(nb, ro, p);
  }

  /** One pack over the block, lane by lane (the packs left over by passes2 and passes1). */
  private onePack(nb: number, ro: number, p: number): void {
    const masks = this.masks as Int32Array;
    const { leafValue, raw, lanes } = this;
    const gb = this.groupBins;
    const t = p * this.packSize;
    const v = 32 * p + 31;
    const bits = 32 / lanes;
    for (let i = 0; i < nb; i++) {
      const m = masks[t + gb[i]] & masks[t + gb[nb + i]] & masks[t + gb[2 * nb + i]];
      let r = raw[ro + i];
      for (let j = 0; j < lanes; j++) {
        const x = m >>> (j * bits);
        r += leafValue[v + j * bits - Math.clz32(x & -x)];
      }
      raw[ro + i] = r;
    }
  }

  /** One row in the fast layout: class by class, pack by pack, lane by lane (trees of a class in order). */
  private addOneRowFast(out: Float64Array, o: number, K: number): void {
    const masks = this.masks as Int32Array;
    const { leafValue, packStart, lanes, packSize } = this;
    const gb = this.groupBins;
    const g0 = gb[0];
    const g1 = gb[1];
    const g2 = gb[2];
    const bits = 32 / lanes;
    for (let k = 0; k < K; k++) {
      let r = out[o + k];
      for (let p = packStart[k]; p < packStart[k + 1]; p++) {
        const t = p * packSize;
        const m = masks[t + g0] & masks[t + g1] & masks[t + g2];
        for (let j = 0, v = 32 * p + 31; j < lanes; j++, v += bits) {
          const x = m >>> (j * bits);
          r += leafValue[v - Math.clz32(x & -x)];
        }
      }
      out[o + k] = r;
    }
  }

  /** The generic layout over a block: each tree's used groups, up to four per pass over the block. */
  private genericBlock(nb: number, K: number): void {
    const { featStart, usedFeat, tableAt, masks, leafStart, leafValue, acc, raw } = this;
    const bins = this.groupBins;
    for (let tree = 0, k = 0; tree < this.nTrees; tree++) {
      const e1 = featStart[tree + 1];
      const leaves = leafStart[tree] + 31;
      const ro = k * nb;
      // Up to four groups per pass over the block (long branch-free inner loops); the last pass adds
      // the leaf value. acc carries the leaves still possible between passes.
      for (let e = featStart[tree]; ; e += 4) {
        const c = Math.min(4, e1 - e);
        const keep = e === featStart[tree] ? -1 : 0; // the first pass starts from all leaves
        const t0 = c > 0 ? tableAt[e] : 0;
        const r0 = c > 0 ? usedFeat[e] * nb : 0;
        const t1 = c > 1 ? tableAt[e + 1] : 0;
        const r1 = c > 1 ? usedFeat[e + 1] * nb : 0;
        const t2 = c > 2 ? tableAt[e + 2] : 0;
        const r2 = c > 2 ? usedFeat[e + 2] * nb : 0;
        const t3 = c > 3 ? tableAt[e + 3] : 0;
        const r3 = c > 3 ? usedFeat[e + 3] * nb : 0;
        if (e + 4 < e1) {
          for (let i = 0; i < nb; i++) {
            acc[i] = (acc[i] | keep) & masks[t0 + bins[r0 + i]] & masks[t1 + bins[r1 + i]] & masks[t2 + bins[r2 + i]] & masks[t3 + bins[r3 + i]];
          }
          continue;
        }
        if (c === 4) {
          for (let i = 0; i < nb; i++) {
            const m = (acc[i] | keep) & masks[t0 + bins[r0 + i]] & masks[t1 + bins[r1 + i]] & masks[t2 + bins[r2 + i]] & masks[t3 + bins[r3 + i]];
            raw[ro + i] += leafValue[leaves - Math.clz32(m & -m)];
          }
        } else if (c === 3) {
          for (let i = 0; i < nb; i++) {
            const m = (acc[i] | keep) & masks[t0 + bins[r0 + i]] & masks[t1 + bins[r1 + i]] & masks[t2 + bins[r2 + i]];
            raw[ro + i] += leafValue[leaves - Math.clz32(m & -m)];
          }
        } else if (c === 2) {
          for (let i = 0; i < nb; i++) {
            const m = (acc[i] | keep) & masks[t0 + bins[r0 + i]] & masks[t1 + bins[r1 + i]];
            raw[ro + i] += leafValue[leaves - Math.clz32(m & -m)];
          }
        } else if (c === 1) {
          for (let i = 0; i < nb; i++) {
            const m = (acc[i] | keep) & masks[t0 + bins[r0 + i]];
            raw[ro + i] += leafValue[leaves - Math.clz32(m & -m)];
          }
        } else {
          // A tree that is a single leaf (leaf 0).
          for (let i = 0; i < nb; i++) raw[ro + i] += leafValue[leaves - 31];
        }
        break;
      }
      if (++k === K) k = 0;
    }
  }

  /** One row (a served request) in the generic layout: the passes over a block would be all set-up, so loop row-wise. */
  private addOneRow(bins: Int32Array, out: Float64Array, o: number, K: number): void {
    const { width, padFeat, padTable, masks, leafStart, leafValue } = this;
    for (let tree = 0, k = 0, j = 0; tree < this.nTrees; tree++) {
      let m = -1;
      for (let end = j + width; j < end; j++) m &= masks[padTable[j] + bins[padFeat[j]]];
      out[o + k] += leafValue[leafStart[tree] + 31 - Math.clz32(m & -m)];
      if (++k === K) k = 0;
    }
  }

  /** groupBins[G·nb + i] = groupBase[G] + Σ over the group's features of bin · stride. */
  private groupBlock(nb: number): void {
    const { bins, groupBins, groupOf, strideOf, groupBase } = this;
    for (let G = 0; G < this.nGroups; G++) groupBins.fill(groupBase[G], G * nb, G * nb + nb);
    for (let f = 0; f < groupOf.length; f++) {
      if (groupOf[f] < 0) continue;
      const at = groupOf[f] * nb;
      const stride = strideOf[f];
      for (let i = 0, r = f * nb; i < nb; i++, r++) groupBins[at + i] += bins[r] * stride;
    }
  }

  /** bins[f·nb + i − b0] = the bin of row i's value of feature f (features no split uses: 0). */
  private binBlock(data: Float64Array, d: number, b0: number, b1: number, bins: Int32Array, nb: number): void {
    const F = this.kind.length;
    for (let f = 0; f < F; f++) {
      const kind = this.kind[f];
      const missing = this.missingBin[f];
      if (kind === 0) {
        for (let i = b0, r = f * nb; i < b1; i++, r++) bins[r] = 0;
      } else if (kind === 1) {
        const u = this.searchThresholds[f];
        const half = u.length >> 1;
        for (let i = b0, r = f * nb; i < b1; i++, r++) {
          const v = data[i * d + f];
          if (v !== v) {
            bins[r] = missing;
            continue;
          }
          // Number of thresholds below v (v <= u[j] exactly when that count is <= j), by a binary search of
          // fixed steps. Each step adds step & −(u < v): V8 compiles `c ? step : 0` to a branch, a coin flip
          // mispredicted half the time (it made this search twice as slow).
          let lo = 0;
          for (let step = half; step > 0; step >>= 1) lo += step & -+(u[lo + step - 1] < v);
          bins[r] = lo;
        }
      } else {
        const cb = this.codeBin[f];
        for (let i = b0, r = f * nb; i < b1; i++, r++) {
          const v = data[i * d + f];
          bins[r] = v >= 0 && v < 256 && (v | 0) === v ? cb[v] : missing;
        }
      }
    }
  }
}

interface Grouping {
  readonly groupOf: Int32Array;
  readonly strideOf: Int32Array;
  readonly groupSize: number[];
}

/**
 * The fast layout's three groups (one-value groups when there are fewer features), if tables for every
 * pack and group fit in FAST_TABLE_BYTES. Features are dealt, most bins first, to the group whose
 * combined bin has the fewest values so far (balanced products keep the tables small); null when that
 * is too big.
 */
function fastGroups(used: number[], nBins: Int32Array, nPacks: number): Grouping | null {
  const F = nBins.length;
  const order = [...used].sort((a, b) => nBins[b] - nBins[a] || a - b);
  const groupOf = new Int32Array(F).fill(-1);
  const strideOf = new Int32Array(F);
  const groupSize = new Array<number>(FAST_GROUPS).fill(1);
  for (const f of order) {
    let best = 0;
    for (let g = 1; g < FAST_GROUPS; g++) if (groupSize[g] < groupSize[best]) best = g;
    groupOf[f] = best;
    strideOf[f] = groupSize[best];
    groupSize[best] *= nBins[f];
  }
  const entries = groupSize.reduce((a, b) => a + b, 0);
  return entries * nPacks * 4 <= FAST_TABLE_BYTES ? { groupOf, strideOf, groupSize } : null;
}

/** The generic layout's groups: features by increasing bins, packed while the combined bin has at most GROUP_BINS values. */
function genericGroups(used: number[], nBins: Int32Array): Grouping {
  const F = nBins.length;
  const groupOf = new Int32Array(F).fill(-1);
  const strideOf = new Int32Array(F);
  const groupSize: number[] = [];
  const byBins = [...used].sort((a, b) => nBins[a] - nBins[b] || a - b);
  for (const f of byBins) {
    const last = groupSize.length - 1;
    if (last >= 0 && groupSize[last] * nBins[f] <= GROUP_BINS) {
      groupOf[f] = last;
      strideOf[f] = groupSize[last];
      groupSize[last] *= nBins[f];
    } else {
      groupOf[f] = groupSize.length;
      strideOf[f] = 1;
      groupSize.push(nBins[f]);
    }
  }
  return { groupOf, strideOf, groupSize };
}
