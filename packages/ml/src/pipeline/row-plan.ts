import type { Transformer } from '../core/types.js';
import type { CategoricalColumn, Column, Frame, NumericColumn } from '../data/frame.js';
import { MISSING_CODE } from '../data/frame.js';
import {
  applyNumOp,
  BAIL,
  isPlannable,
  NumOpCode,
  PlanFrame,
  type CatOp,
  type CatValue,
  type Encode,
  type NumOp,
  type PlanCheck,
} from '../preprocessing/row-plan.js';

/**
 * A fitted pipeline's steps compiled into one pass from the input frame's columns to the estimator's matrix
 * (the transformers describe themselves in preprocessing/row-plan.ts). Each matrix column is a function of one
 * input column: a numeric input goes through the steps' numeric operations in order, column by column; a
 * categorical input is read through a table, built once per category dictionary, holding the final number of
 * each code. No frame, Map or column array is made per call, and the numbers are the same bits as the steps'.
 *
 * `run` returns false ("bail") when the steps would have reported or refused something (an unseen category,
 * a code outside its dictionary): the pipeline then runs the steps, which report or throw as they always did.
 */
export class RowPlan {
  private constructor(
    readonly nCols: number,
    private readonly outputs: readonly Output[],
    private readonly checks: readonly CheckOnly[],
  ) {}

  /** The plan of `steps` then selecting `features`, for frames whose columns are `columns` (names, kinds, order); null when there is none. */
  static compile(steps: readonly Transformer[], features: readonly string[], columns: readonly Column[], validity: (() => boolean)[]): RowPlan | null {
    let f = PlanFrame.ofInput(columns);
    try {
      for (const step of steps) {
        if (!isPlannable(step)) return null;
        const planned = step.plan(f);
        validity.push(planned.stillValid);
        f = planned.frame;
      }
    } catch {
      // The steps would refuse this frame (or a step cannot describe its state): they run and say why.
      return null;
    }
    const d = features.length;
    const outputs: Output[] = [];
    const chains: { source: number; chain: readonly CatOp[] }[] = [];
    for (let j = 0; j < d; j++) {
      const col = f.find(features[j]);
      if (col === undefined || col.kind !== 'numeric') return null;
      if (col.from === 'numeric') {
        outputs.push({ kind: NUMERIC, j, source: col.source, ops: col.ops, lookup: null });
      } else {
        outputs.push({ kind: CATEGORY, j, source: col.source, ops: col.ops, lookup: new CodeLookup(col.chain, col.encode, col.ops) });
        chains.push(col);
      }
    }
    // Every category chain a step ran must pass on every row, selected or not; a selected column whose chain
    // extends it already checks it.
    const checks: CheckOnly[] = [];
    const all = f.checks;
    all.forEach((c, i) => {
      const covered =
        chains.some((o) => extends_(o, c)) || all.some((o, k) => k !== i && extends_(o, c) && (o.chain.length > c.chain.length || k < i));
      if (!covered) checks.push({ source: c.source, lookup: new CodeLookup(c.chain, null, []) });
    });
    return new RowPlan(d, outputs, checks);
  }

  /**
   * Writes the matrix of `frame` (which must have the columns the plan was compiled for) into `data`, row-major,
   * nRows × nCols. False when the steps must run instead; `data` is then garbage.
   */
  run(frame: Frame, data: Float64Array): boolean {
    const cols = frame.columns;
    const n = frame.nRows;
    const d = this.nCols;
    const checks = this.checks;
    for (let c = 0; c < checks.length; c++) {
      const col = cols[checks[c].source] as CategoricalColumn;
      const t = checks[c].lookup.table(col.categories);
      const codes = col.codes;
      for (let i = 0; i < n; i++) {
        const code = codes[i];
        if (code === MISSING_CODE ? t.missingOk !== 1 : !(code >= 0 && code < t.length && t.ok[code] === 1)) return false;
      }
    }
    const outputs = this.outputs;
    for (let o = 0; o < outputs.length; o++) {
      const out = outputs[o];
      const j = out.j;
      if (out.kind === NUMERIC) {
        const v = (cols[out.source] as NumericColumn).values;
        for (let i = 0, at = j; i < n; i++, at += d) data[at] = v[i];
        const ops = out.ops;
        for (let k = 0; k < ops.length; k++) applyColumn(ops[k], data, j, n, d);
        continue;
      }
      const col = cols[out.source] as CategoricalColumn;
      const t = out.lookup!.table(col.categories);
      const codes = col.codes;
      const values = t.values;
      const ok = t.ok;
      const len = t.length;
      for (let i = 0, at = j; i < n; i++, at += d) {
        const code = codes[i];
        if (code === MISSING_CODE) {
          if (t.missingOk !== 1) return false;
          data[at] = t.missing;
        } else if (code >= 0 && code < len && ok[code] === 1) {
          data[at] = values[code];
        } else {
          return false;
        }
      }
    }
    return true;
  }
}

const NUMERIC = 0;
const CATEGORY = 1;

interface Output {
  readonly kind: typeof NUMERIC | typeof CATEGORY;
  /** Matrix column. */
  readonly j: number;
  /** Input column. */
  readonly source: number;
  /** NUMERIC: applied to the column in order. */
  readonly ops: readonly NumOp[];
  /** CATEGORY: the table of final numbers per code. */
  readonly lookup: CodeLookup | null;
}

interface CheckOnly {
  readonly source: number;
  readonly lookup: CodeLookup;
}

function extends_(longer: { source: number; chain: readonly CatOp[] }, shorter: PlanCheck): boolean {
  if (longer.source !== shorter.source || longer.chain.length < shorter.chain.length) return false;
  for (let i = 0; i < shorter.chain.length; i++) if (longer.chain[i] !== shorter.chain[i]) return false;
  return true;
}

