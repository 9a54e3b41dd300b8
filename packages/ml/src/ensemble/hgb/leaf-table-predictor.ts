import { BITSET_WORDS } from './splitter.js';
import type { TreeArrays } from './trees.js';

/** Most values a group of features' combined bin may take (its table's length, per tree using it). */
const GROUP_BINS = 256;

/** Beyond this many table entries in all (64 MB as 32-bit masks) the trees are walked instead. */
const MAX_TABLE_ENTRIES = 1 << 24;

/**
 * A second form of a TreeEnsemble for prediction without walking the trees (the QuickScorer idea, on
 * bins). Every feature's values are first mapped to a small bin such that every split of the ensemble
 * sends all values of one bin the same way: for a numeric feature the bin is the number of distinct
 * split thresholds below the value (v <= t_j ⇔ bin <= j), NaN gets its own bin; for a categorical
 * feature each code that some split or the known-category set mentions gets its own bin, and every
 * other value (unknown codes, NaN, non-codes) shares one "missing" bin, exactly as the tree walk treats
 * them. Features are packed into groups whose combined bin takes at most GROUP_BINS values. Then, per
 * tree and per group the tree uses, a table gives for each combined bin the set of leaves (a bit mask:
 * one byte when every tree has at most 8 leaves, else 32 bits) still reachable given the decisions of
 * all that tree's splits on the group's features: a split clears the leaves of the subtree the bin
 * does not go to. The AND over the tree's groups leaves exactly one leaf bit, the leaf the walk would
 * reach (bits above the tree's leaves may stay set; the lowest set bit is the leaf). The loads are
 * independent of each other (no node → child chain), so rows flow through the CPU far faster than a
 * walk, and the leaf values are still added to each row's raw score tree after tree in the same order:
 * results are bit-identical.
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

  private constructor(
    private readonly nTrees: number,
    /** Per feature: 0 unused, 1 numeric, 2 categorical. */
    private readonly kind: Uint8Array,
    /** Per numeric feature, its distinct split thresholds, increasing. */
    private readonly thresholds: Float64Array[],
    /** Per categorical feature, bin of each code 0..255 (codes no split or known set mentions: the missing bin). */
    private readonly codeBin: Int32Array[],
    /** Per feature, the bin of missing values. */
    private readonly missingBin: Int32Array,
    /** Tree t's tables are entries featStart[t]..featStart[t+1]-1: group usedFeat[e], masks from tableAt[e]. */
    private readonly featStart: Int32Array,
    private readonly usedFeat: Int32Array,
    private readonly tableAt: Int32Array,
    private readonly masks: Int32Array | Uint8Array,
    /** Tree t's leaf j has value leafValue[leafStart[t] + j]. */
    private readonly leafStart: Int32Array,
    private readonly leafValue: Float64Array,
    /** Row-wise form: tree t's entries are padFeat/padTable[t·width .. t·width + width − 1]. */
    private readonly width: number,
    private readonly padFeat: Int32Array,
    private readonly padTable: Int32Array,
    /** Per feature, its group (-1: unused) and the factor of its bin in the group's bin. */
    private readonly groupOf: Int32Array,
    private readonly strideOf: Int32Array,
    private readonly nGroups: number,
  ) {}

  /** Builds the tables, or null when the ensemble does not fit this scheme. */
  static compile(nodeStart: Int32Array, t: TreeArrays, known: Uint32Array): LeafTablePredictor | null {
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

    // Features packed into groups whose combined bin (Σ bin_f · stride_f) has at most GROUP_BINS values,
    // so one table lookup answers for several features: fewer lookups per tree and row.
    const groupOf = new Int32Array(nFeatures).fill(-1);
    const strideOf = new Int32Array(nFeatures);
    const groupSize: number[] = [];
    const byBins = Array.from({ length: nFeatures }, (_, f) => f).filter((f) => kind[f] !== 0);
    byBins.sort((a, b) => nBins[a] - nBins[b] || a - b);
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
    const nGroups = groupSize.length;

    const featStart = new Int32Array(nTrees + 1);
    const usedFeat: number[] = [];
    const tableAt: number[] = [];
    const leafStart = new Int32Array(nTrees + 1);
    const leafValues: number[] = [];
    const maskChunks: Int32Array[] = [];
    let maxLeaves = 0;
    let maskLength = 0;
    for (let tree = 0; tree < nTrees; tree++) {
      const base = nodeStart[tree];
      const m = nodeStart[tree + 1] - base;
      // Reachable nodes from the root, parents before children; leaves numbered in that order.
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
      // One table per group the tree splits on, every split clearing the side each bin avoids.
      const tables = new Map<number, Int32Array>();
      for (const g of order) {
        const f = feature[g];
        if (f < 0) continue;
        const G = groupOf[f];
        let tab = tables.get(G);
        if (tab === undefined) {
          tab = new Int32Array(groupSize[G]).fill(-1);
          tables.set(G, tab);
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
      for (const [G, tab] of [...tables].sort((a, b) => a[0] - b[0])) {
        usedFeat.push(G);
        tableAt.push(maskLength);
        maskChunks.push(tab);
        maskLength += tab.length;
      }
      featStart[tree + 1] = usedFeat.length;
      leafStart[tree + 1] = leafValues.length;
    }
    // Row-wise form: every tree padded to the same number of entries with a table that keeps all leaves
    // (one all-ones word at the end of masks) read at a dummy feature F whose bin is always 0, so the
    // loop over a tree's features has one trip count and its exit branch is always predicted.
    let width = 0;
    for (let tree = 0; tree < nTrees; tree++) width = Math.max(width, featStart[tree + 1] - featStart[tree]);
    const padFeat = new Int32Array(nTrees * width).fill(nGroups);
    const padTable = new Int32Array(nTrees * width).fill(maskLength);
    for (let tree = 0; tree < nTrees; tree++) {
      for (let e = featStart[tree]; e < featStart[tree + 1]; e++) {
        padFeat[tree * width + e - featStart[tree]] = usedFeat[e];
        padTable[tree * width + e - featStart[tree]] = tableAt[e];
      }
    }
    // Huge ensembles of wide trees on many fine-binned features would need more table than they save.
    if (maskLength > MAX_TABLE_ENTRIES) return null;
    const wide = new Int32Array(maskLength + 1).fill(-1);
    let at = 0;
    for (const c of maskChunks) {
      wide.set(c, at);
      at += c.length;
    }
    // Trees of at most 8 leaves (the usual boosting sizes) need one byte per mask: 4× less to keep in cache.
    // Bytes keep the low 8 bits, the only ones that name leaves, so the AND finds the same leaf.
    let masks: Int32Array | Uint8Array = wide;
    if (maxLeaves <= 8) {
      masks = new Uint8Array(wide.length);
      for (let j = 0; j < wide.length; j++) masks[j] = wide[j] & 0xff;
    }
    return new LeafTablePredictor(
      nTrees,
      kind,
      thresholds,
      codeBin,
      missingBin,
      featStart,
      Int32Array.from(usedFeat),
      Int32Array.from(tableAt),
      masks,
      leafStart,
      Float64Array.from(leafValues),
      width,
      padFeat,
      padTable,
      groupOf,
      strideOf,
      nGroups,
    );
  }

  /**
   * Adds, for rows b0..b1-1 of the row-major `data` (d columns), tree t's leaf value to
   * out[i·K + t mod K], trees in order, as TreeEnsemble.predictRaw defines.
   */
  addBlock(data: Float64Array, d: number, b0: number, b1: number, out: Float64Array, K: number): void {
    const nb = b1 - b0;
    const F = this.kind.length;
    if (this.bins.length < nb * F) this.bins = new Int32Array(nb * F);
    if (this.groupBins.length < nb * (this.nGroups + 1)) this.groupBins = new Int32Array(nb * (this.nGroups + 1));
    if (this.acc.length < nb) this.acc = new Int32Array(nb);
    if (this.raw.length < nb * K) this.raw = new Float64Array(nb * K);
    this.binBlock(data, d, b0, b1, this.bins, nb);
    const { groupBins: bins, acc, raw } = this;
    this.groupBlock(nb);
    if (nb === 1) {
      bins[this.nGroups] = 0; // the padding's dummy group
      this.addOneRow(bins, out, b0 * K, K);
      return;
    }
    // The block's raw scores class-major (raw[k·nb + i]), so each tree adds along a contiguous run.
    for (let i = 0; i < nb; i++) for (let k = 0; k < K; k++) raw[k * nb + i] = out[(b0 + i) * K + k];
    const { featStart, usedFeat, tableAt, masks, leafStart, leafValue } = this;
    for (let tree = 0, k = 0; tree < this.nTrees; tree++) {
      const e1 = featStart[tree + 1];
      const leaves = leafStart[tree] + 31;
      const ro = k * nb;
      // Up to four features per pass over the block (long branch-free inner loops); the last pass adds
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
    for (let i = 0; i < nb; i++) for (let k = 0; k < K; k++) out[(b0 + i) * K + k] = raw[k * nb + i];
  }

  /** One row (a served request): the passes over a block would be all set-up, so loop row-wise. */
  private addOneRow(bins: Int32Array, out: Float64Array, o: number, K: number): void {
    const { width, padFeat, padTable, masks, leafStart, leafValue } = this;
    for (let tree = 0, k = 0, j = 0; tree < this.nTrees; tree++) {
      let m = -1;
      for (let end = j + width; j < end; j++) m &= masks[padTable[j] + bins[padFeat[j]]];
      out[o + k] += leafValue[leafStart[tree] + 31 - Math.clz32(m & -m)];
      if (++k === K) k = 0;
    }
  }

  /** groupBins[G·nb + i] = Σ over the group's features of bin · stride. */
  private groupBlock(nb: number): void {
    const { bins, groupBins, groupOf, strideOf } = this;
    groupBins.fill(0, 0, this.nGroups * nb);
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
        const u = this.thresholds[f];
        const nu = u.length;
        for (let i = b0, r = f * nb; i < b1; i++, r++) {
          const v = data[i * d + f];
          if (v !== v) {
            bins[r] = missing;
            continue;
          }
          // Number of thresholds below v: v <= u[j] exactly when that count is <= j.
          let lo = 0;
          let hi = nu;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (u[mid] < v) lo = mid + 1;
            else hi = mid;
          }
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
