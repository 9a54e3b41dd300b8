import { Rng } from '../random/rng.js';
import { parseSynthParams, type SynthParams } from './params.js';

/** Draws of one output column: category codes (-1 = missing) or numbers (NaN = missing). */
export type SampledColumn =
  | { readonly kind: 'categorical'; readonly name: string; readonly categories: readonly string[]; readonly codes: Int32Array }
  | { readonly kind: 'numeric'; readonly name: string; readonly integer: boolean; readonly values: Float64Array };

export interface SampledBlock {
  readonly rows: number;
  /** Header order, without the id column; the target column is included. */
  readonly columns: readonly SampledColumn[];
}

// 32 random bits per draw: probabilities are stored to 6 significant digits, so the 53 bits of nextFloat
// would only double the cost of the stream.
const TWO_POW_M32 = 2.3283064365386963e-10;

const CATEGORICAL = 0;
const QUANTILE = 1;

/**
 * The whole network flattened into a few typed arrays indexed by node, so the per-row loop reads numbers
 * only (no per-node objects, no polymorphic property loads).
 */
interface Compiled {
  readonly kind: Int32Array;
  /** Categories (categorical) or levels (quantile): the width of one table row. */
  readonly width: Int32Array;
  /** Start of the node's rows in `table`. */
  readonly tableStart: Int32Array;
  /**
   * Categorical: cumulative probabilities per parent combination, each row ending at exactly 1.
   * Quantile: the quantiles per parent combination.
   */
  readonly table: Float64Array;
  /** Quantile nodes: start of the node's levels in `levels`. */
  readonly levelStart: Int32Array;
  readonly levels: Float64Array;
  /** Quantile nodes: start of the node's rows in `lo` / `hi`, and whether draws are rounded. */
  readonly boundStart: Int32Array;
  readonly integer: Uint8Array;
  /** Admissible range of each integer quantile row, so rounding never leaves the row's support. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** Parents of node v: parentNode/parentStride[parentStart[v] .. parentStart[v + 1]). */
  readonly parentStart: Int32Array;
  readonly parentNode: Int32Array;
  readonly parentStride: Int32Array;
}

/**
 * Stateful sampler over one seeded stream: successive `sample` calls continue the same stream, so a table
 * drawn in chunks is identical to the same table drawn at once.
 */
export class CustomerSampler {
  readonly params: SynthParams;
  private readonly rng: Rng;
  private readonly net: Compiled;
  /** Node of each output column (header order without the id). */
  private readonly outNode: Int32Array;
  /** Missing rate of output column c for segment s at c * nSegments + s. */
  private readonly outMissing: Float64Array;
  /** Whether output column c can be missing at all (a draw is spent on it only then). */
  private readonly outCanMiss: Uint8Array;
  private readonly nSegments: number;

  constructor(params: SynthParams, seed: number) {
    // Caller-supplied params may come from anywhere; re-checking ~5k numbers is cheap next to sampling.
    this.params = parseSynthParams(params);
    this.rng = new Rng(seed);
    const index = new Map<string, number>();
    this.params.nodes.forEach((n, i) => index.set(n.name, i));
    this.net = compile(this.params, index);
    const target = this.params.nodes[0];
    this.nSegments = target.kind === 'categorical' ? target.categories.length : 0;
    const outCols = this.params.header.filter((c) => c !== this.params.id);
    this.outNode = Int32Array.from(outCols, (c) => index.get(c)!);
    this.outMissing = new Float64Array(outCols.length * this.nSegments);
    this.outCanMiss = new Uint8Array(outCols.length);
    outCols.forEach((c, j) => {
      const rates = this.params.missing[c];
      if (rates === undefined || !rates.some((r) => r > 0)) return;
      this.outCanMiss[j] = 1;
      this.outMissing.set(rates, j * this.nSegments);
    });
  }

