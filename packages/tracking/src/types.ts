// Entities and the store contract, in MLflow 2.x REST JSON shapes (snake_case, string ids, ms timestamps) so the
// server can return these objects as-is and a REST client can implement the same interface.
// This file is a shared contract: only add to it.

export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
/** Stages are deprecated in MLflow in favour of aliases but still appear in every model version. */
export type ModelVersionStage = 'None' | 'Staging' | 'Production' | 'Archived';

export interface Tag {
  key: string;
  value: string;
}

// ---------------------------------------------------------------------------------------------- tracking

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  last_update_time: number;
  creation_time: number;
  tags: Tag[];
}

export interface Metric {
  key: string;
  /** NaN and ±Infinity are valid metric values, as in MLflow (JSON carries them as "NaN"/"Infinity" strings or null, the server's concern). */
  value: number;
  timestamp: number;
  step: number;
}

export interface Param {
  key: string;
  value: string;
}

export interface RunInfo {
  run_id: string;
  /** Deprecated duplicate of run_id that MLflow still returns. */
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: RunStatus;
  start_time: number;
  /** Absent while the run has not ended, as in MLflow's JSON. */
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface Dataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface InputTag {
  key: string;
  value: string;
}

export interface DatasetInput {
  tags: InputTag[];
  dataset: Dataset;
}

export interface RunData {
  /** The latest value of each metric (highest step, then timestamp, then value, as MLflow). */
  metrics: Metric[];
  params: Param[];
  tags: Tag[];
}

export interface RunInputs {
  dataset_inputs: DatasetInput[];
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: RunInputs;
}

export interface FileInfo {
  /** Relative to the run's artifact root (or to the path listed), '/'-separated. */
  path: string;
  is_dir: boolean;
  /** Bytes; absent for directories. */
  file_size?: number;
}

// ---------------------------------------------------------------------------------------------- registry

export interface RegisteredModelAlias {
  alias: string;
  version: string;
}

export interface ModelVersion {
  name: string;
  /** A string in MLflow's JSON, although versions are integers 1, 2, ... per name. */
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  current_stage: ModelVersionStage;
  description: string;
  /** As given at creation: `runs:/RUN_ID/path`, an artifact URI or a path. */
  source: string;
  run_id: string;
  status: ModelVersionStatus;
  status_message: string;
  tags: Tag[];
  run_link: string;
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
  /** The latest version in each stage, as MLflow returns it. */
  latest_versions: ModelVersion[];
  tags: Tag[];
  aliases: RegisteredModelAlias[];
}

// ---------------------------------------------------------------------------------------------- requests

export interface PageRequest {
  max_results?: number;
  /** Opaque: pass back what a previous page returned as next_page_token. */
  page_token?: string;
}

export interface CreateExperimentRequest {
  name: string;
  artifact_location?: string;
  tags?: Tag[];
}

export interface SearchExperimentsRequest extends PageRequest {
  /** `name = 'x'`, `name LIKE 'x%'`, `tags.k = 'v'`, `creation_time > 123`, joined by AND. */
  filter?: string;
  /** e.g. `['name ASC', 'creation_time DESC']`; default creation_time DESC, then experiment_id. */
  order_by?: string[];
  view_type?: ViewType;
}

export interface CreateRunRequest {
  experiment_id?: string;
  user_id?: string;
  run_name?: string;
  start_time?: number;
  tags?: Tag[];
}

export interface UpdateRunRequest {
  run_id: string;
  status?: RunStatus;
  end_time?: number;
  run_name?: string;
}

export interface SearchRunsRequest extends PageRequest {
  experiment_ids: string[];
  /** MLflow's search syntax, e.g. `metrics.acc > 0.5 and params.model = 'x' and attributes.status = 'FINISHED'`. */
  filter?: string;
  run_view_type?: ViewType;
  /** e.g. `['metrics.acc DESC', 'attributes.start_time']`; default start_time DESC, then run_id. */
  order_by?: string[];
}

export interface LogMetricRequest {
  run_id: string;
  key: string;
  value: number;
  timestamp: number;
  step?: number;
}

export interface LogParamRequest {
  run_id: string;
  key: string;
  value: string;
}

export interface SetTagRequest {
  run_id: string;
  key: string;
  value: string;
}

export interface DeleteTagRequest {
  run_id: string;
  key: string;
}

export interface LogBatchRequest {
  run_id: string;
  metrics?: Metric[];
  params?: Param[];
  tags?: Tag[];
}

export interface LogInputsRequest {
  run_id: string;
  datasets: DatasetInput[];
}

export interface GetMetricHistoryRequest extends PageRequest {
  run_id: string;
  metric_key: string;
}

export interface ListArtifactsRequest {
  run_id: string;
  /** A directory inside the run's artifacts; the root when absent. */
  path?: string;
  page_token?: string;
}

export interface CreateRegisteredModelRequest {
  name: string;
  tags?: Tag[];
  description?: string;
}

export interface SearchRegisteredModelsRequest extends PageRequest {
  /** `name = 'x'`, `name LIKE 'x%'`, `name ILIKE`, `tags.k = 'v'`. */
  filter?: string;
  /** Default name ASC. */
  order_by?: string[];
}

export interface CreateModelVersionRequest {
  name: string;
  /** `runs:/RUN_ID/model`, an artifact URI (`file://`, `mlflow-artifacts:/`) or a path. */
  source: string;
  /** Taken from a `runs:/` source when absent. */
  run_id?: string;
  tags?: Tag[];
  run_link?: string;
  description?: string;
}

export interface SearchModelVersionsRequest extends PageRequest {
  /** `name = 'x'`, `name LIKE`, `run_id = '...'`, `run_id IN ('a','b')`, `version_number > 1`, `tags.k = 'v'`. */
  filter?: string;
  /** Default name ASC, then version DESC. */
  order_by?: string[];
}

export interface ModelVersionKey {
  name: string;
  version: string;
}

// ---------------------------------------------------------------------------------------------- responses

export interface SearchExperimentsResponse {
  experiments: Experiment[];
  next_page_token?: string;
}

export interface SearchRunsResponse {
  runs: Run[];
  next_page_token?: string;
}

export interface GetMetricHistoryResponse {
  metrics: Metric[];
  next_page_token?: string;
}

export interface ListArtifactsResponse {
  root_uri: string;
  files: FileInfo[];
  next_page_token?: string;
}

export interface SearchRegisteredModelsResponse {
  registered_models: RegisteredModel[];
  next_page_token?: string;
}

export interface SearchModelVersionsResponse {
  model_versions: ModelVersion[];
  next_page_token?: string;
}

/**
 * Bytes to store, or a string naming a LOCAL FILE to copy (never text content: log text as `Buffer.from(text)`).
 */
export type ArtifactData = Uint8Array | string;

/**
 * The tracking store and model registry. One method per MLflow REST endpoint, taking the endpoint's request
 * object (MLflow field names) and resolving to its response body; endpoints whose response is `{}` resolve to
 * void. Failures reject with `MlflowError` (error_code + message) and never leave a partial write.
 */
export interface TrackingStore {
  // experiments
  createExperiment(req: CreateExperimentRequest): Promise<{ experiment_id: string }>;
  getExperiment(req: { experiment_id: string }): Promise<{ experiment: Experiment }>;
  getExperimentByName(req: { experiment_name: string }): Promise<{ experiment: Experiment }>;
  searchExperiments(req?: SearchExperimentsRequest): Promise<SearchExperimentsResponse>;
  updateExperiment(req: { experiment_id: string; new_name: string }): Promise<void>;
  deleteExperiment(req: { experiment_id: string }): Promise<void>;
  restoreExperiment(req: { experiment_id: string }): Promise<void>;
  setExperimentTag(req: { experiment_id: string; key: string; value: string }): Promise<void>;
  deleteExperimentTag(req: { experiment_id: string; key: string }): Promise<void>;

