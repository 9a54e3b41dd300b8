import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import { numericColumn, type Frame } from '../data/frame.js';
import { construct, openComponent, optional, readFinite, readNames, readPerVariable, toRecord, variablesParam } from './json.js';
import { nanMean, nanMedian, noNegZero } from './numeric-stats.js';
import { NoPlan, NumOpCode, withNumOp, type PlanFrame, type PlannedStep } from './row-plan.js';
import { assertFitted, checkFinite, checkVariablesOption, numericAt, oneOf, selectVariables } from './variables.js';

export type ImputationMethod = 'mean' | 'median';

export interface MeanMedianImputerOptions {
  variables?: readonly string[];
  imputationMethod?: ImputationMethod;
}

const TYPE = 'MeanMedianImputer';

/** Replaces missing numeric values by the variable's mean or median at fit (feature-engine MeanMedianImputer). */
export class MeanMedianImputer implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly imputationMethod: ImputationMethod;
  /** Learned: the variables imputed, in order. */
  variables_: string[] | undefined;
  /** Learned: variable -> value that replaces NaN. */
  imputerDict_: Map<string, number> | undefined;

  constructor(options: MeanMedianImputerOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    this.imputationMethod = oneOf(TYPE, 'imputationMethod', options.imputationMethod, ['mean', 'median'], 'median');
  }

  get fitted(): boolean {
    return this.imputerDict_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const variables = selectVariables(TYPE, frame, this.variables, 'numeric');
    const dict = new Map<string, number>();
    for (const name of variables) {
      const col = frame.numeric(name);
      checkFinite(TYPE, col);
      const value = this.imputationMethod === 'mean' ? nanMean(col.values) : nanMedian(col.values);
      if (Number.isNaN(value)) throw new UserError(`${TYPE}: variable "${name}" has no values at fit, so its ${this.imputationMethod} is undefined`);
      dict.set(name, noNegZero(value));
    }
    this.variables_ = variables;
    this.imputerDict_ = dict;
    return this;
  }

  transform(frame: Frame, _ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    return fillNumeric(TYPE, frame, this.variables_!, this.imputerDict_!);
  }

  /** The transform as column mappings (see row-plan.ts). */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    const dict = this.imputerDict_;
    if (variables === undefined || dict === undefined) throw new NoPlan(TYPE);
    return { frame: planFill(frame, variables, dict), stillValid: () => this.variables_ === variables && this.imputerDict_ === dict };
  }

  toJSON(): ComponentJSON {
    const params = { variables: variablesParam(this.variables), imputationMethod: this.imputationMethod };
    if (!this.fitted) return { type: TYPE, params };
    return { type: TYPE, params, state: { variables: [...this.variables_!], imputerDict: toRecord(this.imputerDict_!, (v) => v) } };
  }

  static fromJSON(json: ComponentJSON): MeanMedianImputer {
    const { params, state } = openComponent(json, TYPE, ['variables', 'imputationMethod'], ['variables', 'imputerDict']);
    const t = construct(TYPE, () => new MeanMedianImputer({ variables: optional(params.variables) as string[] | undefined, imputationMethod: params.imputationMethod as ImputationMethod }));
    if (state) {
      t.variables_ = readNames(`${TYPE} state.variables`, state.variables);
      t.imputerDict_ = readPerVariable(`${TYPE} state.imputerDict`, state.imputerDict, t.variables_, readFinite);
    }
    return t;
  }
}

/** Replaces NaN in each variable by its value in `fill`; shared by the numeric imputers. */
export function fillNumeric(who: string, frame: Frame, variables: readonly string[], fill: ReadonlyMap<string, number>): Frame {
  const replaced = variables.map((name) => {
    const src = numericAt(who, frame, name).values;
    const value = fill.get(name)!;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const x = src[i];
      out[i] = x !== x ? value : x;
    }
    return numericColumn(name, out);
  });
  return frame.replace(replaced);
}

/** fillNumeric as column mappings. */
export function planFill(frame: PlanFrame, variables: readonly string[], fill: ReadonlyMap<string, number>): PlanFrame {
  return frame.replace(variables.map((name) => withNumOp(frame.numericAt(name), { code: NumOpCode.Fill, a: fill.get(name)!, b: 0 })));
}