  /** Draws the next `rows` customers. */
  sample(rows: number): SampledBlock {
    const rng = this.rng;
    const { kind, width, tableStart, table, levelStart, levels, boundStart, integer, lo, hi, parentStart, parentNode, parentStride } =
      this.net;
    const { outNode, outMissing, outCanMiss, nSegments } = this;
    const nNodes = kind.length;
    const nOut = outNode.length;
    // Categorical draws are kept as codes in `value` too (small integers are exact in a double).
    const value = new Float64Array(nNodes);
    // out[c * rows + i]; NaN marks a missing cell.
    const out = new Float64Array(nOut * rows);

    for (let i = 0; i < rows; i++) {
      for (let v = 0; v < nNodes; v++) {
        let row = 0;
        for (let p = parentStart[v], end = parentStart[v + 1]; p < end; p++) row += value[parentNode[p]] * parentStride[p];
        const u = rng.nextUint32() * TWO_POW_M32;
        const w = width[v];
        const base = tableStart[v] + row * w;
        if (kind[v] === CATEGORICAL) {
          let j = 0;
          while (j < w - 1 && u >= table[base + j]) j++;
          value[v] = j;
        } else {
          const l0 = levelStart[v];
          let a = 0;
          while (a < w - 2 && u >= levels[l0 + a + 1]) a++;
          const qa = table[base + a];
          let x = qa + ((table[base + a + 1] - qa) * (u - levels[l0 + a])) / (levels[l0 + a + 1] - levels[l0 + a]);
          if (integer[v] === 1) {
            const b = boundStart[v] + row;
            x = Math.round(x);
            if (x < lo[b]) x = lo[b];
            else if (x > hi[b]) x = hi[b];
          }
          value[v] = x;
        }
      }
      // The target is node 0 (checked by parseSynthParams): its code picks the segment's missing rates.
      const segment = value[0];
      for (let c = 0; c < nOut; c++) {
        const blank = outCanMiss[c] === 1 && rng.nextUint32() * TWO_POW_M32 < outMissing[c * nSegments + segment];
        out[c * rows + i] = blank ? NaN : value[outNode[c]];
      }
    }

    const columns: SampledColumn[] = [];
    for (let c = 0; c < nOut; c++) {
      const spec = this.params.nodes[outNode[c]];
      const slice = out.subarray(c * rows, (c + 1) * rows);
      if (spec.kind === 'categorical') {
        const codes = new Int32Array(rows);
        for (let i = 0; i < rows; i++) codes[i] = slice[i] !== slice[i] ? -1 : slice[i];
        columns.push({ kind: 'categorical', name: spec.name, categories: spec.categories, codes });
      } else {
        columns.push({ kind: 'numeric', name: spec.name, integer: spec.integer, values: slice.slice() });
      }
    }
    return { rows, columns };
  }
}

function compile(params: SynthParams, index: ReadonlyMap<string, number>): Compiled {
  const nodes = params.nodes;
  const n = nodes.length;
  const kind = new Int32Array(n);
  const width = new Int32Array(n);
  const tableStart = new Int32Array(n);
  const levelStart = new Int32Array(n);
  const boundStart = new Int32Array(n);
  const integer = new Uint8Array(n);
  const parentStart = new Int32Array(n + 1);
  const table: number[] = [];
  const levels: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const parentNode: number[] = [];
  const parentStride: number[] = [];

  nodes.forEach((spec, v) => {
    parentStart[v] = parentNode.length;
    const cards = spec.parents.map((p) => {
      const parent = nodes[index.get(p)!];
      return parent.kind === 'categorical' ? parent.categories.length : 0;
    });
    // Mixed radix with the last parent fastest, as the fitting script enumerates combinations.
    const strides = new Array<number>(cards.length);
    let stride = 1;
    for (let p = cards.length - 1; p >= 0; p--) {
      strides[p] = stride;
      stride *= cards[p];
    }
    spec.parents.forEach((p, k) => {
      parentNode.push(index.get(p)!);
      parentStride.push(strides[k]);
    });
    tableStart[v] = table.length;
    if (spec.kind === 'categorical') {
      kind[v] = CATEGORICAL;
      width[v] = spec.categories.length;
      for (const row of spec.probs) {
        let total = 0;
        for (const p of row) total += p;
        const cum = new Array<number>(row.length);
        let acc = 0;
        for (let j = 0; j < row.length; j++) {
          acc += row[j];
          cum[j] = acc / total;
        }
        // Pin the row's end at 1 from its last possible category on, so rounding in the sum can neither
        // leave a gap at the top nor hand draws to a category of probability zero.
        let last = row.length - 1;
        while (last > 0 && row[last] === 0) last--;
        for (let j = last; j < row.length; j++) cum[j] = 1;
        table.push(...cum);
      }
    } else {
      kind[v] = QUANTILE;
      width[v] = spec.levels.length;
      levelStart[v] = levels.length;
      levels.push(...spec.levels);
      boundStart[v] = lo.length;
      integer[v] = spec.integer ? 1 : 0;
      for (const row of spec.quantiles) {
        table.push(...row);
        lo.push(spec.integer ? Math.ceil(row[0]) : row[0]);
        hi.push(spec.integer ? Math.floor(row[row.length - 1]) : row[row.length - 1]);
      }
    }
  });
  parentStart[n] = parentNode.length;

  return {
    kind,
    width,
    tableStart,
    table: Float64Array.from(table),
    levelStart,
    levels: Float64Array.from(levels),
    boundStart,
    integer,
    lo: Float64Array.from(lo),
    hi: Float64Array.from(hi),
    parentStart,
    parentNode: Int32Array.from(parentNode),
    parentStride: Int32Array.from(parentStride),
  };
}
