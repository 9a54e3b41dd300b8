import type { Column } from '../data/frame.js';

/**
 * The vocabulary a fitted transformer uses to describe its transform as column mappings, so that a fitted
 * pipeline can compile its steps into one "row plan" that maps raw input columns straight into the estimator's
 * matrix (see pipeline/row-plan.ts). A served request transforms a handful of rows, where building a frame, a
 * Map and fresh arrays per step cost far more than the arithmetic.
 *
 * Every column of a plan is a function of ONE input column:
 * - a number from a numeric input: the input value, then numeric operations in order (fill NaN, x·s + m, ...);
 * - a category from a categorical input: the input category (or null for missing) through category operations
 *   (impute, group rare labels, assert seen) in order;
 * - a number from a categorical input: such a category, encoded (one-hot 0/1, mapped count/frequency/ordinal,
 *   missing indicator), then numeric operations.
 * The operations are the transformers' own, one for one and in their order, so a plan's numbers are the same
 * bits as the step-by-step transform. Whatever a transform would report or refuse (an unseen category, a code
 * outside the dictionary) makes the plan give up for that call ("bail"); the caller then runs the steps, which
 * report or throw exactly as before. A step whose frame would be refused (a missing variable, a variable of
 * the other kind, a new column clashing with an existing one) makes the whole plan unavailable for that input
 * shape, for the same reason.
 */

/** A category operation's "give up": the transform would report or refuse this value. */
export const BAIL: unique symbol = Symbol('bail');
export type CatValue = string | null;
/** Maps a category (null: missing) to a category, or BAIL. Runs when a plan meets a category dictionary, never per row. */
export type CatOp = (v: CatValue) => CatValue | typeof BAIL;
/** Encodes a category (null: missing) as a number. */
export type Encode = (v: CatValue) => number;

/** Numeric operations, each as a transformer writes it. */
export const NumOpCode = {
  /** x !== x ? a : x (imputers) */
  Fill: 0,
  /** x * a + b (MinMaxScaler) */
  MulAdd: 1,
  /** (x - a) / b (StandardScaler) */
  SubDiv: 2,
  /** x - a */
  Sub: 3,
  /** x / a */
  Div: 4,
  /** x !== x ? 1 : 0 (AddMissingIndicator) */
  IsNaN: 5,
} as const;
export type NumOpCode = (typeof NumOpCode)[keyof typeof NumOpCode];

export interface NumOp {
  readonly code: NumOpCode;
  readonly a: number;
  readonly b: number;
}

/** One operation on a number, written exactly as the transformer writes it. */
export function applyNumOp(op: NumOp, x: number): number {
  switch (op.code) {
    case NumOpCode.Fill:
      return x !== x ? op.a : x;
    case NumOpCode.MulAdd:
      return x * op.a + op.b;
    case NumOpCode.SubDiv:
      return (x - op.a) / op.b;
    case NumOpCode.Sub:
      return x - op.a;
    case NumOpCode.Div:
      return x / op.a;
    case NumOpCode.IsNaN:
      return x !== x ? 1 : 0;
  }
}

interface Sourced {
  readonly name: string;
  /** Index of the input column (in the input frame's column order) this column derives from. */
  readonly source: number;
}

export interface PlanNumberFromNumber extends Sourced {
  readonly kind: 'numeric';
  readonly from: 'numeric';
  readonly ops: readonly NumOp[];
}

export interface PlanNumberFromCategory extends Sourced {
  readonly kind: 'numeric';
  readonly from: 'categorical';
  readonly chain: readonly CatOp[];
  readonly encode: Encode;
  readonly ops: readonly NumOp[];
}

export interface PlanCategory extends Sourced {
  readonly kind: 'categorical';
  readonly from: 'categorical';
  readonly chain: readonly CatOp[];
}

export type PlanNumeric = PlanNumberFromNumber | PlanNumberFromCategory;
export type PlanColumn = PlanNumeric | PlanCategory;

/** A category chain some step ran over an input column: its rows must all pass it, whether or not it is selected. */
export interface PlanCheck {
  readonly source: number;
  readonly chain: readonly CatOp[];
}

/** Thrown while planning: the step-by-step transform would refuse this frame, so there is no plan for it. */
export class NoPlan extends Error {}

/**
 * The frame a plan describes: Frame's structure (names, kinds, order) with column mappings instead of values.
 * Its methods mirror Frame's and the transformers' structural checks; where those would throw, these throw NoPlan.
 */
export class PlanFrame {
  constructor(
    readonly columns: readonly PlanColumn[],
    readonly checks: readonly PlanCheck[] = [],
  ) {
    const seen = new Set<string>();
    for (const c of columns) {
      if (seen.has(c.name)) throw new NoPlan(`duplicate column name ${c.name}`);
      seen.add(c.name);
    }
  }

