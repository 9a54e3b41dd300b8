import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import { MISSING_CODE, numericColumn, type Column, type Frame } from '../data/frame.js';
import { byDecreasingCount, countCategories, indexOf } from './category-stats.js';
import { cachedCodeLookup } from './lookup-cache.js';
import { assertSeenOp, encoded, NoPlan, withCatOp, type PlanCheck, type PlanColumn, type PlanFrame, type PlannedStep } from './row-plan.js';
import { construct, fail, openComponent, optional, readCategories, readNames, readPerVariable, toRecord, variablesParam } from './json.js';
import {
  assertFitted,
  booleanOption,
  categoricalAt,
  checkNewNames,
  checkVariablesOption,
  oneOf,
  selectVariables,
  UNSEEN_POLICIES,
  unseenError,
  type UnseenPolicy,
} from './variables.js';

export interface OneHotEncoderOptions {
  variables?: readonly string[];
  /** Encode only the this many most frequent categories of each variable. */
  topCategories?: number;
  /** Leave out the last category's column (k-1 dummies). */
  dropLast?: boolean;
  /** Leave out the second category's column of variables with exactly two categories. */
  dropLastBinary?: boolean;
  unseen?: UnseenPolicy;
}

const TYPE = 'OneHotEncoder';

/**
 * Replaces each categorical variable by 0/1 columns `${variable}_${category}` appended at the end of the
 * frame (feature-engine OneHotEncoder). Missing values, categories seen at fit but not encoded, and (with
 * unseen 'ignore') unseen categories all give a row of zeros.
 */
