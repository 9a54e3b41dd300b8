import { beforeAll, describe, expect, it } from 'vitest';
import { transformerFromJSON } from '../core/registry.js';
import type { ComponentJSON, Labels, Transformer } from '../core/types.js';
import { readCsvFile } from '../data/csv.js';
import { Frame, numericColumn } from '../data/frame.js';
import { fixture, realDataFile } from '../test-support/data.js';
import { countCategories, modeOf } from './category-stats.js';
import {
  CategoricalImputer,
  CountFrequencyEncoder,
  MeanMedianImputer,
  MinMaxScaler,
  OneHotEncoder,
  OrdinalEncoder,
  RareLabelEncoder,
  StandardScaler,
} from './index.js';
import { nanMean, nanMedian, numpySum } from './numeric-stats.js';

/**
 * Parity with the Python reference (scripts/reference/preprocessing.py): 1e-12 relative, so a reference 0
 * must be met exactly. Learned parameters that come from sums are also checked bit for bit, because the
 * summation order is reproduced on purpose (numeric-stats.ts).
 */
const RTOL = 1e-12;
const FIXTURES = 'packages/ml/src/preprocessing/__fixtures__';

function close(actual: number, expected: number | null, what: string): void {
  const e = expected === null ? NaN : expected;
  if (Object.is(actual, e) || actual === e) return;
  const d = Math.abs(actual - e) / Math.max(Math.abs(actual), Math.abs(e));
  if (!(d <= RTOL)) expect.fail(`${what}: got ${actual}, reference ${e} (relative difference ${d})`);
}

function closeRecord(actual: ReadonlyMap<string, number>, expected: Record<string, number | null>, what: string): void {
  expect([...actual.keys()].sort(), `${what} keys`).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) close(actual.get(k)!, v, `${what}[${k}]`);
}

function columnOf(frame: Frame, name: string): Float64Array {
  return frame.numeric(name).values;
}

interface StepsFixture {
  source: { sha256: string; rows: number };
  steps: { type: string; params: Record<string, unknown> }[];
  learned: {
    means: Record<string, number>;
    modes: Record<string, string>;
    oneHotCategories: Record<string, string[]>;
    binaryVariables: string[];
    frequencies: Record<string, Record<string, number>>;
    spendingMapping: Record<string, number>;
    minMax: Record<string, { dataMin: number; dataMax: number; scale: number; min: number }>;
  };
  columns: string[];
  summary: Record<string, { sum: number; min: number; max: number; mean: number }>;
  head: (number | null)[][];
}

const train = realDataFile('train.csv');

describe.skipIf(!train)('reference pipeline on train.csv (feature-engine + sklearn parity)', () => {
  let ref: StepsFixture;
  let steps: Transformer[];
  let out: Frame;
  let sha256: string;

  beforeAll(async () => {
    ref = await fixture<StepsFixture>(`${FIXTURES}/reference-steps.json`);
    const ds = await readCsvFile(train!);
    sha256 = ds.sha256;
    // The fixture names the steps with our params, so building them through the registry checks the names too.
    steps = ref.steps.map((s) => transformerFromJSON({ type: s.type, params: s.params }));
    out = ds.frame;
    for (const s of steps) out = s.fit(out).transform(out);
  });

  it('reads the file the fixture was made from', () => {
    expect(sha256, 'train.csv differs from the one scripts/reference/preprocessing.py read').toBe(ref.source.sha256);
    expect(out.nRows).toBe(ref.source.rows);
  });

  it('learns the same means (bit for bit) and modes', () => {
    const imputer = steps[0] as MeanMedianImputer;
    expect(Object.fromEntries(imputer.imputerDict_!)).toEqual(ref.learned.means);
    expect(Object.fromEntries((steps[1] as CategoricalImputer).imputerDict_!)).toEqual(ref.learned.modes);
  });

  it('keeps the same one-hot categories', () => {
    const ohe = steps[2] as OneHotEncoder;
    expect(Object.fromEntries(ohe.encoderDict_!)).toEqual(ref.learned.oneHotCategories);
    expect(ohe.variablesBinary_).toEqual(ref.learned.binaryVariables);
  });

  it('learns the same frequency maps, in value_counts order', () => {
    const cf = steps[3] as CountFrequencyEncoder;
    for (const [v, m] of Object.entries(ref.learned.frequencies)) {
      expect([...cf.encoderDict_!.get(v)!.keys()], `${v} order`).toEqual(Object.keys(m));
      closeRecord(cf.encoderDict_!.get(v)!, m, `frequency of ${v}`);
    }
    expect(Object.fromEntries((steps[4] as OrdinalEncoder).encoderDict_!.get('Spending_Score')!)).toEqual(ref.learned.spendingMapping);
  });

  it('learns the same min-max parameters', () => {
    const mm = steps[5] as MinMaxScaler;
    for (const [c, p] of Object.entries(ref.learned.minMax)) {
      close(mm.dataMin_!.get(c)!, p.dataMin, `dataMin ${c}`);
      close(mm.dataMax_!.get(c)!, p.dataMax, `dataMax ${c}`);
      close(mm.scale_!.get(c)!, p.scale, `scale ${c}`);
      close(mm.min_!.get(c)!, p.min, `min ${c}`);
    }
  });

  it('produces the same columns, in order, all numeric', () => {
    expect(out.names).toEqual(ref.columns);
    expect(out.columns.every((c) => c.kind === 'numeric')).toBe(true);
  });

  it('matches per-column sum, min, max and mean of the whole transformed matrix', () => {
    for (const name of ref.columns) {
      const v = columnOf(out, name);
      const sum = numpySum(v);
      const e = ref.summary[name];
      close(sum, e.sum, `sum ${name}`);
      close(Math.min(...v), e.min, `min ${name}`);
      close(Math.max(...v), e.max, `max ${name}`);
      close(sum / v.length, e.mean, `mean ${name}`);
    }
  });

  it('matches the first 40 transformed rows', () => {
    expect(ref.head).toHaveLength(40);
    ref.head.forEach((row, i) => row.forEach((e, j) => close(columnOf(out, ref.columns[j])[i], e, `row ${i} ${ref.columns[j]}`)));
  });

  it('gives bit-identical output after saving and reloading every step', async () => {
    const ds = await readCsvFile(train!);
    let again = ds.frame;
    for (const s of steps) again = transformerFromJSON(JSON.parse(JSON.stringify(s.toJSON())) as ComponentJSON).transform(again);
    for (const name of ref.columns) expect(Array.from(columnOf(again, name))).toEqual(Array.from(columnOf(out, name)));
  });
});

