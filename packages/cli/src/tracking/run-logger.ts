import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { classificationReport, LIBRARY_VERSION, renderReportHtml, serializeModel, type Dataset, type DataProfile, type PipelineConfig, type TrainResult } from '@custseg/ml';
import { isMlflowError, logModel, registerModel, type Metric, type ModelVersion, type Param, type Tag, type TrackingStore } from '@custseg/tracking';
import { confusionMatrixSvg, inputExample, mlmodelFile } from './artifacts.js';
import { flattenConfig } from './flatten.js';

/** MLflow takes at most 100 params or tags and 1,000 metrics per log-batch. */
const PARAMS_PER_BATCH = 100;

export interface TrainingContext {
  dataset: Dataset;
  dataFile: string;
  config: PipelineConfig;
  preset: string | null;
  seed: number;
  testSize: number;
  cvFolds?: number;
  /** Shuffled K-fold repetitions of the cross-validation (1: sklearn's unshuffled folds). */
  cvRepeats?: number;
  /** The training data's profile (custseg eda), logged as data_profile.json and data_report.html. */
  profile?: DataProfile;
}

/** One tracked training run: created before training starts, finished (or failed/killed) when it ends. */
export class TrainingRun {
  private ended = false;

  private constructor(
    readonly store: TrackingStore,
    readonly runId: string,
    readonly experimentId: string,
  ) {}

  static async start(store: TrackingStore, experimentName: string, runName?: string): Promise<TrainingRun> {
    const experimentId = await getOrCreateExperiment(store, experimentName);
    const tags: Tag[] = [
      { key: 'mlflow.source.name', value: 'custseg train' },
      { key: 'mlflow.source.type', value: 'LOCAL' },
      { key: 'custseg.version', value: LIBRARY_VERSION },
    ];
    const commit = gitCommit();
    if (commit) tags.push({ key: 'mlflow.source.git.commit', value: commit });
    const { run } = await store.createRun({
      experiment_id: experimentId,
      start_time: Date.now(),
      user_id: currentUser(),
      tags,
      ...(runName ? { run_name: runName } : {}),
    });
    return new TrainingRun(store, run.info.run_id, experimentId);
  }

