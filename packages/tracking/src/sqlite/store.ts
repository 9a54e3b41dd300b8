import type Database from 'better-sqlite3';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalArtifactRepository } from '../artifacts/local.js';
import { normalizeArtifactPath } from '../artifacts/paths.js';
import { artifactUriToPath, pathToArtifactUri } from '../artifacts/uri.js';
import { MlflowError, asMlflowError } from '../errors.js';
import { asObject } from '../validation.js';
import type * as T from '../types.js';
import { openDatabase } from './connection.js';
import { StoreContext } from './context.js';
import * as E from './experiments.js';
import * as R from './registry.js';
import * as U from './runs.js';

export interface EmbeddedStoreOptions {
  /** The SQLite file (created with its directory); default `.custseg/tracking.db` in the working directory. */
  dbPath?: string;
  /** Where run artifacts live and what `mlflow-artifacts:/` URIs are relative to; default `artifacts/` beside the db. */
  artifactRoot?: string;
  /**
   * The base of new experiments' artifact_location; default the file:// URI of artifactRoot. A server proxying
   * artifacts passes `mlflow-artifacts:` so clients upload through it.
   */
  defaultArtifactUri?: string;
  /** user_id of runs created without one; default the OS user. */
  user?: string;
}

export const DEFAULT_STORE_DIR = '.custseg';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/**
 * The embedded store: SQLite (WAL) through better-sqlite3 for entities, the local file system for artifacts.
 * Safe to share between processes; every method is one transaction.
 */
export class SqliteTrackingStore implements T.TrackingStore {
  readonly dbPath: string;
  readonly artifactRoot: string;
  private readonly ctx: StoreContext;
  private closed = false;

  constructor(options: EmbeddedStoreOptions = {}) {
    this.dbPath = options.dbPath === ':memory:' ? ':memory:' : resolve(options.dbPath ?? join(DEFAULT_STORE_DIR, 'tracking.db'));
    this.artifactRoot = resolve(options.artifactRoot ?? join(this.dbPath === ':memory:' ? DEFAULT_STORE_DIR : resolve(this.dbPath, '..'), 'artifacts'));
    const defaultArtifactUri = (options.defaultArtifactUri ?? pathToArtifactUri(this.artifactRoot)).replace(/\/+$/, '');
    const db = openDatabase(this.dbPath, { now: Date.now, defaultArtifactLocation: (id) => `${defaultArtifactUri}/${id}` });
    this.ctx = new StoreContext(db, this.artifactRoot, defaultArtifactUri, options.user ?? osUser());
  }

  /** The connection, for tests and the benchmark; not part of the store contract. */
  get database(): Database.Database {
    return this.ctx.db;
  }

  private get c(): StoreContext {
    if (this.closed) throw new MlflowError('INTERNAL_ERROR', 'the tracking store is closed');
    return this.ctx;
  }

  /** Runs one operation; anything but a refusal (a disk error, a bug) surfaces as INTERNAL_ERROR, as MLflow answers. */
  private async op<V>(fn: (c: StoreContext) => V): Promise<V> {
    try {
      return fn(this.c);
    } catch (e) {
      throw asMlflowError(e);
    }
  }

  // experiments
  async createExperiment(req: T.CreateExperimentRequest) { return this.op((c) => E.createExperiment(c, req)); }
  async getExperiment(req: { experiment_id: string }) { return this.op((c) => E.getExperiment(c, req)); }
  async getExperimentByName(req: { experiment_name: string }) { return this.op((c) => E.getExperimentByName(c, req)); }
  async searchExperiments(req?: T.SearchExperimentsRequest) { return this.op((c) => E.searchExperiments(c, req)); }
  async updateExperiment(req: { experiment_id: string; new_name: string }) { return this.op((c) => { E.updateExperiment(c, req); }); }
  async deleteExperiment(req: { experiment_id: string }) { return this.op((c) => { E.deleteExperiment(c, req); }); }
  async restoreExperiment(req: { experiment_id: string }) { return this.op((c) => { E.restoreExperiment(c, req); }); }
  async setExperimentTag(req: { experiment_id: string; key: string; value: string }) { return this.op((c) => { E.setExperimentTag(c, req); }); }
  async deleteExperimentTag(req: { experiment_id: string; key: string }) { return this.op((c) => { E.deleteExperimentTag(c, req); }); }

  // runs
  async createRun(req: T.CreateRunRequest) { return this.op((c) => U.createRun(c, req)); }
  async getRun(req: { run_id: string }) { return this.op((c) => U.getRun(c, req)); }
  async updateRun(req: T.UpdateRunRequest) { return this.op((c) => U.updateRun(c, req)); }
  async deleteRun(req: { run_id: string }) { return this.op((c) => { U.deleteRun(c, req); }); }
  async restoreRun(req: { run_id: string }) { return this.op((c) => { U.restoreRun(c, req); }); }
  async searchRuns(req: T.SearchRunsRequest) { return this.op((c) => U.searchRuns(c, req)); }
  async logMetric(req: T.LogMetricRequest) { return this.op((c) => { U.logMetric(c, req as T.Metric & { run_id: string }); }); }
  async logParam(req: T.LogParamRequest) { return this.op((c) => { U.logParam(c, req); }); }
  async setTag(req: T.SetTagRequest) { return this.op((c) => { U.setTag(c, req); }); }
  async deleteTag(req: T.DeleteTagRequest) { return this.op((c) => { U.deleteTag(c, req); }); }
  async logBatch(req: T.LogBatchRequest) { return this.op((c) => { U.logBatch(c, req); }); }
  async logInputs(req: T.LogInputsRequest) { return this.op((c) => { U.logInputs(c, req); }); }
  async getMetricHistory(req: T.GetMetricHistoryRequest) { return this.op((c) => U.getMetricHistory(c, req)); }

