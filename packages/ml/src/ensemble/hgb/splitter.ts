import type { HistogramLayout } from './histogram.js';

/** Categories whose hessian mass (in samples) is below this are never sent left (LightGBM's cat_smooth). */
export const MIN_CAT_SUPPORT = 10;

/** Words of a category bitset: 256 bits, one per bin (the missing-value bin included). */
export const BITSET_WORDS = 8;

/** The best split of a node, as scikit-learn's SplitInfo. */
export class SplitInfo {
  gain = -1;
  feature = 0;
  /** Samples with bin <= binIdx go left (numeric splits). */
  binIdx = 0;
  missingGoToLeft = false;
  sumGradientLeft = 0;
  sumHessianLeft = 0;
  sumGradientRight = 0;
  sumHessianRight = 0;
  nSamplesLeft = 0;
  nSamplesRight = 0;
  valueLeft = 0;
  valueRight = 0;
  isCategorical = false;
  /** Bins going left, for categorical splits (the missing bin included when missing values go left). */
  leftCatBitset: Uint32Array | null = null;

  copyFrom(o: SplitInfo): void {
    this.gain = o.gain;
    this.feature = o.feature;
    this.binIdx = o.binIdx;
    this.missingGoToLeft = o.missingGoToLeft;
    this.sumGradientLeft = o.sumGradientLeft;
    this.sumHessianLeft = o.sumHessianLeft;
    this.sumGradientRight = o.sumGradientRight;
    this.sumHessianRight = o.sumHessianRight;
    this.nSamplesLeft = o.nSamplesLeft;
    this.nSamplesRight = o.nSamplesRight;
    this.valueLeft = o.valueLeft;
    this.valueRight = o.valueRight;
    this.isCategorical = o.isCategorical;
    this.leftCatBitset = o.isCategorical && o.leftCatBitset ? o.leftCatBitset.slice() : null;
  }
}

/** Newton step of a node, -G / (H + λ), before shrinkage; the 1e-15 guards empty hessians as scikit-learn does. */
export function computeNodeValue(sumGradient: number, sumHessian: number, l2: number): number {
  return -sumGradient / (sumHessian + l2 + 1e-15);
}

export function inBitset(bitset: Uint32Array, offset: number, value: number): boolean {
  return ((bitset[offset + (value >>> 5)] >>> (value & 31)) & 1) === 1;
}

export function setBitset(bitset: Uint32Array, offset: number, value: number): void {
  bitset[offset + (value >>> 5)] |= 1 << (value & 31);
}

export interface SplitterOptions {
  layout: HistogramLayout;
  nBinsNonMissing: Int32Array;
  missingBin: number;
  hasMissingValues: Uint8Array;
  isCategorical: Uint8Array;
  l2Regularization: number;
  minHessianToSplit: number;
  minSamplesLeaf: number;
}

/**
 * scikit-learn 1.2's Splitter.find_node_split, sequential: for every feature the best bin (or, for a
 * categorical feature, the best prefix of categories sorted by gradient/hessian ratio), then the
 * feature with the strictly largest gain (first one on ties). Gains are the loss reduction
 * G_parent·v_parent − G_L·v_L − G_R·v_R with the node's own value v, exactly as scikit-learn computes
 * them, so ties and near-ties resolve the same way.
 */
export class Splitter {
  private readonly o: SplitterOptions;
  private readonly candidate = new SplitInfo();
  private readonly catBins = new Int32Array(257);
  private readonly catValues = new Float64Array(257);
  private readonly sortBins = new Int32Array(257);
  private readonly sortValues = new Float64Array(257);
  private readonly catBitset = new Uint32Array(BITSET_WORDS);

  constructor(options: SplitterOptions) {
    this.o = options;
  }

  findNodeSplit(hist: Float64Array, nSamples: number, sumGradients: number, sumHessians: number, value: number): SplitInfo {
    const best = new SplitInfo();
    const cand = this.candidate;
    const nf = this.o.nBinsNonMissing.length;
    for (let f = 0; f < nf; f++) {
      cand.gain = -1;
      cand.feature = f;
      cand.isCategorical = this.o.isCategorical[f] === 1;
      cand.leftCatBitset = null;
      if (cand.isCategorical) {
        this.bestCategorySplit(f, hist, nSamples, sumGradients, sumHessians, value, cand);
      } else {
        const hasMissing = this.o.hasMissingValues[f] === 1;
        this.bestLeftToRight(f, hasMissing, hist, nSamples, sumGradients, sumHessians, value, cand);
        // A right-to-left scan sends missing values left; only worth trying when there are some.
        if (hasMissing) this.bestRightToLeft(f, hist, nSamples, sumGradients, sumHessians, value, cand);
      }
      if (f === 0 || cand.gain > best.gain) best.copyFrom(cand);
    }
    return best;
  }

