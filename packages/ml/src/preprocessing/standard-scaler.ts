import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import { numericColumn, type Frame } from '../data/frame.js';
import { construct, fail, openComponent, optional, readFinite, readNames, readPerVariable, toRecord, variablesParam } from './json.js';
import { isConstantFeature, nanMeanVar, noNegZero } from './numeric-stats.js';
import { NoPlan, NumOpCode, withNumOp, type NumOp, type PlanFrame, type PlannedStep } from './row-plan.js';
import { assertFitted, booleanOption, checkFinite, checkVariablesOption, numericAt, selectVariables } from './variables.js';

export interface StandardScalerOptions {
  variables?: readonly string[];
  withMean?: boolean;
  withStd?: boolean;
}

const TYPE = 'StandardScaler';

/**
 * Standardises numeric variables as scikit-learn's StandardScaler does: population variance from the
 * corrected two-pass algorithm, NaN ignored at fit and passed through, near-constant variables (by sklearn's
 * error bound) scaled by 1. An all-missing variable is refused, where sklearn would learn NaN.
 */
export class StandardScaler implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly withMean: boolean;
  readonly withStd: boolean;
  variables_: string[] | undefined;
  mean_: Map<string, number> | undefined;
  /** Population variance; undefined when withStd is false (sklearn's var_ = None). */
  var_: Map<string, number> | undefined;
  scale_: Map<string, number> | undefined;
  nSamplesSeen_: Map<string, number> | undefined;

  constructor(options: StandardScalerOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    this.withMean = booleanOption(TYPE, 'withMean', options.withMean, true);
    this.withStd = booleanOption(TYPE, 'withStd', options.withStd, true);
  }

  get fitted(): boolean {
    return this.mean_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const variables = selectVariables(TYPE, frame, this.variables, 'numeric');
    const mean = new Map<string, number>();
    const variance = new Map<string, number>();
    const scale = new Map<string, number>();
    const seen = new Map<string, number>();
    for (const name of variables) {
      const col = frame.numeric(name);
      checkFinite(TYPE, col);
      const s = nanMeanVar(col.values);
      if (s.count === 0) throw new UserError(`${TYPE}: variable "${name}" has no values at fit`);
      mean.set(name, noNegZero(s.mean));
      seen.set(name, s.count);
      if (this.withStd) {
        variance.set(name, noNegZero(s.variance));
        scale.set(name, isConstantFeature(s.variance, s.mean, s.count) ? 1 : Math.sqrt(s.variance));
      }
    }
    this.variables_ = variables;
    this.mean_ = mean;
    this.var_ = this.withStd ? variance : undefined;
    this.scale_ = this.withStd ? scale : undefined;
    this.nSamplesSeen_ = seen;
    return this;
  }

  transform(frame: Frame, _ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    const replaced = this.variables_!.map((name) => {
      const src = numericAt(TYPE, frame, name).values;
      const m = this.withMean ? this.mean_!.get(name)! : 0;
      const s = this.withStd ? this.scale_!.get(name)! : 1;
      const out = new Float64Array(src.length);
      // Separate branches keep the exact operations sklearn performs (x - mean, then / scale).
      if (this.withMean && this.withStd) for (let i = 0; i < src.length; i++) out[i] = (src[i] - m) / s;
      else if (this.withMean) for (let i = 0; i < src.length; i++) out[i] = src[i] - m;
      else if (this.withStd) for (let i = 0; i < src.length; i++) out[i] = src[i] / s;
      else out.set(src);
      return numericColumn(name, out);
    });
    return frame.replace(replaced);
  }

  /** The transform as column mappings (see row-plan.ts), with the same operations per branch. */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    const mean = this.mean_;
    const scale = this.scale_;
    if (variables === undefined || mean === undefined || (this.withStd && scale === undefined)) throw new NoPlan(TYPE);
    const replaced = variables.map((name) => {
      const col = frame.numericAt(name);
      const m = this.withMean ? mean.get(name)! : 0;
      const s = this.withStd ? scale!.get(name)! : 1;
      let op: NumOp | null = null;
      if (this.withMean && this.withStd) op = { code: NumOpCode.SubDiv, a: m, b: s };
      else if (this.withMean) op = { code: NumOpCode.Sub, a: m, b: 0 };
      else if (this.withStd) op = { code: NumOpCode.Div, a: s, b: 0 };
      return op === null ? col : withNumOp(col, op);
    });
    return { frame: frame.replace(replaced), stillValid: () => this.variables_ === variables && this.mean_ === mean && this.scale_ === scale };
  }

  toJSON(): ComponentJSON {
    const params = { variables: variablesParam(this.variables), withMean: this.withMean, withStd: this.withStd };
    if (!this.fitted) return { type: TYPE, params };
    const id = (v: number) => v;
    return {
      type: TYPE,
      params,
      state: {
        variables: [...this.variables_!],
        mean: toRecord(this.mean_!, id),
        var: this.var_ ? toRecord(this.var_, id) : null,
        scale: this.scale_ ? toRecord(this.scale_, id) : null,
        nSamplesSeen: toRecord(this.nSamplesSeen_!, id),
      },
    };
  }

  static fromJSON(json: ComponentJSON): StandardScaler {
    const { params, state } = openComponent(json, TYPE, ['variables', 'withMean', 'withStd'], ['variables', 'mean', 'var', 'scale', 'nSamplesSeen']);
    const t = construct(
      TYPE,
      () =>
        new StandardScaler({
          variables: optional(params.variables) as string[] | undefined,
          withMean: params.withMean as boolean,
          withStd: params.withStd as boolean,
        }),
    );
    if (state) {
      const where = `${TYPE} state`;
      const variables = readNames(`${where}.variables`, state.variables);
      t.variables_ = variables;
      t.mean_ = readPerVariable(`${where}.mean`, state.mean, variables, readFinite);
      t.nSamplesSeen_ = readPerVariable(`${where}.nSamplesSeen`, state.nSamplesSeen, variables, readFinite);
      if (t.withStd) {
        t.var_ = readPerVariable(`${where}.var`, state.var, variables, readFinite);
        t.scale_ = readPerVariable(`${where}.scale`, state.scale, variables, readFinite);
      } else if (state.var !== null || state.scale !== null) {
        fail(where, 'var and scale must be null when withStd is false');
      }
    }
    return t;
  }
}