  // run artifacts
  async listArtifacts(req: T.ListArtifactsRequest): Promise<T.ListArtifactsResponse> {
    const o = asObject(req, 'the request');
    const path = normalizeArtifactPath(o.path ?? '', true);
    const run = await this.op((c) => U.readRun(c, o.run_id));
    const files = await this.artifacts(() => this.artifactRepository(run.artifact_uri).list(path));
    return { root_uri: run.artifact_uri, files };
  }

  async logArtifact(runId: string, artifactPath: string, data: T.ArtifactData): Promise<void> {
    const run = await this.op((c) => c.read(() => U.activeRunRow(c, runId)));
    await this.artifacts(() => this.artifactRepository(run.artifact_uri).write(artifactPath, data));
  }

  async downloadArtifact(runId: string, path: string): Promise<Buffer> {
    const run = await this.op((c) => U.readRun(c, runId));
    return this.artifacts(() => this.artifactRepository(run.artifact_uri).read(path));
  }

  private async artifacts<V>(fn: () => Promise<V>): Promise<V> {
    try {
      return await fn();
    } catch (e) {
      throw asMlflowError(e);
    }
  }

  /** The files behind any artifact URI this store hands out (`file://`, `mlflow-artifacts:/`, a path). */
  artifactRepository(uri: string): LocalArtifactRepository {
    return new LocalArtifactRepository(artifactUriToPath(uri, this.artifactRoot));
  }

  // registry
  async createRegisteredModel(req: T.CreateRegisteredModelRequest) { return this.op((c) => R.createRegisteredModel(c, req)); }
  async getRegisteredModel(req: { name: string }) { return this.op((c) => R.getRegisteredModel(c, req)); }
  async searchRegisteredModels(req?: T.SearchRegisteredModelsRequest) { return this.op((c) => R.searchRegisteredModels(c, req)); }
  async renameRegisteredModel(req: { name: string; new_name: string }) { return this.op((c) => R.renameRegisteredModel(c, req)); }
  async updateRegisteredModel(req: { name: string; description?: string }) { return this.op((c) => R.updateRegisteredModel(c, req)); }
  async deleteRegisteredModel(req: { name: string }) { return this.op((c) => { R.deleteRegisteredModel(c, req); }); }
  async setRegisteredModelTag(req: { name: string; key: string; value: string }) { return this.op((c) => { R.setRegisteredModelTag(c, req); }); }
  async deleteRegisteredModelTag(req: { name: string; key: string }) { return this.op((c) => { R.deleteRegisteredModelTag(c, req); }); }
  async setRegisteredModelAlias(req: { name: string; alias: string; version: string }) { return this.op((c) => { R.setRegisteredModelAlias(c, req); }); }
  async deleteRegisteredModelAlias(req: { name: string; alias: string }) { return this.op((c) => { R.deleteRegisteredModelAlias(c, req); }); }
  async getModelVersionByAlias(req: { name: string; alias: string }) { return this.op((c) => R.getModelVersionByAlias(c, req)); }
  async getLatestVersions(req: { name: string; stages?: string[] }) { return this.op((c) => R.getLatestVersions(c, req)); }
  async createModelVersion(req: T.CreateModelVersionRequest) { return this.op((c) => R.createModelVersion(c, req)); }
  async getModelVersion(req: T.ModelVersionKey) { return this.op((c) => R.getModelVersion(c, req)); }
  async searchModelVersions(req?: T.SearchModelVersionsRequest) { return this.op((c) => R.searchModelVersions(c, req)); }
  async updateModelVersion(req: T.ModelVersionKey & { description?: string }) { return this.op((c) => R.updateModelVersion(c, req)); }
  async deleteModelVersion(req: T.ModelVersionKey) { return this.op((c) => { R.deleteModelVersion(c, req); }); }
  async setModelVersionTag(req: T.ModelVersionKey & { key: string; value: string }) { return this.op((c) => { R.setModelVersionTag(c, req); }); }
  async deleteModelVersionTag(req: T.ModelVersionKey & { key: string }) { return this.op((c) => { R.deleteModelVersionTag(c, req); }); }
  async transitionModelVersionStage(req: T.ModelVersionKey & { stage: string; archive_existing_versions?: boolean }) { return this.op((c) => R.transitionModelVersionStage(c, req)); }
  async getModelVersionDownloadUri(req: T.ModelVersionKey) { return this.op((c) => R.getModelVersionDownloadUri(c, req)); }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ctx.db.close();
  }
}
