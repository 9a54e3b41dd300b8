import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import { categoricalColumn, MISSING_CODE, type Frame } from '../data/frame.js';
import { byDecreasingCount, countCategories, indexOf } from './category-stats.js';
import { cachedCodeLookup } from './lookup-cache.js';
import { BAIL, NoPlan, withCatOp, type PlanCheck, type PlanColumn, type PlanFrame, type PlannedStep } from './row-plan.js';
import { construct, fail, openComponent, optional, readCategories, readNames, readPerVariable, toRecord, variablesParam } from './json.js';
import { assertFitted, categoricalAt, checkVariablesOption, finiteNumber, selectVariables, stringOption } from './variables.js';

export interface RareLabelEncoderOptions {
  variables?: readonly string[];
  /** Categories whose share of the non-missing rows is below this are rare. */
  tol?: number;
  /** Only variables with more than this many categories are grouped (feature-engine's `>`). */
  nCategories?: number;
  replaceWith?: string;
}

const TYPE = 'RareLabelEncoder';

/**
 * Groups infrequent categories under one label (feature-engine RareLabelEncoder). Categories unseen at fit
 * are grouped too, and reported; missing values stay missing (feature-engine refuses them).
 */
export class RareLabelEncoder implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly tol: number;
  readonly nCategories: number;
  readonly replaceWith: string;
  variables_: string[] | undefined;
  /** Learned: every category present at fit (tells rare from unseen). */
  categories_: Map<string, string[]> | undefined;
  /** Learned: the categories kept as they are, by decreasing frequency (all of them for small variables). */
  encoderDict_: Map<string, string[]> | undefined;

  constructor(options: RareLabelEncoderOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    this.tol = finiteNumber(TYPE, 'tol', options.tol, 0.05);
    if (this.tol < 0 || this.tol > 1) throw new UserError(`${TYPE}: tol must be between 0 and 1, got ${this.tol}`);
    this.nCategories = finiteNumber(TYPE, 'nCategories', options.nCategories, 10);
    if (!Number.isInteger(this.nCategories) || this.nCategories < 0) {
      throw new UserError(`${TYPE}: nCategories must be a non-negative integer, got ${this.nCategories}`);
    }
    this.replaceWith = stringOption(TYPE, 'replaceWith', options.replaceWith, 'Rare');
  }

  get fitted(): boolean {
    return this.encoderDict_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const variables = selectVariables(TYPE, frame, this.variables, 'categorical');
    const categories = new Map<string, string[]>();
    const encoder = new Map<string, string[]>();
    for (const name of variables) {
      const counts = countCategories(frame.categorical(name));
      categories.set(name, counts.values);
      if (counts.values.length > this.nCategories) {
        const frequent = byDecreasingCount(counts).filter((i) => counts.counts[i] / counts.present >= this.tol);
        encoder.set(name, frequent.map((i) => counts.values[i]));
      } else {
        encoder.set(name, [...counts.values]);
      }
    }
    this.variables_ = variables;
    this.categories_ = categories;
    this.encoderDict_ = encoder;
    return this;
  }

  transform(frame: Frame, ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    const replaced = this.variables_!.map((name) => {
      const col = categoricalAt(TYPE, frame, name);
      const kept = cachedCodeLookup(col, this.encoderDict_!.get(name)!);
      const seen = cachedCodeLookup(col, this.categories_!.get(name)!);
      // Output dictionary in order of first appearance, holding only values that occur.
      const newCode = new Int32Array(col.categories.length + 1).fill(-1);
      const rareSlot = col.categories.length;
      const outCategories: string[] = [];
      const outIndex = new Map<string, number>();
      const codes = new Int32Array(col.codes.length);
      for (let i = 0; i < codes.length; i++) {
        const c = col.codes[i];
        if (c === MISSING_CODE) {
          codes[i] = MISSING_CODE;
          continue;
        }
        if (kept[c] < 0 && seen[c] < 0) ctx?.unseen?.add(name, col.categories[c], i);
        const s = kept[c] >= 0 ? c : rareSlot;
        if (newCode[s] === -1) {
          const value = s === rareSlot ? this.replaceWith : col.categories[c];
          let k = outIndex.get(value);
          if (k === undefined) {
            k = outCategories.length;
            outCategories.push(value);
            outIndex.set(value, k);
          }
          newCode[s] = k;
        }
        codes[i] = newCode[s];
      }
      return categoricalColumn(name, codes, outCategories);
    });
    return frame.replace(replaced);
  }

  /**
   * The transform as column mappings (see row-plan.ts): kept categories stay, other categories seen at fit become
   * replaceWith, missing stays missing; a category not seen at fit is what transform reports.
   */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    const categories = this.categories_;
    const dict = this.encoderDict_;
    if (variables === undefined || categories === undefined || dict === undefined) throw new NoPlan(TYPE);
    const replaceWith = this.replaceWith;
    const replaced: PlanColumn[] = [];
    const checks: PlanCheck[] = [];
    for (const name of variables) {
      const kept = indexOf(dict.get(name)!);
      const seen = indexOf(categories.get(name)!);
      const { column, check } = withCatOp(frame.categoricalAt(name), (v) => (v === null || kept.has(v) ? v : seen.has(v) ? replaceWith : BAIL));
      replaced.push(column);
      checks.push(check);
    }
    return {
      frame: frame.replace(replaced, checks),
      stillValid: () => this.variables_ === variables && this.categories_ === categories && this.encoderDict_ === dict,
    };
  }

  toJSON(): ComponentJSON {
    const params = { variables: variablesParam(this.variables), tol: this.tol, nCategories: this.nCategories, replaceWith: this.replaceWith };
    if (!this.fitted) return { type: TYPE, params };
    return {
      type: TYPE,
      params,
      state: {
        variables: [...this.variables_!],
        categories: toRecord(this.categories_!, (c) => [...c]),
        encoderDict: toRecord(this.encoderDict_!, (c) => [...c]),
      },
    };
  }

  static fromJSON(json: ComponentJSON): RareLabelEncoder {
    const { params, state } = openComponent(json, TYPE, ['variables', 'tol', 'nCategories', 'replaceWith'], ['variables', 'categories', 'encoderDict']);
    const t = construct(
      TYPE,
      () =>
        new RareLabelEncoder({
          variables: optional(params.variables) as string[] | undefined,
          tol: params.tol as number,
          nCategories: params.nCategories as number,
          replaceWith: params.replaceWith as string,
        }),
    );
    if (state) {
      const where = `${TYPE} state`;
      const variables = readNames(`${where}.variables`, state.variables);
      const categories = readPerVariable(`${where}.categories`, state.categories, variables, readCategories);
      const encoder = readPerVariable(`${where}.encoderDict`, state.encoderDict, variables, readCategories);
      for (const [name, kept] of encoder) {
        for (const c of kept) if (!categories.get(name)!.includes(c)) fail(`${where}.encoderDict["${name}"]`, `"${c}" is not among the variable's categories`);
      }
      t.variables_ = variables;
      t.categories_ = categories;
      t.encoderDict_ = encoder;
    }
    return t;
  }
}
