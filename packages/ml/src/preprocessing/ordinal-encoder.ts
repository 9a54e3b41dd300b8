import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import { MISSING_CODE, type Frame } from '../data/frame.js';
import { mapCategories, planMapCategories } from './category-mapping.js';
import { NoPlan, type PlanFrame, type PlannedStep } from './row-plan.js';
import { byDecreasingCount, checkCodes, countCategories, type CategoryCounts } from './category-stats.js';
import { construct, isObject, openComponent, optional, readNames, readNumberMap, readPerVariable, toRecord, variablesParam } from './json.js';
import { noNegZero } from './numeric-stats.js';
import {
  assertFitted,
  categoricalAt,
  checkVariablesOption,
  numberRecord,
  oneOf,
  selectVariables,
  UNSEEN_POLICIES,
  type UnseenPolicy,
} from './variables.js';

export type OrdinalEncodingMethod = 'ordered' | 'arbitrary' | 'explicit';

export interface OrdinalEncoderOptions {
  variables?: readonly string[];
  encodingMethod?: OrdinalEncodingMethod;
  /** For 'explicit': variable -> category -> number. Its keys are the default variables. */
  mapping?: Record<string, Record<string, number>>;
  unseen?: UnseenPolicy;
  /**
   * For 'arbitrary': at most this many codes per variable (scikit-learn's OrdinalEncoder max_categories). A
   * variable with more categories keeps its maxCategories − 1 most frequent ones (ties: first appearance) as
   * 0.., in order of first appearance, and all its other categories share the last code. Default: no limit.
   */
  maxCategories?: number;
}

const TYPE = 'OrdinalEncoder';

/**
 * Replaces categories by numbers (feature-engine OrdinalEncoder): 0.. by increasing mean target ('ordered'),
 * 0.. in order of first appearance ('arbitrary'), or a given mapping ('explicit', e.g. Low/Average/High ->
 * 1/2/3). Missing and unseen categories become NaN, for a later imputer to handle.
 */
export class OrdinalEncoder implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly encodingMethod: OrdinalEncodingMethod;
  readonly mapping: ReadonlyMap<string, ReadonlyMap<string, number>> | undefined;
  readonly unseen: UnseenPolicy;
  readonly maxCategories: number | undefined;
  variables_: string[] | undefined;
  /** Learned: variable -> category -> number. */
  encoderDict_: Map<string, Map<string, number>> | undefined;

  constructor(options: OrdinalEncoderOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    this.encodingMethod = oneOf(TYPE, 'encodingMethod', options.encodingMethod, ['ordered', 'arbitrary', 'explicit'], 'ordered');
    this.unseen = oneOf(TYPE, 'unseen', options.unseen, UNSEEN_POLICIES, 'ignore');
    if (this.encodingMethod === 'explicit') {
      this.mapping = readMapping(options.mapping);
      for (const v of this.variables ?? []) {
        if (!this.mapping.has(v)) throw new UserError(`${TYPE}: variable "${v}" has no entry in mapping`);
      }
    } else if (options.mapping !== undefined) {
      throw new UserError(`${TYPE}: mapping is only used with encodingMethod 'explicit' (got '${this.encodingMethod}')`);
    }
    const m = options.maxCategories;
    if (m !== undefined) {
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 2) throw new UserError(`${TYPE}: maxCategories must be an integer of at least 2, got ${JSON.stringify(m)}`);
      if (this.encodingMethod !== 'arbitrary') {
        throw new UserError(`${TYPE}: maxCategories is only used with encodingMethod 'arbitrary' (got '${this.encodingMethod}')`);
      }
    }
    this.maxCategories = m;
  }

  get fitted(): boolean {
    return this.encoderDict_ !== undefined;
  }

  fit(frame: Frame, y?: Labels): this {
    const wanted = this.variables ?? (this.mapping ? [...this.mapping.keys()] : undefined);
    const variables = selectVariables(TYPE, frame, wanted, 'categorical');
    if (this.encodingMethod === 'ordered') {
      if (!y) throw new UserError(`${TYPE}: encodingMethod 'ordered' ranks categories by the target, so fit needs y`);
      if (y.codes.length !== frame.nRows) throw new UserError(`${TYPE}: y has ${y.codes.length} labels but the frame has ${frame.nRows} rows`);
    }
    const dict = new Map<string, Map<string, number>>();
    for (const name of variables) {
      const col = frame.categorical(name);
      if (this.encodingMethod === 'explicit') dict.set(name, this.explicitFor(name, countCategories(col).values));
      else if (this.encodingMethod === 'arbitrary') dict.set(name, arbitraryCodes(countCategories(col), this.maxCategories));
      else dict.set(name, orderedByTargetMean(name, frame, y!));
    }
    this.variables_ = variables;
    this.encoderDict_ = dict;
    return this;
  }

  private explicitFor(name: string, present: readonly string[]): Map<string, number> {
    const map = this.mapping!.get(name)!;
    const absent = present.filter((c) => !map.has(c));
    if (absent.length > 0) {
      throw new UserError(`${TYPE}: variable "${name}" has categories missing from its mapping: ${absent.map((c) => `"${c}"`).join(', ')}`);
    }
    return new Map(map);
  }

  transform(frame: Frame, ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    const replaced = this.variables_!.map((name) =>
      mapCategories(TYPE, categoricalAt(TYPE, frame, name), this.encoderDict_!.get(name)!, NaN, this.unseen, ctx),
    );
    return frame.replace(replaced);
  }

  /** The transform as column mappings (see row-plan.ts). */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    const dict = this.encoderDict_;
    if (variables === undefined || dict === undefined) throw new NoPlan(TYPE);
    return { frame: planMapCategories(frame, variables, dict, NaN), stillValid: () => this.variables_ === variables && this.encoderDict_ === dict };
  }

  toJSON(): ComponentJSON {
    const params = {
      variables: variablesParam(this.variables),
      encodingMethod: this.encodingMethod,
      mapping: this.mapping ? toRecord(this.mapping, (m) => toRecord(m, (v) => v)) : null,
      unseen: this.unseen,
      // only when set, so documents of encoders without a limit stay as they were before the option existed
      ...(this.maxCategories !== undefined ? { maxCategories: this.maxCategories } : {}),
    };
    if (!this.fitted) return { type: TYPE, params };
    return {
      type: TYPE,
      params,
      state: { variables: [...this.variables_!], encoderDict: toRecord(this.encoderDict_!, (m) => toRecord(m, (v) => v)) },
    };
  }

  static fromJSON(json: ComponentJSON): OrdinalEncoder {
    const { params, state } = openComponent(json, TYPE, ['variables', 'encodingMethod', 'mapping', 'unseen', 'maxCategories'], ['variables', 'encoderDict']);
    const t = construct(
      TYPE,
      () =>
        new OrdinalEncoder({
          variables: optional(params.variables) as string[] | undefined,
          encodingMethod: params.encodingMethod as OrdinalEncodingMethod,
          mapping: optional(params.mapping) as Record<string, Record<string, number>> | undefined,
          unseen: params.unseen as UnseenPolicy,
          // absent from documents written before the option existed
          maxCategories: optional(params.maxCategories) as number | undefined,
        }),
    );
    if (state) {
      t.variables_ = readNames(`${TYPE} state.variables`, state.variables);
      t.encoderDict_ = readPerVariable(`${TYPE} state.encoderDict`, state.encoderDict, t.variables_, readNumberMap);
    }
    return t;
  }
}