export class OneHotEncoder implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly topCategories: number | undefined;
  readonly dropLast: boolean;
  readonly dropLastBinary: boolean;
  readonly unseen: UnseenPolicy;
  variables_: string[] | undefined;
  /** Learned: every category present at fit, in order of first appearance (tells dropped from unseen). */
  categories_: Map<string, string[]> | undefined;
  /** Learned: the categories that get a column, in column order. */
  encoderDict_: Map<string, string[]> | undefined;
  /** Learned: variables that had exactly two categories at fit. */
  variablesBinary_: string[] | undefined;

  constructor(options: OneHotEncoderOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    const top = options.topCategories;
    if (top !== undefined && (typeof top !== 'number' || !Number.isInteger(top) || top < 1)) {
      throw new UserError(`${TYPE}: topCategories must be a positive integer, got ${JSON.stringify(top)}`);
    }
    this.topCategories = top;
    this.dropLast = booleanOption(TYPE, 'dropLast', options.dropLast, false);
    this.dropLastBinary = booleanOption(TYPE, 'dropLastBinary', options.dropLastBinary, false);
    this.unseen = oneOf(TYPE, 'unseen', options.unseen, UNSEEN_POLICIES, 'ignore');
  }

  get fitted(): boolean {
    return this.encoderDict_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const variables = selectVariables(TYPE, frame, this.variables, 'categorical');
    const categories = new Map<string, string[]>();
    const encoder = new Map<string, string[]>();
    const binary: string[] = [];
    for (const name of variables) {
      const counts = countCategories(frame.categorical(name));
      if (counts.values.length === 0) throw new UserError(`${TYPE}: variable "${name}" has no values at fit`);
      categories.set(name, counts.values);
      let kept: string[];
      if (this.topCategories !== undefined) kept = byDecreasingCount(counts).slice(0, this.topCategories).map((i) => counts.values[i]);
      else kept = this.dropLast ? counts.values.slice(0, -1) : [...counts.values];
      if (counts.values.length === 2) {
        binary.push(name);
        // feature-engine applies this after topCategories / dropLast and keeps the first category seen.
        if (this.dropLastBinary) kept = [counts.values[0]];
      }
      encoder.set(name, kept);
    }
    this.variables_ = variables;
    this.categories_ = categories;
    this.encoderDict_ = encoder;
    this.variablesBinary_ = binary;
    return this;
  }

  /** Output column names, in the order they are appended. */
  get featureNames(): string[] {
    return [...this.outputNames()];
  }

  private names: { variables: string[]; dict: Map<string, string[]>; names: readonly string[] } | null = null;

  /** featureNames, built once per learned state (fit and fromJSON replace it, never edit it in place). */
  private outputNames(): readonly string[] {
    assertFitted(TYPE, this.fitted);
    const variables = this.variables_!;
    const dict = this.encoderDict_!;
    if (this.names === null || this.names.variables !== variables || this.names.dict !== dict) {
      this.names = { variables, dict, names: variables.flatMap((v) => dict.get(v)!.map((c) => `${v}_${c}`)) };
    }
    return this.names.names;
  }

  transform(frame: Frame, ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    checkNewNames(TYPE, frame, this.outputNames(), this.variables_!);
    const added: Column[] = [];
    for (const name of this.variables_!) {
      const col = categoricalAt(TYPE, frame, name);
      const kept = this.encoderDict_!.get(name)!;
      const columnOf = cachedCodeLookup(col, kept);
      const seen = cachedCodeLookup(col, this.categories_!.get(name)!);
      const outs = kept.map(() => new Float64Array(frame.nRows));
      const codes = col.codes;
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i];
        if (c === MISSING_CODE) continue;
        const k = columnOf[c];
        if (k >= 0) outs[k][i] = 1;
        else if (seen[c] < 0) {
          if (this.unseen === 'error') throw unseenError(TYPE, name, col.categories[c], i);
          ctx?.unseen?.add(name, col.categories[c], i);
        }
      }
      kept.forEach((cat, k) => added.push(numericColumn(`${name}_${cat}`, outs[k])));
    }
    return frame.drop(this.variables_!).append(added);
  }

  /**
   * The transform as column mappings (see row-plan.ts): column k of a variable is 1 where its category is the
   * k-th kept one; a category neither kept nor seen at fit is what transform reports or refuses.
   */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    const categories = this.categories_;
    const dict = this.encoderDict_;
    if (variables === undefined || categories === undefined || dict === undefined) throw new NoPlan(TYPE);
    frame.checkNewNames(this.outputNames(), variables);
    const added: PlanColumn[] = [];
    const checks: PlanCheck[] = [];
    for (const name of variables) {
      const kept = dict.get(name)!;
      const keptIndex = indexOf(kept);
      const { column, check } = withCatOp(frame.categoricalAt(name), assertSeenOp(keptIndex, indexOf(categories.get(name)!)));
      checks.push(check);
      kept.forEach((cat, k) => added.push(encoded(column, `${name}_${cat}`, (v) => (v !== null && keptIndex.get(v) === k ? 1 : 0))));
    }
    return {
      frame: frame.dropAppend(variables, added, checks),
      stillValid: () => this.variables_ === variables && this.categories_ === categories && this.encoderDict_ === dict,
    };
  }

  toJSON(): ComponentJSON {
    const params = {
      variables: variablesParam(this.variables),
      topCategories: this.topCategories ?? null,
      dropLast: this.dropLast,
      dropLastBinary: this.dropLastBinary,
      unseen: this.unseen,
    };
    if (!this.fitted) return { type: TYPE, params };
    return {
      type: TYPE,
      params,
      state: {
        variables: [...this.variables_!],
        categories: toRecord(this.categories_!, (c) => [...c]),
        encoderDict: toRecord(this.encoderDict_!, (c) => [...c]),
        variablesBinary: [...this.variablesBinary_!],
      },
    };
  }

  static fromJSON(json: ComponentJSON): OneHotEncoder {
    const { params, state } = openComponent(
      json,
      TYPE,
      ['variables', 'topCategories', 'dropLast', 'dropLastBinary', 'unseen'],
      ['variables', 'categories', 'encoderDict', 'variablesBinary'],
    );
    const t = construct(
      TYPE,
      () =>
        new OneHotEncoder({
          variables: optional(params.variables) as string[] | undefined,
          topCategories: optional(params.topCategories) as number | undefined,
          dropLast: params.dropLast as boolean,
          dropLastBinary: params.dropLastBinary as boolean,
          unseen: params.unseen as UnseenPolicy,
        }),
    );
    if (state) {
      const where = `${TYPE} state`;
      const variables = readNames(`${where}.variables`, state.variables);
      const categories = readPerVariable(`${where}.categories`, state.categories, variables, readCategories);
      const encoder = readPerVariable(`${where}.encoderDict`, state.encoderDict, variables, readCategories);
      for (const [name, kept] of encoder) {
        const all = categories.get(name)!;
        for (const c of kept) if (!all.includes(c)) fail(`${where}.encoderDict["${name}"]`, `"${c}" is not among the variable's categories`);
      }
      const binary = readNames(`${where}.variablesBinary`, state.variablesBinary);
      for (const b of binary) if (!variables.includes(b)) fail(`${where}.variablesBinary`, `"${b}" is not a fitted variable`);
      t.variables_ = variables;
      t.categories_ = categories;
      t.encoderDict_ = encoder;
      t.variablesBinary_ = binary;
    }
    return t;
  }
}
