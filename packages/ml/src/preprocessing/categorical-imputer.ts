import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import { categoricalColumn, MISSING_CODE, type Frame } from '../data/frame.js';
import { checkCodes, countCategories, modeOf } from './category-stats.js';
import { imputeOp, NoPlan, withCatOp, type PlanCheck, type PlanColumn, type PlanFrame, type PlannedStep } from './row-plan.js';
import { construct, openComponent, optional, readNames, readPerVariable, readString, toRecord, variablesParam } from './json.js';
import { assertFitted, categoricalAt, checkVariablesOption, oneOf, selectVariables, stringOption } from './variables.js';

export type CategoricalImputationMethod = 'missing' | 'frequent';

export interface CategoricalImputerOptions {
  variables?: readonly string[];
  imputationMethod?: CategoricalImputationMethod;
  fillValue?: string;
}

const TYPE = 'CategoricalImputer';

/**
 * Replaces missing categories by a fixed label or by the most frequent category at fit (feature-engine
 * CategoricalImputer). Ties for the most frequent go to the first in sorted order, as pandas `mode()[0]`,
 * where feature-engine would refuse to choose.
 */
export class CategoricalImputer implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly imputationMethod: CategoricalImputationMethod;
  readonly fillValue: string;
  variables_: string[] | undefined;
  /** Learned: variable -> category that replaces missing values. */
  imputerDict_: Map<string, string> | undefined;

  constructor(options: CategoricalImputerOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    this.imputationMethod = oneOf(TYPE, 'imputationMethod', options.imputationMethod, ['missing', 'frequent'], 'missing');
    this.fillValue = stringOption(TYPE, 'fillValue', options.fillValue, 'Missing');
  }

  get fitted(): boolean {
    return this.imputerDict_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const variables = selectVariables(TYPE, frame, this.variables, 'categorical');
    const dict = new Map<string, string>();
    for (const name of variables) {
      if (this.imputationMethod === 'missing') {
        checkCodes(frame.categorical(name));
        dict.set(name, this.fillValue);
        continue;
      }
      const mode = modeOf(countCategories(frame.categorical(name)));
      if (mode === undefined) throw new UserError(`${TYPE}: variable "${name}" has no values at fit, so it has no most frequent category`);
      dict.set(name, mode);
    }
    this.variables_ = variables;
    this.imputerDict_ = dict;
    return this;
  }

  transform(frame: Frame, _ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    const replaced = this.variables_!.map((name) => {
      const col = categoricalAt(TYPE, frame, name);
      checkCodes(col);
      const fill = this.imputerDict_!.get(name)!;
      let fillCode = col.categories.indexOf(fill);
      const categories = fillCode === -1 ? [...col.categories, fill] : col.categories;
      if (fillCode === -1) fillCode = categories.length - 1;
      const codes = new Int32Array(col.codes.length);
      for (let i = 0; i < codes.length; i++) {
        const c = col.codes[i];
        codes[i] = c === MISSING_CODE ? fillCode : c;
      }
      return categoricalColumn(name, codes, categories);
    });
    return frame.replace(replaced);
  }

  /** The transform as column mappings (see row-plan.ts): missing becomes the fill category. */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    const dict = this.imputerDict_;
    if (variables === undefined || dict === undefined) throw new NoPlan(TYPE);
    const replaced: PlanColumn[] = [];
    const checks: PlanCheck[] = [];
    for (const name of variables) {
      const { column, check } = withCatOp(frame.categoricalAt(name), imputeOp(dict.get(name)!));
      replaced.push(column);
      checks.push(check);
    }
    return { frame: frame.replace(replaced, checks), stillValid: () => this.variables_ === variables && this.imputerDict_ === dict };
  }

  toJSON(): ComponentJSON {
    const params = { variables: variablesParam(this.variables), imputationMethod: this.imputationMethod, fillValue: this.fillValue };
    if (!this.fitted) return { type: TYPE, params };
    return { type: TYPE, params, state: { variables: [...this.variables_!], imputerDict: toRecord(this.imputerDict_!, (v) => v) } };
  }

  static fromJSON(json: ComponentJSON): CategoricalImputer {
    const { params, state } = openComponent(json, TYPE, ['variables', 'imputationMethod', 'fillValue'], ['variables', 'imputerDict']);
    const t = construct(
      TYPE,
      () =>
        new CategoricalImputer({
          variables: optional(params.variables) as string[] | undefined,
          imputationMethod: params.imputationMethod as CategoricalImputationMethod,
          fillValue: params.fillValue as string,
        }),
    );
    if (state) {
      t.variables_ = readNames(`${TYPE} state.variables`, state.variables);
      t.imputerDict_ = readPerVariable(`${TYPE} state.imputerDict`, state.imputerDict, t.variables_, readString);
    }
    return t;
  }
}
