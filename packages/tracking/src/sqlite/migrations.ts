import type Database from 'better-sqlite3';
import { MlflowError } from '../errors.js';

/**
 * Numbered schema migrations. Never edit a released one: append a new one. Each runs in the same transaction as
 * the bump of `schema_version`, so a database is always at exactly one version.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; up: (db: Database.Database, ctx: MigrationContext) => void }> = [
  {
    version: 1,
    up(db, ctx) {
      db.exec(`
        CREATE TABLE experiments (
          experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL UNIQUE,
          artifact_location TEXT NOT NULL,
          lifecycle_stage TEXT NOT NULL DEFAULT 'active',
          creation_time INTEGER NOT NULL,
          last_update_time INTEGER NOT NULL
        );
        CREATE TABLE experiment_tags (
          experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (experiment_id, key)
        ) WITHOUT ROWID;

        CREATE TABLE runs (
          run_uuid TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
          user_id TEXT NOT NULL,
          status TEXT NOT NULL,
          start_time INTEGER NOT NULL,
          end_time INTEGER,
          lifecycle_stage TEXT NOT NULL DEFAULT 'active',
          artifact_uri TEXT NOT NULL,
          deleted_time INTEGER
        );
        -- the default search order (start_time DESC, run_uuid) within experiments and a view type, read in index order
        CREATE INDEX runs_search ON runs (experiment_id, lifecycle_stage, start_time DESC, run_uuid);

        CREATE TABLE metrics (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          run_uuid TEXT NOT NULL,
          key TEXT NOT NULL,
          value REAL NOT NULL,
          timestamp INTEGER NOT NULL,
          step INTEGER NOT NULL,
          is_nan INTEGER NOT NULL DEFAULT 0
        );
        -- MLflow's primary key: logging the very same point twice keeps one row
        CREATE UNIQUE INDEX metrics_point ON metrics (run_uuid, key, step, timestamp, value, is_nan);

        CREATE TABLE latest_metrics (
          run_uuid TEXT NOT NULL,
          key TEXT NOT NULL,
          value REAL NOT NULL,
          timestamp INTEGER NOT NULL,
          step INTEGER NOT NULL,
          is_nan INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (run_uuid, key)
        ) WITHOUT ROWID;
        CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);

        CREATE TABLE params (
          run_uuid TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (run_uuid, key)
        ) WITHOUT ROWID;
        CREATE INDEX params_key_value ON params (key, value);

        CREATE TABLE tags (
          run_uuid TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (run_uuid, key)
        ) WITHOUT ROWID;
        CREATE INDEX tags_key_value ON tags (key, value);

        CREATE TABLE datasets (
          dataset_uuid TEXT PRIMARY KEY,
          experiment_id INTEGER NOT NULL,
          name TEXT NOT NULL,
          digest TEXT NOT NULL,
          source_type TEXT NOT NULL,
          source TEXT NOT NULL,
          schema TEXT,
          profile TEXT,
          UNIQUE (experiment_id, name, digest)
        );
        CREATE TABLE run_inputs (
          run_uuid TEXT NOT NULL,
          dataset_uuid TEXT NOT NULL,
          position INTEGER NOT NULL,
          tags TEXT NOT NULL,
          PRIMARY KEY (run_uuid, dataset_uuid)
        ) WITHOUT ROWID;

        CREATE TABLE registered_models (
          name TEXT PRIMARY KEY,
          creation_time INTEGER NOT NULL,
          last_updated_time INTEGER NOT NULL,
          description TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE registered_model_tags (
          name TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (name, key)
        ) WITHOUT ROWID;
        -- deleted versions stay as 'Deleted_Internal' rows (as MLflow does) so a version number is never reused
        CREATE TABLE model_versions (
          name TEXT NOT NULL,
          version INTEGER NOT NULL,
          creation_time INTEGER NOT NULL,
          last_updated_time INTEGER NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          user_id TEXT NOT NULL DEFAULT '',
          current_stage TEXT NOT NULL DEFAULT 'None',
          source TEXT NOT NULL,
          run_id TEXT NOT NULL DEFAULT '',
          run_link TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL DEFAULT 'READY',
          status_message TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (name, version)
        );
        CREATE INDEX model_versions_run ON model_versions (run_id);
        CREATE TABLE model_version_tags (
          name TEXT NOT NULL,
          version INTEGER NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (name, version, key)
        ) WITHOUT ROWID;
        CREATE TABLE registered_model_aliases (
          name TEXT NOT NULL,
          alias TEXT NOT NULL,
          version INTEGER NOT NULL,
          PRIMARY KEY (name, alias)
        ) WITHOUT ROWID;
      `);
      // MLflow's default experiment exists from the start, with id 0
      const now = ctx.now();
      db.prepare(
        `INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
         VALUES (0, 'Default', ?, 'active', ?, ?)`,
      ).run(ctx.defaultArtifactLocation('0'), now, now);
    },
  },
];

export interface MigrationContext {
  now(): number;
  defaultArtifactLocation(experimentId: string): string;
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Brings the database to the latest schema; concurrent openers serialise on the write lock and re-check. */
export function migrate(db: Database.Database, ctx: MigrationContext): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > LATEST_SCHEMA_VERSION) {
      throw new MlflowError(
        'INTERNAL_ERROR',
        `tracking database schema version ${current} is newer than this custseg understands (${LATEST_SCHEMA_VERSION}); upgrade custseg`,
      );
    }
    for (const m of MIGRATIONS) if (m.version > current) m.up(db, ctx);
    if (row) db.prepare('UPDATE schema_version SET version = ?').run(LATEST_SCHEMA_VERSION);
    else db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(LATEST_SCHEMA_VERSION);
  }).immediate();
}