  private bestLeftToRight(
    f: number,
    hasMissing: boolean,
    hist: Float64Array,
    nSamples: number,
    sumGradients: number,
    sumHessians: number,
    value: number,
    out: SplitInfo,
  ): void {
    const { minSamplesLeaf, minHessianToSplit, l2Regularization: l2 } = this.o;
    const base = this.o.layout.featureOffset[f];
    // The last value bin may go left only when missing values are there to go right.
    const end = this.o.nBinsNonMissing[f] - 1 + (hasMissing ? 1 : 0);
    let gl = 0;
    let hl = 0;
    let nl = 0;
    const lossCurrent = sumGradients * value;
    let found = false;
    let bestGain = -1;
    let bestBin = 0;
    let bestGl = 0;
    let bestHl = 0;
    let bestNl = 0;
    for (let b = 0; b < end; b++) {
      const o = base + 3 * b;
      nl += hist[o + 2];
      const nr = nSamples - nl;
      hl += hist[o + 1];
      const hr = sumHessians - hl;
      gl += hist[o];
      const gr = sumGradients - gl;
      if (nl < minSamplesLeaf) continue;
      if (nr < minSamplesLeaf) break;
      if (hl < minHessianToSplit) continue;
      if (hr < minHessianToSplit) break;
      const gain = splitGain(gl, hl, gr, hr, lossCurrent, l2);
      if (gain > bestGain && gain > 0) {
        found = true;
        bestGain = gain;
        bestBin = b;
        bestGl = gl;
        bestHl = hl;
        bestNl = nl;
      }
    }
    if (found) {
      out.gain = bestGain;
      out.binIdx = bestBin;
      out.missingGoToLeft = false;
      this.fillSides(out, bestGl, bestHl, bestNl, nSamples, sumGradients, sumHessians);
    }
  }

  private bestRightToLeft(
    f: number,
    hist: Float64Array,
    nSamples: number,
    sumGradients: number,
    sumHessians: number,
    value: number,
    out: SplitInfo,
  ): void {
    const { minSamplesLeaf, minHessianToSplit, l2Regularization: l2 } = this.o;
    const base = this.o.layout.featureOffset[f];
    const start = this.o.nBinsNonMissing[f] - 2;
    let gr = 0;
    let hr = 0;
    let nr = 0;
    const lossCurrent = sumGradients * value;
    let found = false;
    let bestGain = out.gain;
    let bestBin = 0;
    let bestGl = 0;
    let bestHl = 0;
    let bestNl = 0;
    for (let b = start; b >= 0; b--) {
      const o = base + 3 * (b + 1);
      nr += hist[o + 2];
      const nl = nSamples - nr;
      hr += hist[o + 1];
      const hl = sumHessians - hr;
      gr += hist[o];
      const gl = sumGradients - gr;
      if (nr < minSamplesLeaf) continue;
      if (nl < minSamplesLeaf) break;
      if (hr < minHessianToSplit) continue;
      if (hl < minHessianToSplit) break;
      const gain = splitGain(gl, hl, gr, hr, lossCurrent, l2);
      if (gain > bestGain && gain > 0) {
        found = true;
        bestGain = gain;
        bestBin = b;
        bestGl = gl;
        bestHl = hl;
        bestNl = nl;
      }
    }
    if (found) {
      out.gain = bestGain;
      out.binIdx = bestBin;
      out.missingGoToLeft = true;
      this.fillSides(out, bestGl, bestHl, bestNl, nSamples, sumGradients, sumHessians);
    }
  }

