import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import { numericColumn, type Frame } from '../data/frame.js';
import { construct, openComponent, optional, readFinite, readNames, readPerVariable, toRecord, variablesParam } from './json.js';
import { EPS, nanMinMax, noNegZero } from './numeric-stats.js';
import { NoPlan, NumOpCode, withNumOp, type PlanFrame, type PlannedStep } from './row-plan.js';
import { assertFitted, checkFinite, checkVariablesOption, numericAt, selectVariables } from './variables.js';

export interface MinMaxScalerOptions {
  variables?: readonly string[];
  featureRange?: readonly [number, number];
}

const TYPE = 'MinMaxScaler';

/**
 * Scales each numeric variable to `featureRange` as scikit-learn's MinMaxScaler does, operation for
 * operation (x * scale + min), so outputs match it bit for bit. NaN is ignored at fit and passed through.
 * A (near-)constant variable gets scale 1, as in sklearn; an all-missing one is refused, where sklearn
 * would learn NaN.
 */
export class MinMaxScaler implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly featureRange: readonly [number, number];
  variables_: string[] | undefined;
  dataMin_: Map<string, number> | undefined;
  dataMax_: Map<string, number> | undefined;
  scale_: Map<string, number> | undefined;
  min_: Map<string, number> | undefined;

  constructor(options: MinMaxScalerOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    const r = options.featureRange ?? [0, 1];
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new UserError(`${TYPE}: featureRange must be two finite numbers [min, max], got ${JSON.stringify(r)}`);
    }
    if (!(r[0] < r[1])) throw new UserError(`${TYPE}: featureRange minimum must be smaller than maximum, got ${JSON.stringify(r)}`);
    this.featureRange = [noNegZero(r[0]), noNegZero(r[1])];
  }

  get fitted(): boolean {
    return this.scale_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const variables = selectVariables(TYPE, frame, this.variables, 'numeric');
    const [lo, hi] = this.featureRange;
    const dataMin = new Map<string, number>();
    const dataMax = new Map<string, number>();
    const scale = new Map<string, number>();
    const min = new Map<string, number>();
    for (const name of variables) {
      const col = frame.numeric(name);
      checkFinite(TYPE, col);
      const mm = nanMinMax(col.values);
      if (Number.isNaN(mm.min)) throw new UserError(`${TYPE}: variable "${name}" has no values at fit`);
      const range = mm.max - mm.min;
      // sklearn's _handle_zeros_in_scale: a range within rounding noise of 0 means "constant".
      const s = (hi - lo) / (range < 10 * EPS ? 1 : range);
      dataMin.set(name, noNegZero(mm.min));
      dataMax.set(name, noNegZero(mm.max));
      scale.set(name, noNegZero(s));
      min.set(name, noNegZero(lo - mm.min * s));
    }
    this.variables_ = variables;
    this.dataMin_ = dataMin;
    this.dataMax_ = dataMax;
    this.scale_ = scale;
    this.min_ = min;
    return this;
  }

  transform(frame: Frame, _ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    const replaced = this.variables_!.map((name) => {
      const src = numericAt(TYPE, frame, name).values;
      const s = this.scale_!.get(name)!;
      const m = this.min_!.get(name)!;
      const out = new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = src[i] * s + m;
      return numericColumn(name, out);
    });
    return frame.replace(replaced);
  }

  /** The transform as column mappings (see row-plan.ts): x * scale + min. */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    const scale = this.scale_;
    const min = this.min_;
    if (variables === undefined || scale === undefined || min === undefined) throw new NoPlan(TYPE);
    const replaced = variables.map((name) => withNumOp(frame.numericAt(name), { code: NumOpCode.MulAdd, a: scale.get(name)!, b: min.get(name)! }));
    return { frame: frame.replace(replaced), stillValid: () => this.variables_ === variables && this.scale_ === scale && this.min_ === min };
  }

  toJSON(): ComponentJSON {
    const params = { variables: variablesParam(this.variables), featureRange: [...this.featureRange] };
    if (!this.fitted) return { type: TYPE, params };
    const id = (v: number) => v;
    return {
      type: TYPE,
      params,
      state: {
        variables: [...this.variables_!],
        dataMin: toRecord(this.dataMin_!, id),
        dataMax: toRecord(this.dataMax_!, id),
        scale: toRecord(this.scale_!, id),
        min: toRecord(this.min_!, id),
      },
    };
  }

  static fromJSON(json: ComponentJSON): MinMaxScaler {
    const { params, state } = openComponent(json, TYPE, ['variables', 'featureRange'], ['variables', 'dataMin', 'dataMax', 'scale', 'min']);
    const t = construct(
      TYPE,
      () => new MinMaxScaler({ variables: optional(params.variables) as string[] | undefined, featureRange: params.featureRange as [number, number] }),
    );
    if (state) {
      const where = `${TYPE} state`;
      const variables = readNames(`${where}.variables`, state.variables);
      t.variables_ = variables;
      t.dataMin_ = readPerVariable(`${where}.dataMin`, state.dataMin, variables, readFinite);
      t.dataMax_ = readPerVariable(`${where}.dataMax`, state.dataMax, variables, readFinite);
      t.scale_ = readPerVariable(`${where}.scale`, state.scale, variables, readFinite);
      t.min_ = readPerVariable(`${where}.min`, state.min, variables, readFinite);
    }
    return t;
  }
}
