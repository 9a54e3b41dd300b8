import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MlflowError } from '../errors.js';
import { migrate, type MigrationContext } from './migrations.js';

/** How long one statement waits on another process's lock inside SQLite before reporting SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;
/** Total time an operation keeps retrying on SQLITE_BUSY before giving up. */
const RETRY_BUDGET_MS = 60_000;

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn`, retrying on SQLITE_BUSY with jittered backoff. The busy handler already waits BUSY_TIMEOUT_MS, but a
 * deferred transaction that must upgrade to a writer, or a WAL recovery in another process, fails at once.
 */
export function withBusyRetry<T>(fn: () => T): T {
  const deadline = Date.now() + RETRY_BUDGET_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e) || Date.now() > deadline) throw e;
      sleepSync(Math.min(200, 5 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
    }
  }
}

export function openDatabase(dbPath: string, ctx: MigrationContext): Database.Database {
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(dbPath, { timeout: BUSY_TIMEOUT_MS });
  } catch (e) {
    throw new MlflowError('INTERNAL_ERROR', `cannot open tracking database ${dbPath}: ${(e as Error).message}`);
  }
  try {
    withBusyRetry(() => {
      // WAL: readers never block the writer and a killed writer's half transaction is simply ignored on reopen
      db.pragma('journal_mode = WAL');
    });
    // NORMAL is durable against a killed process (the WAL is in the OS cache); only a power cut may lose the last commits
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = OFF');
    withBusyRetry(() => migrate(db, ctx));
    return db;
  } catch (e) {
    db.close();
    if (e instanceof MlflowError) throw e;
    throw new MlflowError('INTERNAL_ERROR', `cannot open tracking database ${dbPath}: ${(e as Error).message}`);
  }
}