interface ScalerFigures {
  columns: string[];
  mean?: Record<string, number>;
  var?: Record<string, number>;
  scale: Record<string, number>;
  nSamplesSeen?: Record<string, number>;
  dataMin?: Record<string, number>;
  dataMax?: Record<string, number>;
  min?: Record<string, number>;
  nansum: Record<string, number>;
  head: (number | null)[][];
}

interface UnitsFixture {
  source: { sha256: string };
  synthetic: Record<string, (number | null)[]>;
  pandas: {
    mean: Record<string, number>;
    median: Record<string, number>;
    mode: Record<string, string>;
    unique: Record<string, string[]>;
    valueCounts: Record<string, Record<string, number>>;
    frequency: Record<string, Record<string, number>>;
  };
  featureEngine: {
    rareLabel: { tol: number; nCategories: number; frequent: Record<string, string[]> };
    ordered: Record<string, Record<string, number>>;
  };
  sklearn: {
    standardScaler: Record<string, ScalerFigures>;
    minMaxScaler: Record<string, ScalerFigures>;
    minMaxScalerRange: { featureRange: [number, number]; figures: Record<string, ScalerFigures> };
    syntheticStandardScaler: Record<string, ScalerFigures>;
    syntheticMinMaxScaler: Record<string, ScalerFigures>;
  };
}

/** Fits one scaler on one column and checks its state, output sum and first rows against sklearn's. */
function checkScaler(frame: Frame, name: string, t: StandardScaler | MinMaxScaler, e: ScalerFigures): void {
  const out = t.fit(frame.select([name])).transform(frame.select([name]));
  if (t instanceof StandardScaler) {
    // sklearn sums these exactly as numpySum does, so the state must match to the last bit.
    expect(t.mean_!.get(name), `mean ${name}`).toBe(e.mean![name]);
    expect(t.var_!.get(name), `var ${name}`).toBe(e.var![name]);
    expect(t.scale_!.get(name), `scale ${name}`).toBe(e.scale[name]);
    expect(t.nSamplesSeen_!.get(name)).toBe(e.nSamplesSeen![name]);
  } else {
    close(t.dataMin_!.get(name)!, e.dataMin![name], `dataMin ${name}`);
    close(t.dataMax_!.get(name)!, e.dataMax![name], `dataMax ${name}`);
    close(t.scale_!.get(name)!, e.scale[name], `scale ${name}`);
    close(t.min_!.get(name)!, e.min![name], `min ${name}`);
  }
  const v = out.numeric(name).values;
  close(numpySum(v, true), e.nansum[name], `nansum ${name}`);
  e.head.forEach((row, i) => close(v[i], row[0], `row ${i} of ${name}`));
}

