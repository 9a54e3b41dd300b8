import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  classificationReport,
  CUSTOMER_SEGMENTATION_SCHEMA,
  profileTrainingData,
  trainingBlocker,
  getPreset,
  parseCsvText,
  readCsvFile,
  readPipelineConfig,
  saveModel,
  synthCsvChunks,
  trainModelAsync,
  UserError,
  type TrainResult,
  type Dataset,
  type PipelineConfig,
} from '@custseg/ml';
import type { ModelVersion, TrackingStore } from '@custseg/tracking';
import { TrainingRun } from '../tracking/run-logger.js';
import { describeTracking, openTracking } from '../tracking/store.js';
import { intOption, parseCommandArgs, testSizeOption } from '../util/args.js';
import { fmt, formatBytes, info, out, progress, progressDone } from '../util/output.js';

export const TRAIN_HELP = `Usage: custseg train [--data CSV] [--model PRESET | --config FILE] [--target COL] [--seed N]
                     [--test-size 0.2] [--cv K [--cv-repeats R]] [--out MODEL.json] [--json]
                     [--experiment NAME] [--run-name NAME] [--register NAME] [--no-track] [--tracking-uri URI]

Fits a pipeline on a stratified training split, prints the metrics of the held-out split, then refits on
every row and writes the model as versioned JSON.

Options:
  --data CSV        labelled training data (default: 8,000 synthetic customers from \`custseg synth\`)
  --model PRESET    a built-in pipeline: logistic (default), ovr-logistic, seed, random-forest,
                    hist-gbdt, best, blend, baseline (see the README for what each is)
  --config FILE     a JSON pipeline config {"steps": [...], "estimator": {...}} instead of a preset
  --target COL      the target column of any CSV, whose schema is then inferred (default: the
                    customer-segmentation schema with target Segmentation; all its columns required)
  --seed N          seed of the split and of every random step (default 42)
  --test-size X     held-out fraction (0 < X < 1) or row count; 0 skips the evaluation (default 0.2)
  --cv K            also cross-validate on all rows with stratified K-fold (sklearn's unshuffled folds)
  --cv-repeats R    with --cv: R shuffled K-fold partitions (seeded by --seed), every row a test row R
                    times; reports mean ± std over all R×K folds (default 1: the unshuffled folds)
  --out FILE        where to write the model (default model.json)
  --json            print one JSON object (fit_seconds, accuracy, macro_f1, log_loss, model, ...) on stdout

Tracking (on by default; the store is CUSTSEG_TRACKING_URI / MLFLOW_TRACKING_URI, else ./.custseg):
  --experiment NAME  experiment to log the run to (default customer-segmentation)
  --run-name NAME    name of the run (default: generated)
  --register NAME    register the run's model as a new version of NAME in the model registry
  --no-track         do not log a run
  --tracking-uri URI sqlite:///path.db, a directory, or http(s)://host:port of a custseg or MLflow server
  -h, --help        this help
`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('train', argv, {
    data: { type: 'string' },
    model: { type: 'string' },
    config: { type: 'string' },
    target: { type: 'string' },
    seed: { type: 'string' },
    'test-size': { type: 'string' },
    cv: { type: 'string' },
    'cv-repeats': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    experiment: { type: 'string' },
    'run-name': { type: 'string' },
    register: { type: 'string' },
    'no-track': { type: 'boolean' },
    'tracking-uri': { type: 'string' },
  });
  if (values.help) {
    out(TRAIN_HELP);
    return 0;
  }
  if (values.model !== undefined && values.config !== undefined) throw new UserError('custseg train: give either --model or --config, not both');
  const track = values['no-track'] !== true;
  if (!track && (values.register !== undefined || values.experiment !== undefined)) {
    throw new UserError('custseg train: --register and --experiment need tracking; drop --no-track');
  }
  const seed = intOption('train', values.seed, 'seed', 42);
  const testSize = testSizeOption('train', values['test-size'], 0.2);
  const cvFolds = values.cv === undefined ? undefined : intOption('train', values.cv, 'cv', 5, 2, 100);
  if (values['cv-repeats'] !== undefined && cvFolds === undefined) throw new UserError('custseg train: --cv-repeats needs --cv K');
  const cvRepeats = intOption('train', values['cv-repeats'], 'cv-repeats', 1, 1, 100);
  const outPath = resolve(values.out ?? 'model.json');
  const presetName = values.config !== undefined ? null : (values.model ?? 'logistic');
  const preset = presetName !== null ? getPreset(presetName) : null;
  const fileConfig = values.config !== undefined ? await readPipelineConfig(values.config) : null;

  let dataset: Dataset;
  let dataFile: string;
  if (values.data !== undefined) {
    if (!existsSync(values.data)) throw new UserError(`${values.data}: no such file`);
    dataFile = values.data;
    progress(`reading ${values.data}`);
    // Without --target the file must be customer data (all columns required); --target opts into any CSV.
    dataset = await readCsvFile(
      values.data,
      values.target === undefined ? { schema: CUSTOMER_SEGMENTATION_SCHEMA, requireTarget: true } : { target: values.target, requireTarget: true },
    );
  } else {
    if (values.target !== undefined && values.target !== 'Segmentation') {
      throw new UserError('custseg train: --target needs --data (the synthetic customers have the Segmentation target)');
    }
    dataFile = 'synthetic-customers.csv';
    if (!values.json) info(`no --data given: training on 8,000 synthetic customers (seed ${seed}); see custseg synth`);
    dataset = parseCsvText([...synthCsvChunks({ rows: 8000, seed })].join(''), { label: dataFile, requireTarget: true });
  }
  for (const w of dataset.warnings) info(`warning: ${w}`);
  // The same checks as `custseg eda`, before any fitting; the profile is logged with the run.
  // The same profile is stored in the model (metadata.training_profile).
  const profile = profileTrainingData(dataset, dataFile);
  const blocker = trainingBlocker(profile);
  if (blocker) throw new UserError(blocker);

  const config: PipelineConfig = fileConfig ?? preset!.build(dataset.schema, seed);
  const trainOptions = { dataset, dataFile, config, preset: presetName, seed, testSize, cvFolds, cvRepeats, profile, onProgress: (m: string) => progress(m) };

  let tracked: { run: TrainingRun; store: TrackingStore } | null = null;
  let registered: ModelVersion | null = null;
  let result: TrainResult;
  if (track) {
    const store = openTracking(values['tracking-uri']);
    const run = await TrainingRun.start(store, values.experiment ?? 'customer-segmentation', values['run-name']);
    tracked = { run, store };
    // Ctrl-C or SIGTERM while training: the run is marked KILLED (training yields between its phases).
    const onSignal = (signal: NodeJS.Signals) => {
      void run.end('KILLED').finally(() => {
        void store.close();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      result = await trainModelAsync(trainOptions);
      await saveModel(outPath, result.model);
      await run.logTraining(result, trainOptions);
      if (values.register !== undefined) registered = await run.register(values.register);
      await run.end('FINISHED');
    } catch (e) {
      await run.end('FAILED').catch(() => {});
      throw e;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      await store.close();
    }
  } else {
    result = await trainModelAsync(trainOptions);
    await saveModel(outPath, result.model);
  }
  progressDone();
  // The size of the model document as written (trees are stored as base64 typed arrays).
  const modelBytes = statSync(outPath).size;

  const h = result.heldOut;
  if (values.json) {
    out(
      JSON.stringify({
        model: outPath,
        model_bytes: modelBytes,
        preset: presetName,
        seed,
        data: dataFile,
        n_rows: dataset.frame.nRows,
        n_train: result.trainRows,
        n_test: result.testRows,
        fit_seconds: result.fitSeconds,
        accuracy: h?.accuracy ?? null,
        macro_f1: h?.macro_f1 ?? null,
        weighted_f1: h?.weighted_f1 ?? null,
        log_loss: h?.log_loss ?? null,
        roc_auc_ovr: h?.roc_auc_ovr ?? null,
        classes: result.model.signature.classes,
        confusion_matrix: h?.confusion_matrix ?? null,
        run_id: tracked?.run.runId ?? null,
        experiment_id: tracked?.run.experimentId ?? null,
        registered: registered ? { name: registered.name, version: registered.version } : null,
        ...(result.cv
          ? {
              cv: {
                folds: result.cv.folds.length,
                repeats: cvRepeats,
                mean_accuracy: result.cv.mean.accuracy,
                std_accuracy: result.cv.std.accuracy,
                mean_macro_f1: result.cv.mean.macro_f1,
                mean_log_loss: result.cv.mean.log_loss,
                std_log_loss: result.cv.std.log_loss,
                fold_accuracy: result.cv.folds.map((f) => f.accuracy),
              },
            }
          : {}),
      }),
    );
    return 0;
  }
  out(`model: ${presetName ?? `config ${values.config}`} on ${dataFile} (${dataset.frame.nRows} rows, seed ${seed})`);
  if (h) {
    out(`held-out split: ${result.testRows} rows (trained on ${result.trainRows})\n`);
    out(metricsTable(h));
    out(classificationReport(result.heldOutPredictions!.yTrue, result.heldOutPredictions!.yPred, result.model.signature.classes, { digits: 3 }));
    // One split's figures move with which rows it holds out (on train.csv log loss by about ±0.02 between seeds).
    if (!result.cv) out(`one split of ${result.testRows} rows: for a steadier estimate add --cv 5 --cv-repeats 10\n`);
  }
  if (result.cv) {
    const c = result.cv;
    const how = cvRepeats > 1 ? `${cvFolds}-fold × ${cvRepeats} repeated (shuffled, seed ${seed})` : `${c.folds.length}-fold`;
    out(
      `${how} cross-validation on all rows: accuracy ${fmt(c.mean.accuracy)} ± ${fmt(c.std.accuracy)}, macro F1 ${fmt(c.mean.macro_f1)}, ` +
        `log loss ${fmt(c.mean.log_loss)} ± ${fmt(c.std.log_loss)}`,
    );
    out(`  per fold: ${c.folds.map((f) => fmt(f.accuracy)).join('  ')}\n`);
  }
  out(`final fit on all ${dataset.frame.nRows} rows: ${fmt(result.fitSeconds, 3)} s`);
  out(`wrote ${outPath} (${formatBytes(modelBytes)})`);
  if (tracked) out(`logged run ${tracked.run.runId} (experiment ${tracked.run.experimentId}) to ${describeTracking(values['tracking-uri'])}`);
  if (registered) out(`registered ${registered.name} version ${registered.version} (models:/${registered.name}/${registered.version})`);
  return 0;
}

export function metricsTable(h: { accuracy: number; macro_f1: number; weighted_f1: number; log_loss: number; roc_auc_ovr: number | null }): string {
  const rows: [string, number | null][] = [
    ['accuracy', h.accuracy],
    ['macro F1', h.macro_f1],
    ['weighted F1', h.weighted_f1],
    ['log loss', h.log_loss],
    ['ROC AUC (ovr)', h.roc_auc_ovr],
  ];
  return rows.map(([k, v]) => `  ${k.padEnd(14)} ${fmt(v)}`).join('\n') + '\n';
}
