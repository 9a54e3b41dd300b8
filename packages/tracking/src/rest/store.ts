import { userInfo } from 'node:os';
import { normalizeArtifactPath } from '../artifacts/paths.js';
import { MlflowError, asMlflowError } from '../errors.js';
import type * as T from '../types.js';
import { runArtifacts } from './artifacts.js';
import * as D from './decode.js';
import { RestClient, type HttpMethod, type RestClientOptions } from './http.js';

export interface RestStoreOptions extends RestClientOptions {
  /** user_id of runs created without one, as MLflow's client sends it; default the OS user. */
  user?: string;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/**
 * The TrackingStore over an MLflow-compatible REST server (`custseg tracking serve` or MLflow's own): one
 * endpoint per method, MLflow's request and response JSON, its error codes back as MlflowError.
 */
export class RestTrackingStore implements T.TrackingStore {
  readonly client: RestClient;
  private readonly user: string;
  private closed = false;

  constructor(
    readonly baseUrl: string,
    options: RestStoreOptions = {},
  ) {
    this.client = new RestClient(baseUrl.replace(/\/+$/, ''), options);
    this.user = options.user ?? osUser();
  }

  private async call<R>(method: Exclude<HttpMethod, 'PUT'>, endpoint: string, req: object = {}): Promise<R> {
    if (this.closed) throw new MlflowError('INTERNAL_ERROR', 'the tracking store is closed');
    return this.client.call<R>(method, endpoint, req);
  }

  private async none(method: Exclude<HttpMethod, 'PUT'>, endpoint: string, req: object): Promise<void> {
    await this.call<unknown>(method, endpoint, req);
  }

  // experiments
  async createExperiment(req: T.CreateExperimentRequest) {
    return this.call<{ experiment_id: string }>('POST', 'experiments/create', req);
  }
  async getExperiment(req: { experiment_id: string }) {
    const r = await this.call<{ experiment: T.Experiment }>('GET', 'experiments/get', req);
    return { experiment: D.experiment(r.experiment) };
  }
  async getExperimentByName(req: { experiment_name: string }) {
    const r = await this.call<{ experiment: T.Experiment }>('GET', 'experiments/get-by-name', req);
    return { experiment: D.experiment(r.experiment) };
  }
  async searchExperiments(req: T.SearchExperimentsRequest = {}) {
    return D.page('experiments', await this.call<Partial<T.SearchExperimentsResponse>>('POST', 'experiments/search', req), D.experiment);
  }
  async updateExperiment(req: { experiment_id: string; new_name: string }) { return this.none('POST', 'experiments/update', req); }
  async deleteExperiment(req: { experiment_id: string }) { return this.none('POST', 'experiments/delete', req); }
  async restoreExperiment(req: { experiment_id: string }) { return this.none('POST', 'experiments/restore', req); }
  async setExperimentTag(req: { experiment_id: string; key: string; value: string }) { return this.none('POST', 'experiments/set-experiment-tag', req); }
  async deleteExperimentTag(req: { experiment_id: string; key: string }) { return this.none('POST', 'experiments/delete-experiment-tag', req); }

  // runs
  async createRun(req: T.CreateRunRequest) {
    const r = await this.call<{ run: T.Run }>('POST', 'runs/create', { ...req, user_id: req.user_id ?? this.user });
    return { run: D.run(r.run) };
  }
  async getRun(req: { run_id: string }) {
    const r = await this.call<{ run: T.Run }>('GET', 'runs/get', req);
    return { run: D.run(r.run) };
  }
  async updateRun(req: T.UpdateRunRequest) {
    const r = await this.call<{ run_info: T.RunInfo }>('POST', 'runs/update', req);
    return { run_info: D.runInfo(r.run_info) };
  }
  async deleteRun(req: { run_id: string }) { return this.none('POST', 'runs/delete', req); }
  async restoreRun(req: { run_id: string }) { return this.none('POST', 'runs/restore', req); }
  async searchRuns(req: T.SearchRunsRequest) {
    return D.page('runs', await this.call<Partial<T.SearchRunsResponse>>('POST', 'runs/search', req), D.run);
  }
  async logMetric(req: T.LogMetricRequest) { return this.none('POST', 'runs/log-metric', req); }
  async logParam(req: T.LogParamRequest) { return this.none('POST', 'runs/log-parameter', req); }
  async setTag(req: T.SetTagRequest) { return this.none('POST', 'runs/set-tag', req); }
  async deleteTag(req: T.DeleteTagRequest) { return this.none('POST', 'runs/delete-tag', req); }
  async logBatch(req: T.LogBatchRequest) { return this.none('POST', 'runs/log-batch', req); }
  async logInputs(req: T.LogInputsRequest) { return this.none('POST', 'runs/log-inputs', req); }
  async getMetricHistory(req: T.GetMetricHistoryRequest) {
    return D.page('metrics', await this.call<Partial<T.GetMetricHistoryResponse>>('GET', 'metrics/get-history', req), D.metric);
  }

