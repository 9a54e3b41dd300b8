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
  let s = 0;
  // Four samples per pass over the features: a quarter of the loop overhead (V8 re-checks the arrays on
  // every iteration). Within a feature the four update in sample order, and a bin belongs to one feature,
  // so every bin's sums still run in sample order.
  for (; s + 3 < n; s += 4) {
    const g1 = gradients[s];
    const h1 = hessians[s];
    const g2 = gradients[s + 1];
    const h2 = hessians[s + 1];
    const g3 = gradients[s + 2];
    const h3 = hessians[s + 2];
    const g4 = gradients[s + 3];
    const h4 = hessians[s + 3];
    sumG += g1;
    sumH += h1;
    sumG += g2;
    sumH += h2;
    sumG += g3;
    sumH += h3;
    sumG += g4;
    sumH += h4;
    const end = (s + 1) * F;
    for (let j = s * F; j < end; j++) {
      const o1 = rowSlots[j];
      out[o1] += g1;
      out[o1 + 1] += h1;
      const o2 = rowSlots[j + F];
      out[o2] += g2;
      out[o2 + 1] += h2;
      const o3 = rowSlots[j + 2 * F];
      out[o3] += g3;
      out[o3 + 1] += h3;
      const o4 = rowSlots[j + 3 * F];
      out[o4] += g4;
      out[o4 + 1] += h4;
    }
  }
  for (; s < n; s++) {
    const g = gradients[s];
    const h = hessians[s];
    sumG += g;
    sumH += h;
    const end = (s + 1) * F;
    for (let j = s * F; j < end; j++) {
      const o = rowSlots[j];
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
  let i = start;
  // Four samples per pass over the features, as in buildRootHistogram (the same per-bin order).
  for (; i + 3 < stop; i += 4) {
    const s1 = rows[i];
    const s2 = rows[i + 1];
    const s3 = rows[i + 2];
    const s4 = rows[i + 3];
    const g1 = gradients[s1];
    const h1 = hessians[s1];
    const g2 = gradients[s2];
    const h2 = hessians[s2];
    const g3 = gradients[s3];
    const h3 = hessians[s3];
    const g4 = gradients[s4];
    const h4 = hessians[s4];
    const base = s1 * F;
    const end = base + F;
    // Offsets of the other samples' rows from the first one's.
    const d2 = s2 * F - base;
    const d3 = s3 * F - base;
    const d4 = s4 * F - base;
    for (let j = base; j < end; j++) {
      const o1 = rowSlots[j];
      out[o1] += g1;
      out[o1 + 1] += h1;
      out[o1 + 2] += 1;
      const o2 = rowSlots[j + d2];
      out[o2] += g2;
      out[o2 + 1] += h2;
      out[o2 + 2] += 1;
      const o3 = rowSlots[j + d3];
      out[o3] += g3;
      out[o3 + 1] += h3;
      out[o3 + 2] += 1;
      const o4 = rowSlots[j + d4];
      out[o4] += g4;
      out[o4 + 1] += h4;
      out[o4 + 2] += 1;
    }
  }
  for (; i < stop; i++) {
    const s = rows[i];
    const g = gradients[s];
    const h = hessians[s];
    const end = (s + 1) * F;
    for (let j = s * F; j < end; j++) {
      const o = rowSlots[j];
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
  // A histogram is whole [g, h, count] triples: one triple per iteration, a third of the loop overhead.
  const size = out.length;
  for (let i = 0; i < size; i += 3) {
    out[i] = parent[i] - child[i];
    out[i + 1] = parent[i + 1] - child[i + 1];
    out[i + 2] = parent[i + 2] - child[i + 2];
  }
}