  // runs
  createRun(req: CreateRunRequest): Promise<{ run: Run }>;
  getRun(req: { run_id: string }): Promise<{ run: Run }>;
  updateRun(req: UpdateRunRequest): Promise<{ run_info: RunInfo }>;
  deleteRun(req: { run_id: string }): Promise<void>;
  restoreRun(req: { run_id: string }): Promise<void>;
  searchRuns(req: SearchRunsRequest): Promise<SearchRunsResponse>;
  logMetric(req: LogMetricRequest): Promise<void>;
  logParam(req: LogParamRequest): Promise<void>;
  setTag(req: SetTagRequest): Promise<void>;
  deleteTag(req: DeleteTagRequest): Promise<void>;
  logBatch(req: LogBatchRequest): Promise<void>;
  logInputs(req: LogInputsRequest): Promise<void>;
  getMetricHistory(req: GetMetricHistoryRequest): Promise<GetMetricHistoryResponse>;

  // run artifacts
  listArtifacts(req: ListArtifactsRequest): Promise<ListArtifactsResponse>;
  /** Stores one file at `artifactPath` (relative, '/'-separated, including the file name) in the run's artifacts, atomically. */
  logArtifact(runId: string, artifactPath: string, data: ArtifactData): Promise<void>;
  downloadArtifact(runId: string, path: string): Promise<Buffer>;

