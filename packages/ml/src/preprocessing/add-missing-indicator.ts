import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import { MISSING_CODE, numericColumn, type Column, type Frame } from '../data/frame.js';
import { checkCodes } from './category-stats.js';
import { encoded, NoPlan, NumOpCode, withNumOp, type PlanColumn, type PlanFrame, type PlannedStep } from './row-plan.js';
import { construct, openComponent, optional, readNames, variablesParam } from './json.js';
import { anyAt, assertFitted, booleanOption, checkNewNames, checkVariablesOption, selectVariables } from './variables.js';

export interface AddMissingIndicatorOptions {
  variables?: readonly string[];
  /** Only variables that had missing values at fit get an indicator. */
  missingOnly?: boolean;
}

const TYPE = 'AddMissingIndicator';

/** 1 where the value is missing, else 0. */
function indicator(col: Column): Float64Array {
  if (col.kind === 'numeric') {
    const v = col.values;
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] !== v[i] ? 1 : 0;
    return out;
  }
  const c = col.codes;
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c[i] === MISSING_CODE ? 1 : 0;
  return out;
}

function hasMissing(col: Column): boolean {
  return indicator(col).includes(1);
}

/** Appends a 0/1 column `${variable}_na` per variable, 1 where the value is missing (feature-engine AddMissingIndicator). */
export class AddMissingIndicator implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly missingOnly: boolean;
  /** Learned: variables that get an indicator, in order. */
  variables_: string[] | undefined;

  constructor(options: AddMissingIndicatorOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    this.missingOnly = booleanOption(TYPE, 'missingOnly', options.missingOnly, true);
  }

  get fitted(): boolean {
    return this.variables_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const candidates = selectVariables(TYPE, frame, this.variables, 'any');
    for (const name of candidates) {
      const col = frame.column(name);
      if (col.kind === 'categorical') checkCodes(col);
    }
    this.variables_ = this.missingOnly ? candidates.filter((name) => hasMissing(frame.column(name))) : candidates;
    return this;
  }

  transform(frame: Frame, _ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    const names = this.variables_!.map((v) => `${v}_na`);
    checkNewNames(TYPE, frame, names);
    const added = this.variables_!.map((name, j) => numericColumn(names[j], indicator(anyAt(TYPE, frame, name))));
    return frame.append(added);
  }

  /** The transform as column mappings (see row-plan.ts). */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    if (variables === undefined) throw new NoPlan(TYPE);
    const names = variables.map((v) => `${v}_na`);
    frame.checkNewNames(names);
    const added = variables.map((name, j): PlanColumn => {
      const col = frame.anyAt(name);
      if (col.kind === 'categorical') return encoded(col, names[j], (v) => (v === null ? 1 : 0));
      return { ...withNumOp(col, { code: NumOpCode.IsNaN, a: 0, b: 0 }), name: names[j] };
    });
    return { frame: frame.dropAppend([], added), stillValid: () => this.variables_ === variables };
  }

  toJSON(): ComponentJSON {
    const params = { variables: variablesParam(this.variables), missingOnly: this.missingOnly };
    if (!this.fitted) return { type: TYPE, params };
    return { type: TYPE, params, state: { variables: [...this.variables_!] } };
  }

  static fromJSON(json: ComponentJSON): AddMissingIndicator {
    const { params, state } = openComponent(json, TYPE, ['variables', 'missingOnly'], ['variables']);
    const t = construct(
      TYPE,
      () => new AddMissingIndicator({ variables: optional(params.variables) as string[] | undefined, missingOnly: params.missingOnly as boolean }),
    );
    // An empty list is a valid fit (nothing was missing), unlike an empty `variables` option.
    if (state) t.variables_ = readNames(`${TYPE} state.variables`, state.variables);
    return t;
  }
}
