import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../core/errors.js';
import { loadSynthParams, parseSynthParams, type CategoricalNode, type SynthParams } from './params.js';

const HEADER = ['ID', 'Gender', 'Ever_Married', 'Age', 'Graduated', 'Profession', 'Work_Experience', 'Spending_Score', 'Family_Size', 'Var_1', 'Segmentation'];

/** The real category sets of train.csv. */
const REAL_CATEGORIES: Record<string, string[]> = {
  Segmentation: ['A', 'B', 'C', 'D'],
  Gender: ['Female', 'Male'],
  Ever_Married: ['No', 'Yes'],
  Graduated: ['No', 'Yes'],
  Profession: ['Artist', 'Doctor', 'Engineer', 'Entertainment', 'Executive', 'Healthcare', 'Homemaker', 'Lawyer', 'Marketing'],
  Spending_Score: ['Average', 'High', 'Low'],
  Var_1: ['Cat_1', 'Cat_2', 'Cat_3', 'Cat_4', 'Cat_5', 'Cat_6', 'Cat_7'],
  Work_Experience: Array.from({ length: 15 }, (_, i) => String(i)),
  Family_Size: Array.from({ length: 9 }, (_, i) => String(i + 1)),
};

function clone(p: SynthParams): any {
  return JSON.parse(JSON.stringify(p));
}

describe('loadSynthParams', () => {
  const params = loadSynthParams();

  it('describes the real schema with exactly the real categories', () => {
    expect(params.header).toEqual(HEADER);
    expect(params.id).toBe('ID');
    expect(params.target).toBe('Segmentation');
    for (const [name, cats] of Object.entries(REAL_CATEGORIES)) {
      const node = params.nodes.find((n) => n.name === name) as CategoricalNode;
      expect(node.kind, name).toBe('categorical');
      expect([...node.categories].sort(), name).toEqual([...cats].sort());
    }
    const age = params.nodes.find((n) => n.name === 'Age')!;
    expect(age.kind).toBe('quantile');
  });

  it('makes every feature depend on the segment', () => {
    for (const n of params.nodes.slice(1)) expect(n.parents[0], n.name).toBe('Segmentation');
  });

  it('is cached and small', () => {
    expect(loadSynthParams()).toBe(params);
    const size = statSync(new URL('../../data/synth-params.json', import.meta.url)).size;
    expect(size).toBeLessThan(64 * 1024);
  });
});

describe('parseSynthParams', () => {
  const good = loadSynthParams();

  it('accepts the built-in parameters and their JSON round trip', () => {
    expect(parseSynthParams(clone(good))).toEqual(good);
  });

  const broken: [string, (p: any) => void, RegExp][] = [
    ['wrong format', (p) => (p.format = 'other'), /format/],
    ['future version', (p) => (p.version = 2), /version/],
    ['not an object', () => undefined, /object/],
    ['target not first', (p) => (p.target = 'Gender'), /first node/],
    ['unknown parent', (p) => (p.nodes[2].parents = ['Segmentation', 'Nope']), /parent "Nope"/],
    ['row count', (p) => p.nodes[1].probs.pop(), /rows/],
    ['row width', (p) => p.nodes[1].probs[0].push(0), /values/],
    ['row sum', (p) => (p.nodes[1].probs[0][0] += 0.5), /sums to/],
    ['negative probability', (p) => (p.nodes[0].probs[0] = [-0.5, 0.5, 0.5, 0.5]), /negative/],
    ['non-numeric probability', (p) => (p.nodes[0].probs[0][0] = '0.25'), /finite numbers/],
    ['decreasing quantiles', (p) => p.nodes.find((n: any) => n.kind === 'quantile').quantiles[0].reverse(), /must not decrease/],
    ['bad levels', (p) => (p.nodes.find((n: any) => n.kind === 'quantile').levels[0] = 0.01), /levels/],
    ['unknown kind', (p) => (p.nodes[1].kind = 'gaussian'), /kind/],
    ['duplicate category', (p) => (p.nodes.find((n: any) => n.name === 'Gender').categories = ['Male', 'Male']), /duplicate categories/],
    ['column without node', (p) => (p.nodes = p.nodes.filter((n: any) => n.name !== 'Var_1')), /"Var_1" has no node/],
    ['missing rate out of range', (p) => (p.missing.Var_1 = [0, 0, 1.2, 0]), /outside/],
    ['missing rates per segment', (p) => (p.missing.Var_1 = [0.1]), /one rate per segment/],
    ['missing rate for unknown column', (p) => (p.missing.Foo = [0, 0, 0, 0]), /not a feature column/],
  ];
  for (const [what, breakIt, message] of broken) {
    it(`rejects ${what} with ModelFormatError`, () => {
      const p = clone(good);
      breakIt(p);
      const input = what === 'not an object' ? [p] : p;
      expect(() => parseSynthParams(input)).toThrow(ModelFormatError);
      expect(() => parseSynthParams(input)).toThrow(message);
    });
  }
});
