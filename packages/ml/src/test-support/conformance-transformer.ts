import { describe, expect, it } from 'vitest';
import { ModelFormatError, NotFittedError } from '../core/errors.js';
import { cloneTransformer, transformerFromJSON } from '../core/registry.js';
import type { ComponentJSON, Labels, Transformer, UnseenCollector } from '../core/types.js';
import { categoricalColumn, categoricalFromValues, Frame, MISSING_CODE, numericColumn, type Column } from '../data/frame.js';
import { Rng } from '../random/rng.js';

/**
 * The transformer contract every preprocessing step must keep, in the spirit of sklearn's check_estimator.
 * The module under test must have registered its types (import its index) so JSON round trips can load them.
 */
export interface TransformerConformanceOptions {
  /**
   * What happens to a category that was not seen at fit: 'reported' (encoders: ctx.unseen hears about it)
   * or 'silent' (transformers that pass categories through or do not touch categorical variables).
   * Defaults to 'reported' when the data has categorical columns.
   */
  unseen?: 'reported' | 'silent';
}

export interface UnseenReport {
  variable: string;
  value: string;
  row: number;
}

export function collectUnseen(): UnseenCollector & { reports: UnseenReport[] } {
  const reports: UnseenReport[] = [];
  return { reports, add: (variable, value, row) => void reports.push({ variable, value, row }) };
}

/** A deep copy of a frame's arrays, to prove later that nobody wrote into them. */
function snapshot(frame: Frame): Column[] {
  return frame.columns.map((c) =>
    c.kind === 'numeric' ? numericColumn(c.name, c.values.slice()) : categoricalColumn(c.name, c.codes.slice(), [...c.categories]),
  );
}