  /** The plan of an input frame: every column as it is. */
  static ofInput(columns: readonly Column[]): PlanFrame {
    return new PlanFrame(
      columns.map((c, source): PlanColumn =>
        c.kind === 'numeric' ? { kind: 'numeric', from: 'numeric', name: c.name, source, ops: [] } : { kind: 'categorical', from: 'categorical', name: c.name, source, chain: [] },
      ),
    );
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  find(name: string): PlanColumn | undefined {
    return this.columns.find((c) => c.name === name);
  }

  /** The column a transform reads as numeric (numericAt). */
  numericAt(name: string): PlanNumeric {
    const c = this.find(name);
    if (c === undefined || c.kind !== 'numeric') throw new NoPlan(name);
    return c;
  }

  /** The column a transform reads as categorical (categoricalAt). */
  categoricalAt(name: string): PlanCategory {
    const c = this.find(name);
    if (c === undefined || c.kind !== 'categorical') throw new NoPlan(name);
    return c;
  }

  anyAt(name: string): PlanColumn {
    const c = this.find(name);
    if (c === undefined) throw new NoPlan(name);
    return c;
  }

  /** checkNewNames: new columns may not clash with the columns kept. */
  checkNewNames(names: readonly string[], dropped: readonly string[] = []): void {
    const gone = new Set(dropped);
    const taken = new Set(this.names.filter((n) => !gone.has(n)));
    for (const n of names) {
      if (taken.has(n)) throw new NoPlan(n);
      taken.add(n);
    }
  }

  /** Frame.replace: each named column replaced in place (the last replacement of a name wins). */
  replace(replacements: readonly PlanColumn[], checks: readonly PlanCheck[] = []): PlanFrame {
    const map = new Map(replacements.map((c) => [c.name, c] as const));
    return new PlanFrame(
      this.columns.map((c) => map.get(c.name) ?? c),
      [...this.checks, ...checks],
    );
  }

  /** frame.drop(names).append(extra) */
  dropAppend(names: readonly string[], extra: readonly PlanColumn[], checks: readonly PlanCheck[] = []): PlanFrame {
    const set = new Set(names);
    return new PlanFrame([...this.columns.filter((c) => !set.has(c.name)), ...extra], [...this.checks, ...checks]);
  }
}

/** A number column with one more numeric operation. */
export function withNumOp(col: PlanNumeric, op: NumOp): PlanNumeric {
  return { ...col, ops: [...col.ops, op] };
}

/** A category column with one more category operation; its chain is also a check (the step reads every row). */
export function withCatOp(col: PlanCategory, op: CatOp): { column: PlanCategory; check: PlanCheck } {
  const chain = [...col.chain, op];
  return { column: { ...col, chain }, check: { source: col.source, chain } };
}

/** A number made from a category column (the chain is shared, not copied: checks compare chains by identity). */
export function encoded(col: PlanCategory, name: string, encode: Encode): PlanNumberFromCategory {
  return { kind: 'numeric', from: 'categorical', name, source: col.source, chain: col.chain, encode, ops: [] };
}

/** What a fitted transformer contributes to a plan, and how to tell that its learned state is still the one planned. */
export interface PlannedStep {
  readonly frame: PlanFrame;
  /** False once fit or fromJSON replaced the learned state the plan was built from. */
  readonly stillValid: () => boolean;
}

/** A transformer that can describe its transform as column mappings. */
export interface PlannableTransformer {
  plan(frame: PlanFrame): PlannedStep;
}

export function isPlannable(t: object): t is PlannableTransformer {
  return typeof (t as Partial<PlannableTransformer>).plan === 'function';
}

/** Category operation: missing becomes `fill` (CategoricalImputer). */
export function imputeOp(fill: string): CatOp {
  return (v) => (v === null ? fill : v);
}

/**
 * Category operation: a value neither kept nor seen at fit is what the transform reports (unseen) or refuses;
 * missing passes. `kept` and `seen` are the transform's own lookups (first occurrence wins).
 */
export function assertSeenOp(kept: ReadonlyMap<string, number>, seen: ReadonlyMap<string, number>): CatOp {
  return (v) => (v === null || kept.has(v) || seen.has(v) ? v : BAIL);
}

/** Category operation: a value missing from `mapping` is reported or refused by mapCategories; missing passes. */
export function assertMappedOp(mapping: ReadonlyMap<string, number>): CatOp {
  return (v) => (v === null || mapping.has(v) ? v : BAIL);
}
