import { UserError } from '../core/errors.js';
import { featureSpecs, type Schema } from '../data/schema.js';
import type { PipelineConfig } from './config.js';

export interface Preset {
  readonly name: string;
  readonly description: string;
  build(schema: Schema, seed: number): PipelineConfig;
}

/**
 * The reference project's preprocessing for the customer-segmentation schema (feature-engine steps), and the
 * same idea for any other schema: impute, encode every categorical variable, scale everything to [0, 1].
 */
export function referencePreprocessing(schema: Schema): PipelineConfig['steps'] {
  if (schema.name === 'customer-segmentation') {
    return [
      { type: 'MeanMedianImputer', params: { imputationMethod: 'mean', variables: ['Work_Experience', 'Family_Size'] } },
      { type: 'CategoricalImputer', params: { imputationMethod: 'frequent', variables: ['Ever_Married', 'Graduated', 'Profession', 'Var_1'] } },
      { type: 'OneHotEncoder', params: { dropLastBinary: true, variables: ['Gender', 'Ever_Married', 'Graduated'] } },
      { type: 'CountFrequencyEncoder', params: { encodingMethod: 'frequency', variables: ['Profession', 'Var_1'] } },
      { type: 'OrdinalEncoder', params: { encodingMethod: 'explicit', mapping: { Spending_Score: { Low: 1, Average: 2, High: 3 } }, variables: ['Spending_Score'] } },
      { type: 'MinMaxScaler', params: {} },
    ];
  }
  const numeric = featureSpecs(schema).filter((c) => c.role === 'numeric').map((c) => c.name);
  const categorical = featureSpecs(schema).filter((c) => c.role === 'categorical').map((c) => c.name);
  return [
    ...(numeric.length ? [{ type: 'MeanMedianImputer', params: { imputationMethod: 'mean', variables: numeric } }] : []),
    ...(categorical.length
      ? [
          { type: 'CategoricalImputer', params: { imputationMethod: 'frequent', variables: categorical } },
          { type: 'OneHotEncoder', params: { dropLastBinary: true, variables: categorical } },
        ]
      : []),
    { type: 'MinMaxScaler', params: {} },
  ];
}

/**
 * Gradient boosting's own preprocessing: categorical variables become category codes (order of first appearance;
 * unseen and missing → NaN) that the model splits natively, and missing numbers stay NaN for its missing-value bin.
 * No imputation, no scaling (trees do not need it). A column with more than 255 categories (a CSV of another
 * schema may have any number) gives its 254 most frequent their own codes and the rest one shared code: the model
 * splits at most 255 category codes, as scikit-learn's (the customer-segmentation columns hold at most 9).
 */
export function nativePreprocessing(schema: Schema): { steps: PipelineConfig['steps']; categorical: string[] } {
  const categorical = featureSpecs(schema).filter((c) => c.role === 'categorical').map((c) => c.name);
  return {
    steps: categorical.length ? [{ type: 'OrdinalEncoder', params: { encodingMethod: 'arbitrary', variables: categorical, maxCategories: 255 } }] : [],
    categorical,
  };
}

/**
 * The `blend` preset's preprocessing, shared by every member of the blend (so nothing is left missing for any of
 * them): a `_na` indicator for each optional number, then median imputation of every number; missing categories
 * become their own category "Missing"; Spending_Score Low/Average/High → 1/2/3 (customer-segmentation schema);
 * every other categorical column one-hot encoded (binary ones as one column). No scaling: trees do not need it.
 */
export function blendPreprocessing(schema: Schema): PipelineConfig['steps'] {
  const specs = featureSpecs(schema);
  const numeric = specs.filter((c) => c.role === 'numeric').map((c) => c.name);
  const optionalNumeric = specs.filter((c) => c.role === 'numeric' && c.optional).map((c) => c.name);
  const categorical = specs.filter((c) => c.role === 'categorical').map((c) => c.name);
  const ordinal = schema.name === 'customer-segmentation' && categorical.includes('Spending_Score');
  const oneHot = ordinal ? categorical.filter((c) => c !== 'Spending_Score') : categorical;
  return [
    ...(optionalNumeric.length ? [{ type: 'AddMissingIndicator', params: { variables: optionalNumeric } }] : []),
    ...(numeric.length ? [{ type: 'MeanMedianImputer', params: { imputationMethod: 'median', variables: numeric } }] : []),
    ...(categorical.length ? [{ type: 'CategoricalImputer', params: { imputationMethod: 'missing', variables: categorical } }] : []),
    ...(ordinal
      ? [{ type: 'OrdinalEncoder', params: { encodingMethod: 'explicit', mapping: { Spending_Score: { Low: 1, Average: 2, High: 3 } }, variables: ['Spending_Score'] } }]
      : []),
    ...(oneHot.length ? [{ type: 'OneHotEncoder', params: { dropLastBinary: true, variables: oneHot } }] : []),
  ];
}

