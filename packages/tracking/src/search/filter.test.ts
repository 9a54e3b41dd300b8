import { describe, expect, it } from 'vitest';
import { MlflowError } from '../errors.js';
import { likeToGlob, parseFilter, parseOrderBy } from './filter.js';

describe('parseFilter', () => {
  it('parses MLflow clauses joined by AND, any case', () => {
    expect(parseFilter("metrics.x > 0.5 and params.model = 'seed' AND tags.k = 'v' and attributes.status = 'FINISHED'")).toEqual([
      { type: 'metric', key: 'x', comparator: '>', value: 0.5 },
      { type: 'param', key: 'model', comparator: '=', value: 'seed' },
      { type: 'tag', key: 'k', comparator: '=', value: 'v' },
      { type: 'attribute', key: 'status', comparator: '=', value: 'FINISHED' },
    ]);
  });

  it('reads every comparator, negative and exponent numbers, IN lists', () => {
    const ops = ['=', '!=', '<', '<=', '>', '>='];
    for (const op of ops) expect(parseFilter(`metrics.m ${op} -1.5e-3`)[0]).toMatchObject({ comparator: op, value: -0.0015 });
    expect(parseFilter("params.p LIKE 'a%'")[0].comparator).toBe('LIKE');
    expect(parseFilter("params.p ilike 'a%'")[0].comparator).toBe('ILIKE');
    expect(parseFilter("attributes.run_id IN ('a', 'b')")[0]).toMatchObject({ comparator: 'IN', value: ['a', 'b'] });
    expect(parseFilter("attributes.run_id NOT IN ('a')")[0]).toMatchObject({ comparator: 'NOT IN', value: ['a'] });
    expect(parseFilter('metrics.m<>1')[0].comparator).toBe('!=');
    expect(parseFilter('metrics.m>=2')[0]).toMatchObject({ key: 'm', comparator: '>=', value: 2 });
  });

  it('reads quoted keys, dotted keys, prefixes and escaped quotes', () => {
    expect(parseFilter('metrics.`my key` > 1')[0].key).toBe('my key');
    expect(parseFilter('metrics."my key" > 1')[0].key).toBe('my key');
    expect(parseFilter("tags.mlflow.runName = 'x'")[0]).toMatchObject({ type: 'tag', key: 'mlflow.runName' });
    expect(parseFilter('metric.train.loss.v2 < 1')[0]).toMatchObject({ type: 'metric', key: 'train.loss.v2' });
    expect(parseFilter('metrics.lr.0.5 < .5')[0]).toMatchObject({ key: 'lr.0.5', value: 0.5 });
    expect(parseFilter("param.a-b/c = 'x'")[0]).toMatchObject({ type: 'param', key: 'a-b/c' });
    expect(parseFilter("run.status = 'x'")[0].type).toBe('attribute');
    expect(parseFilter("name = 'it''s'")[0]).toEqual({ type: null, key: 'name', comparator: '=', value: "it's" });
    expect(parseFilter('')).toEqual([]);
    expect(parseFilter(undefined)).toEqual([]);
  });

  it('refuses malformed filters with INVALID_PARAMETER_VALUE', () => {
    for (const f of ['metrics.x >', "metrics.x > 1 or params.y = 'a'", 'metrics.x ! 1', "params.y = 'open", 'metrics. > 1', "metrics.x > 1 params.y = 'a'", "run_id IN 'a'", 'x = (']) {
      try {
        parseFilter(f);
        expect.unreachable(f);
      } catch (e) {
        expect(e, f).toBeInstanceOf(MlflowError);
        expect((e as MlflowError).error_code).toBe('INVALID_PARAMETER_VALUE');
      }
    }
  });
});

describe('parseOrderBy', () => {
  it('reads keys and directions', () => {
    expect(parseOrderBy(['metrics.acc DESC', 'attributes.start_time', 'params.`a b` asc'])).toEqual([
      { type: 'metric', key: 'acc', ascending: false },
      { type: 'attribute', key: 'start_time', ascending: true },
      { type: 'param', key: 'a b', ascending: true },
    ]);
    expect(() => parseOrderBy(['metrics.acc up'])).toThrow(MlflowError);
    expect(() => parseOrderBy(['metrics.acc DESC extra'])).toThrow(MlflowError);
  });
});

describe('likeToGlob', () => {
  it('translates wildcards and escapes glob characters', () => {
    expect(likeToGlob('a%b_c')).toBe('a*b?c');
    expect(likeToGlob('x*y?[z]')).toBe('x[*]y[?][[]z]');
  });
});