  /**
   * Categories (and the missing bin, if any) with enough support are sorted by G/(H + MIN_CAT_SUPPORT)
   * and scanned from both ends up to the middle; low-support categories always stay right.
   */
  private bestCategorySplit(
    f: number,
    hist: Float64Array,
    nSamples: number,
    sumGradients: number,
    sumHessians: number,
    value: number,
    out: SplitInfo,
  ): void {
    const { minSamplesLeaf, minHessianToSplit, l2Regularization: l2, layout, missingBin } = this.o;
    const base = layout.featureOffset[f];
    const nbnm = this.o.nBinsNonMissing[f];
    const hasMissing = this.o.hasMissingValues[f] === 1;
    const supportFactor = nSamples / sumHessians;
    const bins = this.catBins;
    const values = this.catValues;
    let used = 0;
    for (let b = 0; b < nbnm; b++) {
      const o = base + 3 * b;
      const h = hist[o + 1];
      if (h * supportFactor >= MIN_CAT_SUPPORT) {
        bins[used] = b;
        values[used] = hist[o] / (h + MIN_CAT_SUPPORT);
        used++;
      }
    }
    if (hasMissing) {
      const o = layout.missingSlot(f);
      const h = hist[o + 1];
      if (h * supportFactor >= MIN_CAT_SUPPORT) {
        bins[used] = missingBin;
        values[used] = hist[o] / (h + MIN_CAT_SUPPORT);
        used++;
      }
    }
    if (used <= 1) return;
    glibcMergeSort(bins, values, 0, used, this.sortBins, this.sortValues);

    const lossCurrent = sumGradients * value;
    let found = false;
    let bestGain = -1;
    let bestThresh = 0;
    let bestDirection = 1;
    let bestGl = 0;
    let bestHl = 0;
    let bestNl = 0;
    for (let pass = 0; pass < 2; pass++) {
      const direction = pass === 0 ? 1 : -1;
      const middle = direction === 1 ? (used + 1) >> 1 : ((used + 1) >> 1) - 1;
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let i = 0; i < middle; i++) {
        const sorted = direction === 1 ? i : used - 1 - i;
        const b = bins[sorted];
        const o = b === missingBin ? layout.missingSlot(f) : base + 3 * b;
        nl += hist[o + 2];
        const nr = nSamples - nl;
        hl += hist[o + 1];
        const hr = sumHessians - hl;
        gl += hist[o];
        const gr = sumGradients - gl;
        if (nl < minSamplesLeaf || hl < minHessianToSplit) continue;
        if (nr < minSamplesLeaf || hr < minHessianToSplit) break;
        const gain = splitGain(gl, hl, gr, hr, lossCurrent, l2);
        if (gain > bestGain && gain > 0) {
          found = true;
          bestGain = gain;
          bestThresh = sorted;
          bestGl = gl;
          bestHl = hl;
          bestNl = nl;
          bestDirection = direction;
        }
      }
    }
    if (!found) return;
    out.gain = bestGain;
    out.binIdx = 0;
    this.fillSides(out, bestGl, bestHl, bestNl, nSamples, sumGradients, sumHessians);
    const bitset = this.catBitset;
    bitset.fill(0);
    if (bestDirection === 1) for (let s = 0; s <= bestThresh; s++) setBitset(bitset, 0, bins[s]);
    else for (let s = used - 1; s >= bestThresh; s--) setBitset(bitset, 0, bins[s]);
    out.leftCatBitset = bitset;
    if (hasMissing) out.missingGoToLeft = inBitset(bitset, 0, missingBin);
  }

  private fillSides(out: SplitInfo, gl: number, hl: number, nl: number, nSamples: number, sumGradients: number, sumHessians: number): void {
    const l2 = this.o.l2Regularization;
    out.sumGradientLeft = gl;
    out.sumGradientRight = sumGradients - gl;
    out.sumHessianLeft = hl;
    out.sumHessianRight = sumHessians - hl;
    out.nSamplesLeft = nl;
    out.nSamplesRight = nSamples - nl;
    out.valueLeft = computeNodeValue(out.sumGradientLeft, out.sumHessianLeft, l2);
    out.valueRight = computeNodeValue(out.sumGradientRight, out.sumHessianRight, l2);
  }
}

function splitGain(gl: number, hl: number, gr: number, hr: number, lossCurrent: number, l2: number): number {
  const vl = computeNodeValue(gl, hl, l2);
  const vr = computeNodeValue(gr, hr, l2);
  let gain = lossCurrent;
  gain -= gl * vl;
  gain -= gr * vr;
  return gain;
}

/**
 * glibc's qsort (a top-down merge sort for small arrays) with scikit-learn's comparator, which never
 * reports equality: equal values come out in glibc's order, and so do our categorical splits on ties.
 */
function glibcMergeSort(bins: Int32Array, values: Float64Array, lo: number, n: number, tmpBins: Int32Array, tmpValues: Float64Array): void {
  if (n <= 1) return;
  const n1 = n >> 1;
  const n2 = n - n1;
  glibcMergeSort(bins, values, lo, n1, tmpBins, tmpValues);
  glibcMergeSort(bins, values, lo + n1, n2, tmpBins, tmpValues);
  let i = lo;
  let j = lo + n1;
  const iEnd = lo + n1;
  const jEnd = lo + n;
  let k = 0;
  while (i < iEnd && j < jEnd) {
    // cmp(a, b) = a < b ? -1 : 1, and glibc takes from the left run when cmp <= 0.
    if (values[i] < values[j]) {
      tmpBins[k] = bins[i];
      tmpValues[k++] = values[i++];
    } else {
      tmpBins[k] = bins[j];
      tmpValues[k++] = values[j++];
    }
  }
  while (i < iEnd) {
    tmpBins[k] = bins[i];
    tmpValues[k++] = values[i++];
  }
  // What is left of the right run is already in place.
  for (let t = 0; t < k; t++) {
    bins[lo + t] = tmpBins[t];
    values[lo + t] = tmpValues[t];
  }
}