const PRESETS: readonly Preset[] = [
  {
    name: 'logistic',
    description: 'reference preprocessing + multinomial logistic regression (L2, C=1, L-BFGS)',
    build: (schema) => ({
      steps: referencePreprocessing(schema),
      estimator: { type: 'LogisticRegression', params: { C: 1, maxIter: 100 } },
    }),
  },
  {
    name: 'ovr-logistic',
    description: 'reference preprocessing + one-vs-rest binary logistic regressions',
    build: (schema) => ({
      steps: referencePreprocessing(schema),
      estimator: {
        type: 'OneVsRestClassifier',
        params: { estimator: { type: 'LogisticRegression', params: { C: 1, maxIter: 100 } } },
      },
    }),
  },
  {
    name: 'seed',
    description: "the reference project's model: reference preprocessing + OneVsRestClassifier(RandomForestClassifier()) with sklearn's defaults (100 trees, sqrt features, bootstrap)",
    build: (schema, seed) => ({
      steps: referencePreprocessing(schema),
      estimator: {
        type: 'OneVsRestClassifier',
        params: { estimator: { type: 'RandomForestClassifier', params: { nEstimators: 100, randomState: seed } } },
      },
    }),
  },
  {
    name: 'random-forest',
    description: "reference preprocessing + RandomForestClassifier() with sklearn's defaults (100 trees, sqrt features, bootstrap)",
    build: (schema, seed) => ({
      steps: referencePreprocessing(schema),
      estimator: { type: 'RandomForestClassifier', params: { nEstimators: 100, randomState: seed } },
    }),
  },
  {
    name: 'hist-gbdt',
    description:
      "HistGradientBoostingClassifier() with sklearn's defaults on native categories and native missing values (categorical columns as category codes, no imputation or scaling)",
    build: (schema, seed) => {
      const { steps, categorical } = nativePreprocessing(schema);
      return { steps, estimator: { type: 'HistGradientBoostingClassifier', params: { categoricalFeatures: categorical, randomState: seed } } };
    },
  },
  {
    name: 'best',
    description:
      'our recommended pipeline, chosen by 5-fold cross-validation on train.csv (accuracy and log loss): gradient boosting on native categories and missing values, learning rate 0.05, 150 iterations, 8 leaves, at least 50 customers per leaf, L2 regularisation 5',
    build: (schema, seed) => {
      const { steps, categorical } = nativePreprocessing(schema);
      return {
        steps,
        estimator: {
          type: 'HistGradientBoostingClassifier',
          params: {
            categoricalFeatures: categorical,
            learningRate: 0.05,
            maxIter: 150,
            maxLeafNodes: 8,
            minSamplesLeaf: 50,
            l2Regularization: 5,
            randomState: seed,
          },
        },
      };
    },
  },
  {
    name: 'blend',
    description:
      'the lowest log loss we found (5-fold CV on train.csv: accuracy 0.535 ± 0.014, log loss 1.047; about 4× slower per row and 25× larger than best): a soft-voting blend of gradient boosting (learning rate 0.05, 150 iterations, 8 leaves, at least 50 customers per leaf, L2 5) and a random forest (150 trees, at least 5 customers per leaf) on one-hot categories with missing-value indicators and median imputation',
    build: (schema, seed) => ({
      steps: blendPreprocessing(schema),
      estimator: {
        type: 'VotingClassifier',
        params: {
          voting: 'soft',
          estimators: [
            {
              type: 'HistGradientBoostingClassifier',
              params: { learningRate: 0.05, maxIter: 150, maxLeafNodes: 8, minSamplesLeaf: 50, l2Regularization: 5, randomState: seed },
            },
            { type: 'RandomForestClassifier', params: { nEstimators: 150, minSamplesLeaf: 5, randomState: seed } },
          ],
        },
      },
    }),
  },
  {
    name: 'baseline',
    description: 'reference preprocessing + DummyClassifier(most_frequent): the score to beat',
    build: (schema, seed) => ({
      steps: referencePreprocessing(schema),
      estimator: { type: 'DummyClassifier', params: { strategy: 'most_frequent', randomState: seed } },
    }),
  },
];

export function presetNames(): string[] {
  return PRESETS.map((p) => p.name);
}

export function listPresets(): readonly Preset[] {
  return PRESETS;
}

export function getPreset(name: string): Preset {
  const p = PRESETS.find((x) => x.name === name);
  if (!p) throw new UserError(`unknown model preset "${name}": expected one of ${presetNames().join(', ')}`);
  return p;
}
