import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from './core/errors.js';
import { argmaxRows, type Labels } from './core/types.js';
import type { Dataset } from './data/csv.js';
import type { Frame } from './data/frame.js';
import { idSpec, targetSpec } from './data/schema.js';
import { profileFrame } from './eda/profile.js';
import type { DataProfile } from './eda/types.js';
import { evaluateClassification } from './metrics/index.js';
import { crossValidate, RepeatedStratifiedKFold, StratifiedKFold, trainTestSplit, type CrossValidateResult } from './model_selection/index.js';
import { buildSignature, makeModelDocument, type ModelDocument } from './model/document.js';
import { pipelineFromConfig, type PipelineConfig } from './pipeline/config.js';
import type { Pipeline } from './pipeline/pipeline.js';

export interface TrainOptions {
  readonly dataset: Dataset;
  readonly dataFile: string;
  readonly config: PipelineConfig;
  readonly preset: string | null;
  readonly seed: number;
  /** Fraction (0–1) or absolute row count held out for evaluation; 0 skips it. */
  readonly testSize: number;
  readonly onProgress?: (message: string) => void;
  /** Also run stratified K-fold cross-validation on all rows (unshuffled, sklearn's folds) when ≥ 2. */
  readonly cvFolds?: number;
  /**
   * With cvFolds: repeat the K-fold cross-validation this many times on shuffled stratified folds (seeded by
   * `seed`), scikit-learn's RepeatedStratifiedKFold. 1 or absent: one unshuffled K-fold, as above.
   */
  readonly cvRepeats?: number;
  /**
   * The training data's profile, stored in the model as metadata.training_profile; computed with
   * profileTrainingData when absent (pass it when you already have it, as `custseg train` does).
   */
  readonly profile?: DataProfile;
}

/**
 * The profile of a training dataset as `custseg eda` computes it: every feature, the id column when the file has
 * one, the target with its relations. Deterministic (no randomness, no timing), so models stay byte-identical.
 */
export function profileTrainingData(dataset: Dataset, dataFile: string): DataProfile {
  return profileFrame(dataset.frame, {
    labels: dataset.labels,
    ...(dataset.ids ? { ids: dataset.ids, idName: idSpec(dataset.schema)?.name ?? 'ID' } : {}),
    targetName: targetSpec(dataset.schema)?.name ?? 'target',
    source: basename(dataFile),
  });
}

export type Evaluation = ReturnType<typeof evaluateClassification>;

export interface TrainResult {
  readonly model: ModelDocument;
  readonly pipeline: Pipeline;
  /** Metrics of the held-out split (null when testSize is 0). */
  readonly heldOut: Evaluation | null;
  /** True and predicted class indices of the held-out rows (for reports). */
  readonly heldOutPredictions: { readonly yTrue: Int32Array; readonly yPred: Int32Array } | null;
  readonly trainRows: number;
  readonly testRows: number;
  /** Wall time of the final fit on all rows alone (no CSV reading, no evaluation). */
  readonly fitSeconds: number;
  /** K-fold cross-validation of the configuration on all rows, when asked for. */
  readonly cv: CrossValidateResult | null;
}

export interface RepeatOptions {
  /** Number of shuffled K-fold repetitions (RepeatedStratifiedKFold); 1 or absent: sklearn's unshuffled folds. */
  readonly repeats?: number;
  /** Seed of the repetitions' shuffles. Default 0. */
  readonly seed?: number;
}

/**
 * Stratified K-fold cross-validation of a pipeline configuration: sklearn's unshuffled StratifiedKFold folds, or
 * with `repeats` > 1 that many shuffled K-fold partitions (every row tested once per repetition).
 */
export function crossValidateConfig(
  frame: Frame,
  labels: Labels,
  config: PipelineConfig,
  nSplits: number,
  onFold?: (i: number, n: number, seconds: number) => void,
  repeat: RepeatOptions = {},
): CrossValidateResult {
  const repeats = repeat.repeats ?? 1;
  return crossValidate({
    labels,
    folds:
      repeats > 1
        ? new RepeatedStratifiedKFold({ nSplits, nRepeats: repeats, seed: repeat.seed ?? 0 }).split(labels)
        : new StratifiedKFold({ nSplits }).split(labels),
    fitAndPredict: (train, test) => pipelineFromConfig(config).fit(frame.take(train), subsetLabels(labels, train)).predictProba(frame.take(test)),
    onFold,
  });
}