/** Frames are identical: same names, kinds, dictionaries, codes, and numbers bit for bit (NaN equals NaN, -0 is not 0). */
export function expectIdenticalFrames(actual: Frame, expected: Frame | readonly Column[]): void {
  const cols = expected instanceof Frame ? expected.columns : expected;
  expect(actual.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(cols.map((c) => `${c.name}:${c.kind}`));
  actual.columns.forEach((a, j) => {
    const e = cols[j];
    if (a.kind === 'numeric' && e.kind === 'numeric') {
      expect(a.values.length, `rows of ${a.name}`).toBe(e.values.length);
      for (let i = 0; i < a.values.length; i++) {
        if (!Object.is(a.values[i], e.values[i])) expect(a.values[i], `${a.name} row ${i}`).toBe(e.values[i]);
      }
    } else if (a.kind === 'categorical' && e.kind === 'categorical') {
      expect([...a.categories], `categories of ${a.name}`).toEqual([...e.categories]);
      expect(Array.from(a.codes), `codes of ${a.name}`).toEqual(Array.from(e.codes));
    }
  });
}

function jsonRoundTrip(json: ComponentJSON): unknown {
  return JSON.parse(JSON.stringify(json));
}

/** Row 0 of every categorical column replaced by a value no fit has seen. */
function withUnseen(frame: Frame): { frame: Frame; injected: Map<string, string> } {
  const injected = new Map<string, string>();
  const cols = frame.columns.map((c) => {
    if (c.kind !== 'categorical') return c;
    const value = `__unseen_${c.name}__`;
    injected.set(c.name, value);
    const codes = c.codes.slice();
    codes[0] = c.categories.length;
    return categoricalColumn(c.name, codes, [...c.categories, value]);
  });
  return { frame: new Frame(cols, frame.nRows), injected };
}

/** The same columns with every value missing. */
function allMissing(frame: Frame): Frame {
  return new Frame(
    frame.columns.map((c) =>
      c.kind === 'numeric'
        ? numericColumn(c.name, new Float64Array(frame.nRows).fill(NaN))
        : categoricalColumn(c.name, new Int32Array(frame.nRows).fill(MISSING_CODE), c.categories),
    ),
    frame.nRows,
  );
}

export function describeTransformerConformance(
  name: string,
  make: () => Transformer,
  data: () => { frame: Frame; y?: Labels },
  options: TransformerConformanceOptions = {},
): void {
  const fitted = (): { t: Transformer; frame: Frame; y?: Labels } => {
    const { frame, y } = data();
    return { t: make().fit(frame, y), frame, y };
  };

  describe(`${name} conforms to the transformer contract`, () => {
    it('fit returns this and marks it fitted', () => {
      const { frame, y } = data();
      const t = make();
      expect(t.fitted).toBe(false);
      expect(t.fit(frame, y)).toBe(t);
      expect(t.fitted).toBe(true);
    });

    it('never writes into its input arrays', () => {
      const { frame, y } = data();
      const before = snapshot(frame);
      const yBefore = y?.codes.slice();
      const t = make().fit(frame, y);
      expectIdenticalFrames(frame, before);
      const out = t.transform(frame, { unseen: collectUnseen() });
      expect(out).not.toBe(frame);
      expectIdenticalFrames(frame, before);
      if (y) expect(Array.from(y.codes)).toEqual(Array.from(yBefore!));
    });

    it('refuses to transform before fit', () => {
      const { frame } = data();
      expect(() => make().transform(frame)).toThrow(NotFittedError);
    });

    it('round-trips through JSON and the registry with identical output and JSON', () => {
      const { t, frame } = fitted();
      const json = t.toJSON();
      const loaded = transformerFromJSON(jsonRoundTrip(json));
      expect(loaded.type).toBe(t.type);
      expect(loaded.fitted).toBe(true);
      expect(JSON.stringify(loaded.toJSON())).toBe(JSON.stringify(json));
      expectIdenticalFrames(loaded.transform(frame), t.transform(frame));
    });

    it('round-trips unfitted, and clones to an unfitted copy with the same params', () => {
      const t = make();
      const loaded = transformerFromJSON(jsonRoundTrip(t.toJSON()));
      expect(loaded.fitted).toBe(false);
      expect(loaded.toJSON()).toEqual(jsonRoundTrip(t.toJSON()));
      const { t: fit } = fitted();
      const clone = cloneTransformer(fit);
      expect(clone.fitted).toBe(false);
      expect(jsonRoundTrip(clone.toJSON())).toEqual({ type: fit.type, params: (jsonRoundTrip(fit.toJSON()) as ComponentJSON).params });
    });

    it('rejects malformed documents with ModelFormatError', () => {
      const { t } = fitted();
      const json = jsonRoundTrip(t.toJSON()) as { type: string; params: Record<string, unknown>; state: Record<string, unknown> };
      expect(() => transformerFromJSON({ ...json, params: { ...json.params, noSuchOption: 1 } })).toThrow(ModelFormatError);
      expect(() => transformerFromJSON({ ...json, state: { ...json.state, variables: 7 } })).toThrow(ModelFormatError);
      expect(() => transformerFromJSON({ ...json, state: {} })).toThrow(ModelFormatError);
      for (const key of Object.keys(json.state)) {
        expect(() => transformerFromJSON({ ...json, state: { ...json.state, [key]: 'garbage' } }), `state.${key} = "garbage"`).toThrow(
          ModelFormatError,
        );
      }
    });

    it('is deterministic: two fits give identical JSON, and refitting replaces the state', () => {
      const a = fitted().t;
      const b = fitted().t;
      expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
      const { frame, y } = data();
      const half = frame.take(Int32Array.from({ length: Math.ceil(frame.nRows / 2) }, (_, i) => i));
      const yHalf = y && { codes: y.codes.slice(0, half.nRows), classes: y.classes };
      const t = make().fit(half, yHalf);
      t.fit(frame, y);
      expect(JSON.stringify(t.toJSON())).toBe(JSON.stringify(a.toJSON()));
    });

    it('handles missing values: no throw, and missing is never reported as unseen', () => {
      const { t, frame } = fitted();
      const ctx = collectUnseen();
      t.transform(frame, { unseen: ctx });
      expect(ctx.reports).toEqual([]);
      const empty = collectUnseen();
      const out = t.transform(allMissing(frame), { unseen: empty });
      expect(out.nRows).toBe(frame.nRows);
      expect(empty.reports).toEqual([]);
    });

    it('handles a category unseen at fit', () => {
      const { t, frame } = fitted();
      if (!frame.columns.some((c) => c.kind === 'categorical')) return;
      const policy = options.unseen ?? 'reported';
      const { frame: shifted, injected } = withUnseen(frame);
      const ctx = collectUnseen();
      const out = t.transform(shifted, { unseen: ctx });
      expect(out.nRows).toBe(frame.nRows);
      if (policy === 'silent') {
        expect(ctx.reports).toEqual([]);
        return;
      }
      expect(ctx.reports.length).toBeGreaterThan(0);
      for (const r of ctx.reports) expect(r).toEqual({ variable: r.variable, value: injected.get(r.variable), row: 0 });
      // Reporting is optional for callers: without a collector the transform still works.
      expect(() => t.transform(shifted)).not.toThrow();
    });

    it('passes extra columns through untouched', () => {
      const { t, frame } = fitted();
      const extraNum = numericColumn('__extra_num', Float64Array.from({ length: frame.nRows }, (_, i) => (i % 3 === 0 ? NaN : i * 0.5)));
      const extraCat = categoricalColumn('__extra_cat', Int32Array.from({ length: frame.nRows }, (_, i) => (i % 4) - 1), ['p', 'q', 'r']);
      const out = t.transform(frame.append([extraNum, extraCat]));
      expect(out.column('__extra_num')).toBe(extraNum);
      expect(out.column('__extra_cat')).toBe(extraCat);
      expectIdenticalFrames(out.drop(['__extra_num', '__extra_cat']), t.transform(frame));
    });

    it('works row by row: transforming a subset of rows gives those rows of the full output', () => {
      const { t, frame } = fitted();
      const rows = Int32Array.from({ length: frame.nRows }, (_, i) => frame.nRows - 1 - i).filter((_, i) => i % 3 !== 1);
      const part = t.transform(frame.take(rows));
      const whole = t.transform(frame).take(rows);
      expect(part.names).toEqual(whole.names);
      part.columns.forEach((c, j) => {
        const w = whole.columns[j];
        if (c.kind === 'numeric' && w.kind === 'numeric') expect(Array.from(c.values)).toEqual(Array.from(w.values));
        else if (c.kind === 'categorical' && w.kind === 'categorical') {
          const decode = (col: typeof c) => Array.from(col.codes, (k) => (k === MISSING_CODE ? null : col.categories[k]));
          expect(decode(c)).toEqual(decode(w));
        }
      });
    });

    it('names a fitted variable that is missing at transform', () => {
      const { t, frame } = fitted();
      const state = t.toJSON().state as { variables?: string[] } | undefined;
      const v = state?.variables?.[0];
      if (v === undefined) return;
      expect(() => t.transform(frame.drop([v]))).toThrow(v);
    });
  });
}

/**
 * A small mixed frame that exercises the awkward cases: NaN in every numeric column, a constant column,
 * missing categories, a binary variable, and a many-category variable with rare levels. Deterministic per seed.
 */
export function sampleMixedFrame(seed = 7, nRows = 60): { frame: Frame; y: Labels } {
  const rng = new Rng(seed);
  const maybe = (p: number) => rng.nextFloat() < p;
  const age = new Float64Array(nRows);
  const income = new Float64Array(nRows);
  const flat = new Float64Array(nRows);
  const color: (string | null)[] = [];
  const size: (string | null)[] = [];
  const city: (string | null)[] = [];
  const colors = ['red', 'green', 'blue', 'violet'];
  const cities = Array.from({ length: 12 }, (_, i) => `city${i}`);
  const cityWeights = [30, 20, 12, 8, 6, 5, 4, 3, 2, 1, 1, 1];
  const y = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    age[i] = maybe(0.1) ? NaN : Math.round(20 + 50 * rng.nextFloat());
    income[i] = maybe(0.15) ? NaN : 1000 * rng.nextNormal() - 200;
    flat[i] = maybe(0.2) ? NaN : 3.5;
    color.push(maybe(0.1) ? null : colors[rng.nextWeighted([5, 3, 2, 1])]);
    size.push(maybe(0.1) ? null : rng.nextFloat() < 0.6 ? 'S' : 'L');
    city.push(maybe(0.05) ? null : cities[rng.nextWeighted(cityWeights)]);
    y[i] = rng.nextInt(3);
  }
  // Guarantee the cases the checks rely on, whatever the draws: both binary levels and a missing value each.
  size[0] = 'S';
  size[1] = 'L';
  for (const col of [color, size, city]) if (!col.includes(null)) col[2] = null;
  age[3] = NaN;
  income[4] = NaN;
  flat[5] = NaN;
  const frame = new Frame([
    numericColumn('age', age),
    categoricalFromValues('color', color),
    numericColumn('income', income),
    categoricalFromValues('size', size),
    numericColumn('flat', flat),
    categoricalFromValues('city', city),
  ]);
  return { frame, y: { codes: y, classes: ['a', 'b', 'c'] } };
}

/**
 * Builds a frame from plain arrays for unit tests: a column of numbers (NaN = missing) is numeric, one of
 * strings / nulls is categorical.
 */
export function frameOf(spec: Record<string, ReadonlyArray<number> | ReadonlyArray<string | null>>): Frame {
  return new Frame(
    Object.entries(spec).map(([name, vs]) =>
      vs.length > 0 && vs.every((v) => typeof v === 'number')
        ? numericColumn(name, Float64Array.from(vs as number[]))
        : categoricalFromValues(name, vs as (string | null)[]),
    ),
  );
}

/** A column's values as plain data: numbers, or strings with null for missing. */
export function valuesOf(frame: Frame, name: string): (number | string | null)[] {
  const c = frame.column(name);
  if (c.kind === 'numeric') return Array.from(c.values);
  return Array.from(c.codes, (k) => (k === MISSING_CODE ? null : c.categories[k]));
}
