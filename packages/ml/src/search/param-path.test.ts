import { describe, expect, it } from 'vitest';
import '../preprocessing/index.js';
import '../linear/index.js';
import { UserError } from '../core/errors.js';
import { CUSTOMER_SEGMENTATION_SCHEMA } from '../data/schema.js';
import { pipelineFromConfig, type PipelineConfig } from '../pipeline/config.js';
import { getPreset } from '../pipeline/presets.js';
import { getConfigParam, setConfigParam, setConfigParams } from './param-path.js';

const logistic = getPreset('logistic').build(CUSTOMER_SEGMENTATION_SCHEMA, 0);
const ovr = getPreset('ovr-logistic').build(CUSTOMER_SEGMENTATION_SCHEMA, 0);
const twoEncoders: PipelineConfig = {
  steps: [
    { type: 'OneHotEncoder', params: { variables: ['Gender'] } },
    { type: 'MinMaxScaler', params: {} },
    { type: 'OneHotEncoder', params: { variables: ['Graduated'] } },
  ],
  estimator: { type: 'LogisticRegression', params: {} },
};

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('getConfigParam', () => {
  it('reads explicit values and, like get_params, the defaults the config leaves out', () => {
    expect(getConfigParam(logistic, 'estimator.C')).toBe(1);
    expect(getConfigParam(logistic, 'estimator.tol')).toBe(1e-4);
    expect(getConfigParam(logistic, 'steps.2.dropLastBinary')).toBe(true);
    expect(getConfigParam(logistic, 'steps.OneHotEncoder.topCategories')).toBeNull();
    expect(getConfigParam(logistic, 'steps.0.variables')).toEqual(['Work_Experience', 'Family_Size']);
  });

  it('descends into nested meta-estimators and returns whole components', () => {
    expect(getConfigParam(ovr, 'estimator.estimator.C')).toBe(1);
    expect(getConfigParam(ovr, 'estimator.estimator.penalty')).toBe('l2');
    expect(getConfigParam(ovr, 'estimator.estimator')).toEqual({ type: 'LogisticRegression', params: { C: 1, maxIter: 100 } });
    expect(getConfigParam(logistic, 'steps.5')).toEqual({ type: 'MinMaxScaler', params: {} });
  });

  it('returns copies: changing them leaves the config alone', () => {
    const v = getConfigParam(logistic, 'steps.0.variables') as string[];
    v.push('Age');
    expect(getConfigParam(logistic, 'steps.0.variables')).toEqual(['Work_Experience', 'Family_Size']);
  });
});

describe('setConfigParam', () => {
  it('returns a new config and never touches the old one', () => {
    const before = JSON.stringify(logistic);
    const next = setConfigParam(logistic, 'estimator.C', 0.01);
    expect(JSON.stringify(logistic)).toBe(before);
    expect(next.estimator).toEqual({ type: 'LogisticRegression', params: { C: 0.01, maxIter: 100 } });
    expect(next.steps).toEqual(logistic.steps);
    expect(getConfigParam(next, 'estimator.C')).toBe(0.01);
  });

  it('sets a default the config did not spell out, by index or by type', () => {
    const a = setConfigParam(logistic, 'steps.2.topCategories', 1);
    const b = setConfigParam(logistic, 'steps.OneHotEncoder.topCategories', 1);
    expect(a).toEqual(b);
    expect(a.steps[2].params).toEqual({ dropLastBinary: true, variables: ['Gender', 'Ever_Married', 'Graduated'], topCategories: 1 });
    expect(() => pipelineFromConfig(a)).not.toThrow();
  });

  it('sets nested estimator parameters (sklearn model__estimator__C)', () => {
    const next = setConfigParam(ovr, 'estimator.estimator.C', 10);
    expect(next.estimator).toEqual({ type: 'OneVsRestClassifier', params: { estimator: { type: 'LogisticRegression', params: { C: 10, maxIter: 100 } } } });
    expect(getConfigParam(ovr, 'estimator.estimator.C')).toBe(1);
  });

  it('replaces whole components, and applies shallow keys before deeper ones', () => {
    const dummy = { type: 'DummyClassifier', params: { strategy: 'prior' } };
    expect(setConfigParam(logistic, 'estimator', dummy).estimator).toEqual(dummy);
    expect(setConfigParam(logistic, 'steps.5', { type: 'StandardScaler' }).steps[5]).toEqual({ type: 'StandardScaler', params: {} });
    const both = setConfigParams(logistic, { 'estimator.strategy': 'most_frequent', estimator: dummy });
    expect(both.estimator).toEqual({ type: 'DummyClassifier', params: { strategy: 'most_frequent' } });
    expect(dummy.params.strategy).toBe('prior');
  });

  it('refuses unknown paths with a UserError naming the key', () => {
    const cases: [string, RegExp][] = [
      ['estimator.alpha', /"estimator.alpha".*has no parameter "alpha"; its parameters are penalty, C, maxIter/],
      ['model.C', /"model.C": must start with "estimator" or "steps"/],
      ['steps', /"steps": name a step by index or type/],
      ['steps.9.topCategories', /"steps.9.topCategories": there is no step 9; the config has 6 steps \(indices 0–5: 0=MeanMedianImputer/],
      ['steps.RareLabelEncoder.tol', /"steps.RareLabelEncoder.tol": no step of type "RareLabelEncoder"/],
      ['steps.3.topCategories', /"steps.3.topCategories": steps.3 \(CountFrequencyEncoder\) has no parameter "topCategories"/],
      ['estimator.C.x', /"estimator.C.x": estimator \(LogisticRegression\).C is not a component/],
      ['estimator..C', /"estimator..C" has an empty segment/],
      ['estimator.estimator.C', /has no parameter "estimator"/],
    ];
    for (const [key, message] of cases) {
      const e = thrown(() => setConfigParam(logistic, key, 1));
      expect(e, key).toBeInstanceOf(UserError);
      expect(e.message, key).toMatch(message);
      expect(thrown(() => getConfigParam(logistic, key)).message, key).toMatch(message);
    }
  });

  it('refuses a type shared by several steps, pointing to the indices', () => {
    const e = thrown(() => setConfigParam(twoEncoders, 'steps.OneHotEncoder.topCategories', 1));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(
      'parameter key "steps.OneHotEncoder.topCategories": 2 steps are of type "OneHotEncoder" (indices 0, 2); address one by index, e.g. "steps.0.topCategories"',
    );
    expect(setConfigParam(twoEncoders, 'steps.2.topCategories', 1).steps[2].params).toEqual({ variables: ['Graduated'], topCategories: 1 });
  });

  it('accepts only plain data as values, and keeps "__proto__" keys as data', () => {
    expect(() => setConfigParam(logistic, 'estimator.C', new Date())).toThrow(/plain data/);
    expect(() => setConfigParam(logistic, 'estimator.C', () => 1)).toThrow(/plain data/);
    expect(() => setConfigParam(logistic, 'estimator.__proto__', 1)).toThrow(/has no parameter "__proto__"/);
    const value = JSON.parse('{"__proto__": {"polluted": true}}');
    const next = setConfigParam(logistic, 'estimator.classWeight', value);
    expect(Object.hasOwn(next.estimator.params.classWeight as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
