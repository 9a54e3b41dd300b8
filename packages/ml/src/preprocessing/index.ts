import { registerTransformer } from '../core/registry.js';
import { AddMissingIndicator } from './add-missing-indicator.js';
import { ArbitraryNumberImputer } from './arbitrary-number-imputer.js';
import { CategoricalImputer } from './categorical-imputer.js';
import { CountFrequencyEncoder } from './count-frequency-encoder.js';
import { MeanMedianImputer } from './mean-median-imputer.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { OrdinalEncoder } from './ordinal-encoder.js';
import { RareLabelEncoder } from './rare-label-encoder.js';
import { StandardScaler } from './standard-scaler.js';

export * from './add-missing-indicator.js';
export * from './arbitrary-number-imputer.js';
export * from './categorical-imputer.js';
export * from './count-frequency-encoder.js';
export * from './mean-median-imputer.js';
export * from './min-max-scaler.js';
export * from './one-hot-encoder.js';
export * from './ordinal-encoder.js';
export * from './rare-label-encoder.js';
export * from './standard-scaler.js';
export type { UnseenPolicy } from './variables.js';

// Importing this module is what makes these types loadable from a model document.
registerTransformer(MeanMedianImputer.TYPE, MeanMedianImputer.fromJSON);
registerTransformer(ArbitraryNumberImputer.TYPE, ArbitraryNumberImputer.fromJSON);
registerTransformer(CategoricalImputer.TYPE, CategoricalImputer.fromJSON);
registerTransformer(AddMissingIndicator.TYPE, AddMissingIndicator.fromJSON);
registerTransformer(OneHotEncoder.TYPE, OneHotEncoder.fromJSON);
registerTransformer(CountFrequencyEncoder.TYPE, CountFrequencyEncoder.fromJSON);
registerTransformer(OrdinalEncoder.TYPE, OrdinalEncoder.fromJSON);
registerTransformer(RareLabelEncoder.TYPE, RareLabelEncoder.fromJSON);
registerTransformer(MinMaxScaler.TYPE, MinMaxScaler.fromJSON);
registerTransformer(StandardScaler.TYPE, StandardScaler.fromJSON);
