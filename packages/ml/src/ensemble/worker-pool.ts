import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * Helper threads for the ensembles' fits (forests grow trees on them, gradient boosting the trees of
 * its classes). They are started on first need and kept for later fits, so that a fit pays neither
 * the start of a thread nor the compilation of its code again; they are unref'd and never keep the
 * process alive. Work is handed out through shared memory (the data on SharedArrayBuffers, claims on
 * a shared counter) and results come back as messages that the fitting thread, blocked in a
 * synchronous fit, reads with receiveMessageOnPort.
 *
 * Whatever runs on a helper must give the same result as on the calling thread: which thread does
 * which piece of work never shows in a fitted model.
 */

/** Environment variable capping the threads of nJobs = −1 (the default): a positive integer. */
export const N_JOBS_ENV = 'CUSTSEG_N_JOBS';

/**
 * Threads for an nJobs option: a positive count as given; −1 means CUSTSEG_N_JOBS when that is a
 * positive integer, else every core (os.availableParallelism()).
 */
export function resolveJobs(nJobs: number): number {
  if (nJobs !== -1) return nJobs;
  const env = Number(process.env[N_JOBS_ENV]);
  return Number.isInteger(env) && env >= 1 ? env : availableParallelism();
}

export interface Helper {
  readonly worker: Worker;
  /** Our end of the helper's channel: jobs go out, results come back. */
  readonly port: MessagePort;
  alive: boolean;
}

const pool: Helper[] = [];
let lastJobId = 0;

/** A fresh id for a job, carried by every message about it. */
export function newJobId(): number {
  return ++lastJobId;
}

/**
 * Up to `count` helper threads (none for count <= 0). A helper that failed to start or died is
 * replaced. A helper still loading its code takes its first job when ready: callers never wait for one.
 */
export function helpers(count: number): Helper[] {
  for (let i = pool.length - 1; i >= 0; i--) if (!pool[i].alive) pool.splice(i, 1);
  while (pool.length < count) {
    const helper = spawn();
    if (helper === null) break;
    pool.push(helper);
  }
  return pool.slice(0, Math.max(0, count));
}

/** The messages of job `id` waiting on the helper's port; messages of earlier jobs are dropped. */
export function receive<T extends { id: number }>(helper: Helper, id: number): T[] {
  const out: T[] = [];
  let m: { message: T } | undefined;
  while ((m = receiveMessageOnPort(helper.port) as { message: T } | undefined) !== undefined) if (m.message.id === id) out.push(m.message);
  return out;
}

/**
 * Built code runs pool-worker.js directly. Under the TypeScript sources (tests, tsx) Node 20 cannot
 * load pool-worker.ts in a worker by itself (and ignores --import tsx there), so a one-line bootstrap
 * loads it through tsx's ESM API, located through tsx's package exports. A helper that fails to load
 * only means fewer threads: its 'error' event marks it dead, and its jobs are done by the caller.
 */
function spawn(): Helper | null {
  const { port1, port2 } = new MessageChannel();
  const here = import.meta.url;
  let worker: Worker;
  try {
    if (!here.endsWith('.ts')) worker = new Worker(new URL('./pool-worker.js', here), { workerData: { port: port2 }, transferList: [port2] });
    else {
      const entry = new URL('./pool-worker.ts', here).href;
      const code = `import(${JSON.stringify(tsxEsmApi(here))}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
      worker = new Worker(code, { eval: true, workerData: { port: port2 }, transferList: [port2] });
    }
  } catch {
    port1.close();
    return null;
  }
  const helper: Helper = { worker, port: port1, alive: true };
  const dead = (): void => {
    helper.alive = false;
  };
  worker.on('error', dead);
  worker.on('exit', dead);
  worker.unref();
  port1.unref();
  return helper;
}

function tsxEsmApi(from: string): string {
  const pkgPath = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(resolve(dirname(pkgPath), pkg.exports['./esm/api'].import.default)).href;
}