/** Refuses data that cannot train, with one clear line. */
export function checkTrainable(labels: Labels | undefined, label: string): asserts labels is Labels {
  if (!labels || labels.codes.length === 0) throw new UserError(`${label}: no labelled rows to train on`);
  const counts = new Int32Array(labels.classes.length);
  for (const k of labels.codes) counts[k]++;
  if (labels.classes.length < 2) throw new UserError(`${label}: the target has a single class (${labels.classes[0]}); need at least two`);
  if (labels.codes.length < 4) throw new UserError(`${label}: ${labels.codes.length} rows are too few to train and evaluate`);
}

/**
 * sklearn's workflow: fit on the training split, measure on the held-out split, then refit the same
 * configuration on every row and return that model (its metadata keeps the held-out figures).
 */
function* trainSteps(opts: TrainOptions): Generator<void, TrainResult> {
  const { dataset, config, seed } = opts;
  const labels = dataset.labels;
  checkTrainable(labels, basename(opts.dataFile));
  const n = labels.codes.length;

  let cv: CrossValidateResult | null = null;
  if (opts.cvFolds !== undefined && opts.cvFolds >= 2) {
    cv = crossValidateConfig(
      dataset.frame,
      labels,
      config,
      opts.cvFolds,
      (i, k, sec) => opts.onProgress?.(`cross-validation: fold ${i + 1}/${k} done (${sec.toFixed(2)} s)`),
      { repeats: opts.cvRepeats ?? 1, seed },
    );
  }

  yield;
  let heldOut: Evaluation | null = null;
  let heldOutPredictions: TrainResult['heldOutPredictions'] = null;
  let trainRows = n;
  let testRows = 0;
  if (opts.testSize > 0) {
    const { train, test } = trainTestSplit(labels, { testSize: opts.testSize, seed, stratify: true });
    trainRows = train.length;
    testRows = test.length;
    opts.onProgress?.(`fitting on ${train.length} rows, holding out ${test.length}`);
    const p = pipelineFromConfig(config).fit(dataset.frame.take(train), subsetLabels(labels, train));
    const proba = p.predictProba(dataset.frame.take(test));
    const yTrue = subsetLabels(labels, test).codes;
    heldOut = evaluateClassification(yTrue, proba, labels.classes);
    heldOutPredictions = { yTrue, yPred: argmaxRows(proba, test.length, labels.classes.length) };
  }

  yield;
  opts.onProgress?.(`refitting on all ${n} rows`);
  const pipeline = pipelineFromConfig(config);
  const t0 = performance.now();
  pipeline.fit(dataset.frame, labels);
  const fitSeconds = (performance.now() - t0) / 1000;

  const model = makeModelDocument({
    pipeline,
    signature: buildSignature(dataset.schema, dataset.frame, labels),
    preset: opts.preset,
    seed,
    dataFile: opts.dataFile,
    sha256: dataset.sha256,
    labels,
    heldOut: heldOut ? { ...heldOut, test_rows: testRows, train_rows: trainRows, test_size: opts.testSize } : undefined,
    profile: opts.profile ?? profileTrainingData(dataset, opts.dataFile),
  });
  return { model, pipeline, heldOut, heldOutPredictions, trainRows, testRows, fitSeconds, cv };
}

export function trainModel(opts: TrainOptions): TrainResult {
  const steps = trainSteps(opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * trainModel that returns to the event loop between its phases (cross-validation, held-out fit, final fit),
 * so a caller's signal handlers (Ctrl-C → mark the tracked run KILLED) run within one phase's time.
 */
export async function trainModelAsync(opts: TrainOptions): Promise<TrainResult> {
  const steps = trainSteps(opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export function subsetLabels(labels: Labels, rows: ArrayLike<number>): Labels {
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) codes[i] = labels.codes[rows[i]];
  return { codes, classes: labels.classes };
}