/** One numeric operation over matrix column j, each written as applyNumOp (and so as the transformer) writes it. */
function applyColumn(op: NumOp, data: Float64Array, j: number, n: number, d: number): void {
  const a = op.a;
  const b = op.b;
  const end = j + n * d;
  switch (op.code) {
    case NumOpCode.Fill:
      for (let at = j; at < end; at += d) {
        const x = data[at];
        data[at] = x !== x ? a : x;
      }
      return;
    case NumOpCode.MulAdd:
      for (let at = j; at < end; at += d) data[at] = data[at] * a + b;
      return;
    case NumOpCode.SubDiv:
      for (let at = j; at < end; at += d) data[at] = (data[at] - a) / b;
      return;
    case NumOpCode.Sub:
      for (let at = j; at < end; at += d) data[at] = data[at] - a;
      return;
    case NumOpCode.Div:
      for (let at = j; at < end; at += d) data[at] = data[at] / a;
      return;
    case NumOpCode.IsNaN:
      for (let at = j; at < end; at += d) {
        const x = data[at];
        data[at] = x !== x ? 1 : 0;
      }
      return;
  }
}

/** For one category dictionary: each code's final number, whether the plan may use it, and missing's number. */
interface CodeTable {
  readonly categories: readonly string[];
  readonly length: number;
  readonly values: Float64Array;
  readonly ok: Uint8Array;
  readonly missing: number;
  readonly missingOk: 0 | 1;
}

/**
 * A category chain, its encoding and the numeric operations after it, evaluated once per category dictionary
 * (frames read from one source, and a served model's requests, share theirs) instead of once per row.
 */
class CodeLookup {
  private last: CodeTable | null = null;
  private readonly byCategories = new WeakMap<readonly string[], CodeTable>();

  constructor(
    private readonly chain: readonly CatOp[],
    private readonly encode: Encode | null,
    private readonly ops: readonly NumOp[],
  ) {}

  table(categories: readonly string[]): CodeTable {
    const last = this.last;
    // The length check guards a dictionary grown in place.
    if (last !== null && last.categories === categories && last.length === categories.length) return last;
    let t = this.byCategories.get(categories);
    if (t === undefined || t.length !== categories.length) {
      t = this.build(categories);
      this.byCategories.set(categories, t);
    }
    this.last = t;
    return t;
  }

  private build(categories: readonly string[]): CodeTable {
    const k = categories.length;
    const values = new Float64Array(k);
    const ok = new Uint8Array(k);
    for (let c = 0; c < k; c++) {
      const x = this.valueOf(categories[c]);
      if (x === BAIL) continue;
      values[c] = x;
      ok[c] = 1;
    }
    const m = this.valueOf(null);
    return { categories, length: k, values, ok, missing: m === BAIL ? 0 : m, missingOk: m === BAIL ? 0 : 1 };
  }

  private valueOf(category: CatValue): number | typeof BAIL {
    let v = category;
    for (const op of this.chain) {
      const r = op(v);
      if (r === BAIL) return BAIL;
      v = r;
    }
    if (this.encode === null) return 0;
    let x = this.encode(v);
    for (const op of this.ops) x = applyNumOp(op, x);
    return x;
  }
}

interface Entry {
  readonly names: readonly string[];
  readonly kinds: readonly Column['kind'][];
  readonly plan: RowPlan | null;
  readonly steps: readonly Transformer[];
  readonly validity: readonly (() => boolean)[];
}

/**
 * A pipeline's row plans, one per input shape (column names, kinds and order), most recent first. An entry holds
 * while the pipeline keeps the same step objects and each planned step its learned state (fit and fromJSON
 * replace it, never edit it in place); the pipeline drops them all when it is fitted again.
 */
export class RowPlans {
  private last: Entry | null = null;
  private entries: Entry[] = [];

  constructor(
    private readonly steps: readonly Transformer[],
    private readonly features: readonly string[],
  ) {}

  /** The plan for this frame, or null when the steps must run. */
  planFor(frame: Frame): RowPlan | null {
    const cols = frame.columns;
    let e = this.last;
    if (e === null || !sameShape(e, cols)) {
      e = this.entries.find((x) => sameShape(x, cols)) ?? null;
      if (e === null) e = this.add(cols);
      this.last = e;
    }
    if (!this.holds(e)) {
      this.entries = [];
      e = this.last = this.add(cols);
    }
    return e.plan;
  }

  private holds(e: Entry): boolean {
    const steps = this.steps;
    if (steps.length !== e.steps.length) return false;
    for (let i = 0; i < steps.length; i++) if (steps[i] !== e.steps[i]) return false;
    const v = e.validity;
    for (let i = 0; i < v.length; i++) if (!v[i]()) return false;
    return true;
  }

  private add(cols: readonly Column[]): Entry {
    const validity: (() => boolean)[] = [];
    const plan = RowPlan.compile(this.steps, this.features, cols, validity);
    const e: Entry = { names: cols.map((c) => c.name), kinds: cols.map((c) => c.kind), plan, steps: [...this.steps], validity };
    if (this.entries.length >= MAX_SHAPES) this.entries.pop();
    this.entries.unshift(e);
    return e;
  }
}

/** Input shapes remembered per pipeline (a served model sees one; a caller mixing sources, a few). */
const MAX_SHAPES = 8;

function sameShape(e: Entry, cols: readonly Column[]): boolean {
  const names = e.names;
  if (cols.length !== names.length) return false;
  const kinds = e.kinds;
  for (let i = 0; i < cols.length; i++) if (cols[i].name !== names[i] || cols[i].kind !== kinds[i]) return false;
  return true;
}
