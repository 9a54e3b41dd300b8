/**
 * Gradient/hessian histograms of a node: for every feature and bin, the sums of the gradients and
 * hessians of the node's samples in that bin and their count, interleaved as [g, h, count] doubles.
 * Features only get the bins they use (plus the missing-value bin), so histograms stay small and the
 * per-node work (zeroing, subtracting, scanning) scales with the data, not with maxBins.
 */
export class HistogramLayout {
  /** Offset (in doubles) of feature f's block. */
  readonly featureOffset: Int32Array;
  /** slot[f · 256 + bin] = offset (in doubles) of that bin's triple: one lookup in the hot loop. */
  readonly slot: Int32Array;
  /** Doubles per histogram. */
  readonly size: number;

  constructor(readonly nBinsNonMissing: Int32Array) {
    const nf = nBinsNonMissing.length;
    this.featureOffset = new Int32Array(nf);
    this.slot = new Int32Array(nf * 256);
    let offset = 0;
    for (let f = 0; f < nf; f++) {
      this.featureOffset[f] = offset;
      const nb = nBinsNonMissing[f];
      // Every bin from nb up is the missing-value bin (maxBins): bins between never occur.
      for (let b = 0; b < 256; b++) this.slot[f * 256 + b] = offset + 3 * (b < nb ? b : nb);
      offset += 3 * (nb + 1);
    }
    this.size = offset;
  }

  /**
   * Row-major (sample i, feature f at i·F + f) histogram offsets of column-major binned data: the hot
   * loop then reads one contiguous run per sample and needs no per-feature lookup.
   */
  rowSlots(binned: Uint8Array, n: number): Int32Array {
    const F = this.nBinsNonMissing.length;
    const out = new Int32Array(n * F);
    for (let f = 0; f < F; f++) {
      const col = f * n;
      const sb = f * 256;
      for (let i = 0; i < n; i++) out[i * F + f] = this.slot[sb + binned[col + i]];
    }
    return out;
  }

  /** Offset of the missing-value bin of feature f. */
  missingSlot(f: number): number {
    return this.featureOffset[f] + 3 * this.nBinsNonMissing[f];
  }
}

/** Recycles histogram buffers: a tree needs a handful alive at a time but would otherwise allocate one per node. */
export class HistogramPool {
  private readonly free: Float64Array[] = [];

  constructor(readonly size: number) {}

  acquire(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }

  release(h: Float64Array): void {
    this.free.push(h);
  }
}

/**
 * Histogram of all n samples (the root). Every tree's root sees the same samples, so the counts are
 * the same each time: `counts` is a histogram holding them (and zero sums), copied in, and only the
 * gradient and hessian sums are accumulated here.
 *
 * The sums of all gradients and hessians (the root's) are left in sums[0] and sums[1].
 *
 * Each sample updates every feature before the next sample is read: consecutive updates then hit
 * different features, not the same few bins of one feature, which would chain every add behind the
 * previous one's store. Per bin the sums still run in sample order, the order scikit-learn sums in.
 */
export function buildRootHistogram(
  out: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  rowSlots: Int32Array,
  nFeatures: number,
  n: number,
  gradients: Float32Array,
  hessians: Float32Array,
): void {
  out.set(counts);
  const F = nFeatures;
  let sumG = 0;
  let sumH = 0;
  for (let s = 0, base = 0; s < n; s++, base += F) {
    const g = gradients[s];
    const h = hessians[s];
    sumG += g;
    sumH += h;
    for (let f = 0; f < F; f++) {
      const o = rowSlots[base + f];
      out[o] += g;
      out[o + 1] += h;
    }
  }
  sums[0] = sumG;
  sums[1] = sumH;
}

/** sums[0] = Σ gradients, sums[1] = Σ hessians over all n samples, in sample order (what buildRootHistogram also leaves there). */
export function sumGradientsHessians(sums: Float64Array, n: number, gradients: Float32Array, hessians: Float32Array): void {
  let sumG = 0;
  let sumH = 0;
  for (let i = 0; i < n; i++) {
    sumG += gradients[i];
    sumH += hessians[i];
  }
  sums[0] = sumG;
  sums[1] = sumH;
}

/** Histogram of the samples rows[start..stop) (a node's range of the partition), counts included. */
export function buildNodeHistogram(
  out: Float64Array,
  rowSlots: Int32Array,
  nFeatures: number,
  rows: Int32Array,
  start: number,
  stop: number,
  gradients: Float32Array,
  hessians: Float32Array,
): void {
  out.fill(0);
  const F = nFeatures;
  for (let i = start; i < stop; i++) {
    const s = rows[i];
    const g = gradients[s];
    const h = hessians[s];
    const base = s * F;
    for (let f = 0; f < F; f++) {
      const o = rowSlots[base + f];
      out[o] += g;
      out[o + 1] += h;
      out[o + 2] += 1;
    }
  }
}

/** Bin counts of all n samples, laid out as a histogram with zero sums (see buildRootHistogram). */
export function countHistogram(size: number, rowSlots: Int32Array, nFeatures: number, n: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < n * nFeatures; i++) out[rowSlots[i] + 2] += 1;
  return out;
}

/** The subtraction trick: a sibling's histogram is its parent's minus the other child's. */
export function subtractHistograms(out: Float64Array, parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = parent[i] - child[i];
}