  // run artifacts
  async listArtifacts(req: T.ListArtifactsRequest): Promise<T.ListArtifactsResponse> {
    // refused here as the embedded store refuses it, whatever the server would make of it
    if (req?.path !== undefined) normalizeArtifactPath(req.path, true);
    const r = await this.call<Partial<T.ListArtifactsResponse>>('GET', 'artifacts/list', req);
    return { root_uri: r.root_uri ?? '', files: D.files(r.files), ...(r.next_page_token ? { next_page_token: r.next_page_token } : {}) };
  }

  async logArtifact(runId: string, artifactPath: string, data: T.ArtifactData): Promise<void> {
    normalizeArtifactPath(artifactPath, false);
    const { run } = await this.getRun({ run_id: runId });
    if (run.info.lifecycle_stage !== 'active') {
      throw new MlflowError('INVALID_PARAMETER_VALUE', `The run ${runId} must be in the 'active' state. Current state is ${run.info.lifecycle_stage}.`);
    }
    await this.artifacts(run.info.artifact_uri, (a) => a.write(artifactPath, data));
  }

  async downloadArtifact(runId: string, path: string): Promise<Buffer> {
    normalizeArtifactPath(path, false);
    const { run } = await this.getRun({ run_id: runId });
    return this.artifacts(run.info.artifact_uri, (a) => a.read(path));
  }

  private async artifacts<V>(uri: string, fn: (a: ReturnType<typeof runArtifacts>) => Promise<V>): Promise<V> {
    try {
      return await fn(runArtifacts(this.client, uri));
    } catch (e) {
      throw asMlflowError(e);
    }
  }

  // registry
  async createRegisteredModel(req: T.CreateRegisteredModelRequest) { return this.model('POST', 'registered-models/create', req); }
  async getRegisteredModel(req: { name: string }) { return this.model('GET', 'registered-models/get', req); }
  async searchRegisteredModels(req: T.SearchRegisteredModelsRequest = {}) {
    return D.page('registered_models', await this.call<Partial<T.SearchRegisteredModelsResponse>>('GET', 'registered-models/search', req), D.registeredModel);
  }
  async renameRegisteredModel(req: { name: string; new_name: string }) { return this.model('POST', 'registered-models/rename', req); }
  async updateRegisteredModel(req: { name: string; description?: string }) { return this.model('PATCH', 'registered-models/update', req); }
  async deleteRegisteredModel(req: { name: string }) { return this.none('DELETE', 'registered-models/delete', req); }
  async setRegisteredModelTag(req: { name: string; key: string; value: string }) { return this.none('POST', 'registered-models/set-tag', req); }
  async deleteRegisteredModelTag(req: { name: string; key: string }) { return this.none('DELETE', 'registered-models/delete-tag', req); }
  async setRegisteredModelAlias(req: { name: string; alias: string; version: string }) { return this.none('POST', 'registered-models/alias', req); }
  async deleteRegisteredModelAlias(req: { name: string; alias: string }) { return this.none('DELETE', 'registered-models/alias', req); }
  async getModelVersionByAlias(req: { name: string; alias: string }) { return this.version('GET', 'registered-models/alias', req); }
  async getLatestVersions(req: { name: string; stages?: string[] }) {
    return D.page('model_versions', await this.call<{ model_versions?: T.ModelVersion[] }>('POST', 'registered-models/get-latest-versions', req), D.modelVersion);
  }
  async createModelVersion(req: T.CreateModelVersionRequest) { return this.version('POST', 'model-versions/create', req); }
  async getModelVersion(req: T.ModelVersionKey) { return this.version('GET', 'model-versions/get', req); }
  async searchModelVersions(req: T.SearchModelVersionsRequest = {}) {
    return D.page('model_versions', await this.call<Partial<T.SearchModelVersionsResponse>>('GET', 'model-versions/search', req), D.modelVersion);
  }
  async updateModelVersion(req: T.ModelVersionKey & { description?: string }) { return this.version('PATCH', 'model-versions/update', req); }
  async deleteModelVersion(req: T.ModelVersionKey) { return this.none('DELETE', 'model-versions/delete', req); }
  async setModelVersionTag(req: T.ModelVersionKey & { key: string; value: string }) { return this.none('POST', 'model-versions/set-tag', req); }
  async deleteModelVersionTag(req: T.ModelVersionKey & { key: string }) { return this.none('DELETE', 'model-versions/delete-tag', req); }
  async transitionModelVersionStage(req: T.ModelVersionKey & { stage: string; archive_existing_versions?: boolean }) {
    return this.version('POST', 'model-versions/transition-stage', req);
  }
  async getModelVersionDownloadUri(req: T.ModelVersionKey) {
    return this.call<{ artifact_uri: string }>('GET', 'model-versions/get-download-uri', req);
  }

  private async model(method: Exclude<HttpMethod, 'PUT'>, endpoint: string, req: object) {
    const r = await this.call<{ registered_model: T.RegisteredModel }>(method, endpoint, req);
    return { registered_model: D.registeredModel(r.registered_model) };
  }

  private async version(method: Exclude<HttpMethod, 'PUT'>, endpoint: string, req: object) {
    const r = await this.call<{ model_version: T.ModelVersion }>(method, endpoint, req);
    return { model_version: D.modelVersion(r.model_version) };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
