import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import type { Frame } from '../data/frame.js';
import { construct, openComponent, optional, readFinite, readNames, readPerVariable, toRecord, variablesParam } from './json.js';
import { fillNumeric, planFill } from './mean-median-imputer.js';
import { NoPlan, type PlanFrame, type PlannedStep } from './row-plan.js';
import { noNegZero } from './numeric-stats.js';
import { assertFitted, checkVariablesOption, finiteNumber, numberRecord, selectVariables } from './variables.js';

export interface ArbitraryNumberImputerOptions {
  variables?: readonly string[];
  arbitraryNumber?: number;
  /** Per-variable values; when given, its keys are the variables and `variables` must not also be given. */
  imputerDict?: Record<string, number>;
}

const TYPE = 'ArbitraryNumberImputer';

/** Replaces missing numeric values by a fixed number (feature-engine ArbitraryNumberImputer). */
export class ArbitraryNumberImputer implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly arbitraryNumber: number;
  readonly imputerDict: ReadonlyMap<string, number> | undefined;
  variables_: string[] | undefined;
  imputerDict_: Map<string, number> | undefined;

  constructor(options: ArbitraryNumberImputerOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    this.arbitraryNumber = noNegZero(finiteNumber(TYPE, 'arbitraryNumber', options.arbitraryNumber, 999));
    if (options.imputerDict !== undefined) {
      const dict = numberRecord(TYPE, 'imputerDict', options.imputerDict);
      if (dict.size === 0) throw new UserError(`${TYPE}: imputerDict must name at least one variable`);
      // feature-engine lets imputerDict override variables; refusing both avoids guessing which one was meant.
      if (this.variables !== undefined) throw new UserError(`${TYPE}: give either variables or imputerDict, not both`);
      this.imputerDict = new Map([...dict].map(([k, v]) => [k, noNegZero(v)]));
    }
  }

  get fitted(): boolean {
    return this.imputerDict_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const wanted = this.imputerDict ? [...this.imputerDict.keys()] : this.variables;
    const variables = selectVariables(TYPE, frame, wanted, 'numeric');
    this.variables_ = variables;
    this.imputerDict_ = new Map(variables.map((v) => [v, this.imputerDict?.get(v) ?? this.arbitraryNumber]));
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
    const params = {
      variables: variablesParam(this.variables),
      arbitraryNumber: this.arbitraryNumber,
      imputerDict: this.imputerDict ? toRecord(this.imputerDict, (v) => v) : null,
    };
    if (!this.fitted) return { type: TYPE, params };
    return { type: TYPE, params, state: { variables: [...this.variables_!], imputerDict: toRecord(this.imputerDict_!, (v) => v) } };
  }

  static fromJSON(json: ComponentJSON): ArbitraryNumberImputer {
    const { params, state } = openComponent(json, TYPE, ['variables', 'arbitraryNumber', 'imputerDict'], ['variables', 'imputerDict']);
    const t = construct(
      TYPE,
      () =>
        new ArbitraryNumberImputer({
          variables: optional(params.variables) as string[] | undefined,
          arbitraryNumber: params.arbitraryNumber as number | undefined,
          imputerDict: optional(params.imputerDict) as Record<string, number> | undefined,
        }),
    );
    if (state) {
      t.variables_ = readNames(`${TYPE} state.variables`, state.variables);
      t.imputerDict_ = readPerVariable(`${TYPE} state.imputerDict`, state.imputerDict, t.variables_, readFinite);
    }
    return t;
  }
}
