import type { Transformer } from '../core/types.js';
import { describeTransformerConformance, sampleMixedFrame } from '../test-support/conformance-transformer.js';
import {
  AddMissingIndicator,
  ArbitraryNumberImputer,
  CategoricalImputer,
  CountFrequencyEncoder,
  MeanMedianImputer,
  MinMaxScaler,
  OneHotEncoder,
  OrdinalEncoder,
  RareLabelEncoder,
  StandardScaler,
} from './index.js';

const data = () => sampleMixedFrame(7, 60);

// Transformers that leave categories alone (or pass them through) must not report them as unseen.
const silent: [string, () => Transformer][] = [
  ['MeanMedianImputer(mean)', () => new MeanMedianImputer({ imputationMethod: 'mean' })],
  ['MeanMedianImputer(median)', () => new MeanMedianImputer({ imputationMethod: 'median', variables: ['income', 'age'] })],
  ['ArbitraryNumberImputer', () => new ArbitraryNumberImputer()],
  ['ArbitraryNumberImputer(imputerDict)', () => new ArbitraryNumberImputer({ imputerDict: { income: -1, flat: 0 } })],
  ['CategoricalImputer(missing)', () => new CategoricalImputer()],
  ['CategoricalImputer(frequent)', () => new CategoricalImputer({ imputationMethod: 'frequent', fillValue: 'unused' })],
  ['AddMissingIndicator', () => new AddMissingIndicator()],
  ['AddMissingIndicator(all)', () => new AddMissingIndicator({ missingOnly: false, variables: ['color', 'age', 'size'] })],
  ['MinMaxScaler', () => new MinMaxScaler()],
  ['MinMaxScaler(featureRange)', () => new MinMaxScaler({ featureRange: [-1, 2], variables: ['flat', 'income'] })],
  ['StandardScaler', () => new StandardScaler()],
  ['StandardScaler(withMean false)', () => new StandardScaler({ withMean: false })],
  ['StandardScaler(withStd false)', () => new StandardScaler({ withStd: false })],
];

const reporting: [string, () => Transformer][] = [
  ['OneHotEncoder', () => new OneHotEncoder()],
  ['OneHotEncoder(dropLast)', () => new OneHotEncoder({ dropLast: true })],
  ['OneHotEncoder(dropLastBinary)', () => new OneHotEncoder({ dropLastBinary: true })],
  ['OneHotEncoder(topCategories)', () => new OneHotEncoder({ topCategories: 2, variables: ['city', 'color'] })],
  ['CountFrequencyEncoder(count)', () => new CountFrequencyEncoder()],
  ['CountFrequencyEncoder(frequency)', () => new CountFrequencyEncoder({ encodingMethod: 'frequency' })],
  ['OrdinalEncoder(ordered)', () => new OrdinalEncoder({ encodingMethod: 'ordered' })],
  ['OrdinalEncoder(arbitrary)', () => new OrdinalEncoder({ encodingMethod: 'arbitrary' })],
  ['OrdinalEncoder(explicit)', () => new OrdinalEncoder({ encodingMethod: 'explicit', mapping: { size: { S: 1, L: 2, XL: 3 } } })],
  ['RareLabelEncoder', () => new RareLabelEncoder()],
  ['RareLabelEncoder(small nCategories)', () => new RareLabelEncoder({ tol: 0.15, nCategories: 2, replaceWith: 'Other' })],
];

for (const [name, make] of silent) describeTransformerConformance(name, make, data, { unseen: 'silent' });
for (const [name, make] of reporting) describeTransformerConformance(name, make, data, { unseen: 'reported' });
