import type Database from 'better-sqlite3';
import { withBusyRetry } from './connection.js';

/** What the store's modules share: the connection, prepared statements, the clock and the artifact settings. */
export class StoreContext {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly db: Database.Database,
    readonly artifactRoot: string,
    /** Experiments created without an artifact_location get `${defaultArtifactUri}/${experiment_id}`. */
    readonly defaultArtifactUri: string,
    readonly defaultUser: string,
    readonly now: () => number = Date.now,
  ) {}

  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A consistent snapshot for reads made of several queries. */
  read<T>(fn: () => T): T {
    return withBusyRetry(() => this.db.transaction(fn).deferred());
  }

  /** One write transaction, taking the write lock up front so it never fails half-way on an upgrade. */
  write<T>(fn: () => T): T {
    return withBusyRetry(() => this.db.transaction(fn).immediate());
  }
}
