import { UserError } from '../core/errors.js';
import type { ComponentJSON, Labels, TransformContext, Transformer } from '../core/types.js';
import type { Frame } from '../data/frame.js';
import { mapCategories, planMapCategories } from './category-mapping.js';
import { NoPlan, type PlanFrame, type PlannedStep } from './row-plan.js';
import { byDecreasingCount, countCategories } from './category-stats.js';
import { construct, openComponent, optional, readNames, readNumberMap, readPerVariable, toRecord, variablesParam } from './json.js';
import { assertFitted, categoricalAt, checkVariablesOption, oneOf, selectVariables, UNSEEN_POLICIES, type UnseenPolicy } from './variables.js';

export type CountEncodingMethod = 'count' | 'frequency';

export interface CountFrequencyEncoderOptions {
  variables?: readonly string[];
  encodingMethod?: CountEncodingMethod;
  unseen?: UnseenPolicy;
}

const TYPE = 'CountFrequencyEncoder';

/**
 * Replaces each category by its count, or its share of the non-missing rows, at fit (feature-engine
 * CountFrequencyEncoder; pandas `value_counts(normalize=True)`). Missing and unseen categories become 0.
 */
export class CountFrequencyEncoder implements Transformer {
  static readonly TYPE = TYPE;
  readonly type = TYPE;
  readonly variables: readonly string[] | undefined;
  readonly encodingMethod: CountEncodingMethod;
  readonly unseen: UnseenPolicy;
  variables_: string[] | undefined;
  /** Learned: variable -> category -> count or frequency, categories by decreasing count. */
  encoderDict_: Map<string, Map<string, number>> | undefined;

  constructor(options: CountFrequencyEncoderOptions = {}) {
    this.variables = checkVariablesOption(TYPE, options.variables);
    this.encodingMethod = oneOf(TYPE, 'encodingMethod', options.encodingMethod, ['count', 'frequency'], 'count');
    this.unseen = oneOf(TYPE, 'unseen', options.unseen, UNSEEN_POLICIES, 'ignore');
  }

  get fitted(): boolean {
    return this.encoderDict_ !== undefined;
  }

  fit(frame: Frame, _y?: Labels): this {
    const variables = selectVariables(TYPE, frame, this.variables, 'categorical');
    const dict = new Map<string, Map<string, number>>();
    for (const name of variables) {
      const counts = countCategories(frame.categorical(name));
      if (counts.present === 0) throw new UserError(`${TYPE}: variable "${name}" has no values at fit`);
      const map = new Map<string, number>();
      for (const i of byDecreasingCount(counts)) {
        const n = counts.counts[i];
        map.set(counts.values[i], this.encodingMethod === 'count' ? n : n / counts.present);
      }
      dict.set(name, map);
    }
    this.variables_ = variables;
    this.encoderDict_ = dict;
    return this;
  }

  transform(frame: Frame, ctx?: TransformContext): Frame {
    assertFitted(TYPE, this.fitted);
    const replaced = this.variables_!.map((name) =>
      mapCategories(TYPE, categoricalAt(TYPE, frame, name), this.encoderDict_!.get(name)!, 0, this.unseen, ctx),
    );
    return frame.replace(replaced);
  }

  /** The transform as column mappings (see row-plan.ts). */
  plan(frame: PlanFrame): PlannedStep {
    const variables = this.variables_;
    const dict = this.encoderDict_;
    if (variables === undefined || dict === undefined) throw new NoPlan(TYPE);
    return { frame: planMapCategories(frame, variables, dict, 0), stillValid: () => this.variables_ === variables && this.encoderDict_ === dict };
  }

  toJSON(): ComponentJSON {
    const params = { variables: variablesParam(this.variables), encodingMethod: this.encodingMethod, unseen: this.unseen };
    if (!this.fitted) return { type: TYPE, params };
    return {
      type: TYPE,
      params,
      state: { variables: [...this.variables_!], encoderDict: toRecord(this.encoderDict_!, (m) => toRecord(m, (v) => v)) },
    };
  }

  static fromJSON(json: ComponentJSON): CountFrequencyEncoder {
    const { params, state } = openComponent(json, TYPE, ['variables', 'encodingMethod', 'unseen'], ['variables', 'encoderDict']);
    const t = construct(
      TYPE,
      () =>
        new CountFrequencyEncoder({
          variables: optional(params.variables) as string[] | undefined,
          encodingMethod: params.encodingMethod as CountEncodingMethod,
          unseen: params.unseen as UnseenPolicy,
        }),
    );
    if (state) {
      t.variables_ = readNames(`${TYPE} state.variables`, state.variables);
      t.encoderDict_ = readPerVariable(`${TYPE} state.encoderDict`, state.encoderDict, t.variables_, readNumberMap);
    }
    return t;
  }
}