describe('sklearn scaler semantics on near-constant columns (synthetic, no data needed)', () => {
  let ref: UnitsFixture;
  let frame: Frame;
  beforeAll(async () => {
    ref = await fixture<UnitsFixture>(`${FIXTURES}/reference-units.json`);
    frame = new Frame(Object.entries(ref.synthetic).map(([k, vs]) => numericColumn(k, Float64Array.from(vs, (x) => x ?? NaN))));
  });

  it('StandardScaler: constant and almost-constant columns get scale 1, as sklearn decides', () => {
    for (const [name, e] of Object.entries(ref.sklearn.syntheticStandardScaler)) checkScaler(frame, name, new StandardScaler(), e);
  });

  it('MinMaxScaler: a zero range gets scale 1', () => {
    for (const [name, e] of Object.entries(ref.sklearn.syntheticMinMaxScaler)) checkScaler(frame, name, new MinMaxScaler(), e);
  });
});

describe.skipIf(!train)('single transformers on raw train.csv columns (pandas / sklearn / feature-engine parity)', () => {
  let ref: UnitsFixture;
  let frame: Frame;
  let y: Labels;
  beforeAll(async () => {
    ref = await fixture<UnitsFixture>(`${FIXTURES}/reference-units.json`);
    const ds = await readCsvFile(train!);
    expect(ds.sha256).toBe(ref.source.sha256);
    frame = ds.frame;
    y = ds.labels!;
  });

  it('pandas mean and median, bit for bit', () => {
    for (const [c, m] of Object.entries(ref.pandas.mean)) expect(nanMean(frame.numeric(c).values), `mean ${c}`).toBe(m);
    for (const [c, m] of Object.entries(ref.pandas.median)) expect(nanMedian(frame.numeric(c).values), `median ${c}`).toBe(m);
    const imputer = new MeanMedianImputer({ imputationMethod: 'median' }).fit(frame);
    expect(Object.fromEntries(imputer.imputerDict_!)).toEqual(ref.pandas.median);
  });

  it('pandas unique, value_counts and mode', () => {
    for (const c of Object.keys(ref.pandas.mode)) {
      const counts = countCategories(frame.categorical(c));
      expect(counts.values, `unique ${c}`).toEqual(ref.pandas.unique[c]);
      expect(modeOf(counts), `mode ${c}`).toBe(ref.pandas.mode[c]);
    }
    const count = new CountFrequencyEncoder({ encodingMethod: 'count' }).fit(frame);
    const freq = new CountFrequencyEncoder({ encodingMethod: 'frequency' }).fit(frame);
    for (const c of Object.keys(ref.pandas.valueCounts)) {
      expect([...count.encoderDict_!.get(c)!], `value_counts ${c}`).toEqual(Object.entries(ref.pandas.valueCounts[c]));
      expect([...freq.encoderDict_!.get(c)!], `value_counts(normalize) ${c}`).toEqual(Object.entries(ref.pandas.frequency[c]));
    }
    const imputer = new CategoricalImputer({ imputationMethod: 'frequent' }).fit(frame);
    expect(Object.fromEntries(imputer.imputerDict_!)).toEqual(ref.pandas.mode);
  });

  it('feature-engine RareLabelEncoder frequent categories', () => {
    const { tol, nCategories, frequent } = ref.featureEngine.rareLabel;
    const rare = new RareLabelEncoder({ tol, nCategories }).fit(frame);
    expect(Object.fromEntries(rare.encoderDict_!)).toEqual(frequent);
  });

  it("feature-engine OrdinalEncoder 'ordered' ranking by mean target", () => {
    const enc = new OrdinalEncoder({ encodingMethod: 'ordered', variables: Object.keys(ref.featureEngine.ordered) }).fit(frame, y);
    for (const [c, m] of Object.entries(ref.featureEngine.ordered)) expect(Object.fromEntries(enc.encoderDict_!.get(c)!), c).toEqual(m);
  });

  it('sklearn StandardScaler, bit for bit state', () => {
    for (const [name, e] of Object.entries(ref.sklearn.standardScaler)) checkScaler(frame, name, new StandardScaler(), e);
  });

  it('sklearn MinMaxScaler, default and featureRange [-1, 2]', () => {
    for (const [name, e] of Object.entries(ref.sklearn.minMaxScaler)) checkScaler(frame, name, new MinMaxScaler(), e);
    const { featureRange, figures } = ref.sklearn.minMaxScalerRange;
    for (const [name, e] of Object.entries(figures)) checkScaler(frame, name, new MinMaxScaler({ featureRange }), e);
  });
});