  /** Params, metrics, dataset input and artifacts of a finished training. */
  async logTraining(result: TrainResult, ctx: TrainingContext): Promise<void> {
    const now = Date.now();
    const params: Param[] = Object.entries({
      preset: ctx.preset ?? 'config',
      seed: String(ctx.seed),
      'data.path': resolve(ctx.dataFile),
      'data.sha256': ctx.dataset.sha256,
      'data.rows': String(ctx.dataset.frame.nRows),
      test_size: String(ctx.testSize),
      ...(ctx.cvFolds ? { cv_folds: String(ctx.cvFolds) } : {}),
      ...(ctx.cvFolds && (ctx.cvRepeats ?? 1) > 1 ? { cv_repeats: String(ctx.cvRepeats) } : {}),
      ...flattenConfig(ctx.config),
    }).map(([key, value]) => ({ key, value: value.length > 6000 ? `${value.slice(0, 5997)}...` : value }));
    for (let i = 0; i < params.length; i += PARAMS_PER_BATCH) {
      await this.store.logBatch({ run_id: this.runId, params: params.slice(i, i + PARAMS_PER_BATCH) });
    }

    const metrics: Metric[] = [{ key: 'fit_seconds', value: result.fitSeconds, timestamp: now, step: 0 }];
    const h = result.heldOut;
    if (h) {
      for (const key of ['accuracy', 'macro_f1', 'weighted_f1', 'log_loss'] as const) metrics.push({ key, value: h[key], timestamp: now, step: 0 });
      if (h.roc_auc_ovr !== null) metrics.push({ key: 'roc_auc_ovr', value: h.roc_auc_ovr, timestamp: now, step: 0 });
    }
    if (result.cv) {
      const c = result.cv;
      metrics.push(
        { key: 'cv_mean_accuracy', value: c.mean.accuracy, timestamp: now, step: 0 },
        { key: 'cv_std_accuracy', value: c.std.accuracy, timestamp: now, step: 0 },
        { key: 'cv_mean_macro_f1', value: c.mean.macro_f1, timestamp: now, step: 0 },
        { key: 'cv_mean_log_loss', value: c.mean.log_loss, timestamp: now, step: 0 },
        { key: 'cv_std_log_loss', value: c.std.log_loss, timestamp: now, step: 0 },
        // One point per fold: MLflow's metric history shows the spread.
        ...c.folds.map((f, i) => ({ key: 'cv_fold_accuracy', value: f.accuracy, timestamp: now, step: i })),
      );
    }
    await this.store.logBatch({ run_id: this.runId, metrics });

    await this.store.logInputs({
      run_id: this.runId,
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: {
            name: ctx.dataFile.split(/[\\/]/).pop() ?? ctx.dataFile,
            digest: ctx.dataset.sha256.slice(0, 8),
            source_type: 'local',
            source: JSON.stringify({ uri: resolve(ctx.dataFile) }),
            schema: JSON.stringify({ mlflow_colspec: result.model.signature.features.map((f) => ({ name: f.name, type: f.type === 'numeric' ? 'double' : 'string' })) }),
            profile: JSON.stringify({ num_rows: ctx.dataset.frame.nRows }),
          },
        },
      ],
    });

    const created = new Date(now).toISOString();
    await logModel(this.store, this.runId, serializeModel(result.model));
    await this.artifact('model/MLmodel', mlmodelFile(result.model, this.runId, created));
    await this.artifact('model/input_example.json', inputExample(ctx.dataset));
    const classes = result.model.signature.classes;
    if (h && result.heldOutPredictions) {
      await this.artifact('confusion_matrix.svg', confusionMatrixSvg(h.confusion_matrix, classes));
      // The same matrix as data (rows = true class, columns = predicted), which the web app draws itself.
      await this.artifact('confusion_matrix.json', `${JSON.stringify({ classes, matrix: h.confusion_matrix })}\n`);
      const { yTrue, yPred } = result.heldOutPredictions;
      await this.artifact('classification_report.txt', classificationReport(yTrue, yPred, classes, { digits: 3 }));
    }
    if (ctx.profile) {
      await this.artifact('data_profile.json', `${JSON.stringify(ctx.profile)}\n`);
      await this.artifact('data_report.html', renderReportHtml(ctx.profile));
    }
    const importances = (result.pipeline.estimator as { featureImportances?: ArrayLike<number> }).featureImportances;
    if (importances && importances.length === result.pipeline.features.length) {
      const rows = result.pipeline.features.map((feature, j) => ({ feature, importance: importances[j] })).sort((a, b) => b.importance - a.importance);
      await this.artifact('feature_importance.json', `${JSON.stringify({ kind: 'impurity', importances: rows }, null, 2)}\n`);
    }
  }

  async register(name: string): Promise<ModelVersion> {
    return registerModel(this.store, { name, source: `runs:/${this.runId}/model`, run_id: this.runId });
  }

  async end(status: 'FINISHED' | 'FAILED' | 'KILLED'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.store.updateRun({ run_id: this.runId, status, end_time: Date.now() });
  }

  private async artifact(path: string, text: string): Promise<void> {
    await this.store.logArtifact(this.runId, path, Buffer.from(text));
  }
}

export async function getOrCreateExperiment(store: TrackingStore, name: string): Promise<string> {
  try {
    const { experiment } = await store.getExperimentByName({ experiment_name: name });
    if (experiment.lifecycle_stage === 'deleted') await store.restoreExperiment({ experiment_id: experiment.experiment_id });
    return experiment.experiment_id;
  } catch (e) {
    if (!isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw e;
  }
  try {
    return (await store.createExperiment({ name })).experiment_id;
  } catch (e) {
    // Another process created it between our two calls.
    if (isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) return (await store.getExperimentByName({ experiment_name: name })).experiment.experiment_id;
    throw e;
  }
}

function gitCommit(): string | null {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 && /^[0-9a-f]{40}$/.test(r.stdout.trim()) ? r.stdout.trim() : null;
}

function currentUser(): string {
  try {
    return process.env.USER ?? userInfo().username;
  } catch {
    return 'unknown';
  }
}