function readMapping(mapping: unknown): Map<string, Map<string, number>> {
  if (!isObject(mapping) || Object.keys(mapping).length === 0) {
    throw new UserError(`${TYPE}: encodingMethod 'explicit' needs mapping: { variable: { category: number } }`);
  }
  const out = new Map<string, Map<string, number>>();
  for (const [variable, m] of Object.entries(mapping)) {
    const numbers = numberRecord(TYPE, `mapping["${variable}"]`, m);
    out.set(variable, new Map([...numbers].map(([k, v]) => [k, noNegZero(v)])));
  }
  return out;
}

/**
 * Ranks categories by the mean of the target codes in their rows, ties in order of first appearance. Codes
 * are small integers, so the sums are exact and equal means really are ties.
 */
function orderedByTargetMean(name: string, frame: Frame, y: Labels): Map<string, number> {
  const col = frame.categorical(name);
  checkCodes(col);
  const counts = countCategories(col);
  const slot = new Map(counts.values.map((v, i) => [v, i]));
  const slotOfCode = col.categories.map((c) => slot.get(c) ?? -1);
  const sums = new Float64Array(counts.values.length);
  for (let i = 0; i < col.codes.length; i++) {
    const c = col.codes[i];
    if (c !== MISSING_CODE) sums[slotOfCode[c]] += y.codes[i];
  }
  const means = counts.values.map((_, i) => sums[i] / counts.counts[i]);
  const order = counts.values.map((_, i) => i).sort((a, b) => means[a] - means[b] || a - b);
  return new Map(order.map((s, rank) => [counts.values[s], rank]));
}

/** 'arbitrary' codes: 0.. in order of first appearance; beyond `max` categories the infrequent ones share the last code. */
function arbitraryCodes(counts: CategoryCounts, max: number | undefined): Map<string, number> {
  const { values } = counts;
  if (max === undefined || values.length <= max) return new Map(values.map((c, i) => [c, i]));
  const frequent = new Set(byDecreasingCount(counts).slice(0, max - 1));
  const codes = new Map<string, number>();
  let next = 0;
  values.forEach((c, i) => codes.set(c, frequent.has(i) ? next++ : max - 1));
  return codes;
}