  // registry
  createRegisteredModel(req: CreateRegisteredModelRequest): Promise<{ registered_model: RegisteredModel }>;
  getRegisteredModel(req: { name: string }): Promise<{ registered_model: RegisteredModel }>;
  searchRegisteredModels(req?: SearchRegisteredModelsRequest): Promise<SearchRegisteredModelsResponse>;
  renameRegisteredModel(req: { name: string; new_name: string }): Promise<{ registered_model: RegisteredModel }>;
  updateRegisteredModel(req: { name: string; description?: string }): Promise<{ registered_model: RegisteredModel }>;
  deleteRegisteredModel(req: { name: string }): Promise<void>;
  setRegisteredModelTag(req: { name: string; key: string; value: string }): Promise<void>;
  deleteRegisteredModelTag(req: { name: string; key: string }): Promise<void>;
  setRegisteredModelAlias(req: { name: string; alias: string; version: string }): Promise<void>;
  deleteRegisteredModelAlias(req: { name: string; alias: string }): Promise<void>;
  getModelVersionByAlias(req: { name: string; alias: string }): Promise<{ model_version: ModelVersion }>;
  /** The latest version per stage, or of the stages given. */
  getLatestVersions(req: { name: string; stages?: string[] }): Promise<{ model_versions: ModelVersion[] }>;
  createModelVersion(req: CreateModelVersionRequest): Promise<{ model_version: ModelVersion }>;
  getModelVersion(req: ModelVersionKey): Promise<{ model_version: ModelVersion }>;
  searchModelVersions(req?: SearchModelVersionsRequest): Promise<SearchModelVersionsResponse>;
  updateModelVersion(req: ModelVersionKey & { description?: string }): Promise<{ model_version: ModelVersion }>;
  deleteModelVersion(req: ModelVersionKey): Promise<void>;
  setModelVersionTag(req: ModelVersionKey & { key: string; value: string }): Promise<void>;
  deleteModelVersionTag(req: ModelVersionKey & { key: string }): Promise<void>;
  transitionModelVersionStage(
    req: ModelVersionKey & { stage: string; archive_existing_versions?: boolean },
  ): Promise<{ model_version: ModelVersion }>;
  getModelVersionDownloadUri(req: ModelVersionKey): Promise<{ artifact_uri: string }>;

  close(): Promise<void>;
}

/**
 * Files under one root, for the server's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/{path}`) and the
 * store's run artifacts. Paths are relative and '/'-separated; one that would leave the root ('..', absolute,
 * through a symlink) is refused with MlflowError INVALID_PARAMETER_VALUE. Writes are atomic: a reader sees the
 * whole file under its final name or nothing.
 */
export interface ArtifactRepository {
  /** The root as a URI (e.g. `file:///abs/path`). */
  readonly rootUri: string;
  read(path: string): Promise<Buffer>;
  write(path: string, data: ArtifactData): Promise<void>;
  /** The entries directly under `path` (the root when absent), with paths relative to the root; [] for a missing directory. */
  list(path?: string): Promise<FileInfo[]>;
  /** Removes a file or a directory tree; a missing path is not an error. */
  delete(path: string): Promise<void>;
}
