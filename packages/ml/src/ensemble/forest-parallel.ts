import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { TreeArrays } from '../tree/builder.js';
import { ForestWorkspace, growForestTree, type ForestJob } from './forest-grow.js';
import type { ForestWorkerData, ForestWorkerMessage } from './forest-worker.js';

/** Slots of the shared control array. */
export const CONTROL_NEXT = 0;
export const CONTROL_FINISHED = 1;
export const CONTROL_ERROR = 2;

/** sklearn's n_jobs: a positive count, or -1 for every core. */
export function effectiveJobs(nJobs: number, nEstimators: number): number {
  const wanted = nJobs === -1 ? availableParallelism() : nJobs;
  return Math.max(1, Math.min(wanted, nEstimators));
}

/**
 * Grows the forest's trees on `nJobs` threads: this one plus nJobs − 1 workers, all claiming tree
 * indices from one shared counter. The data is shared (SharedArrayBuffers), trees come back as
 * transferred buffers. `fit` is synchronous, so this thread blocks on Atomics.wait and collects the
 * workers' messages with receiveMessageOnPort. Tree i depends only on (job, i), so the result is the
 * same array of trees as a single thread grows, whichever thread grew which tree.
 *
 * A worker that fails to start never claims a tree, and this thread grows whatever is left: the fit
 * only gets slower. An exception while growing a tree is rethrown here.
 */
export function growTreesInParallel(job: ForestJob, nJobs: number): { trees: TreeArrays[]; grownByWorkers: number } {
  const control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const helpers: { worker: Worker; port: MessagePort }[] = [];
  const trees: (TreeArrays | undefined)[] = new Array(job.nEstimators);
  try {
    for (let h = 0; h < nJobs - 1; h++) {
      const { port1, port2 } = new MessageChannel();
      const data: ForestWorkerData = { job, control, port: port2 };
      const worker = spawn(data, port2);
      worker.unref();
      helpers.push({ worker, port: port1 });
    }
    const ws = new ForestWorkspace(job);
    for (;;) {
      const index = Atomics.add(control, CONTROL_NEXT, 1);
      if (index >= job.nEstimators) break;
      trees[index] = growForestTree(ws, index);
      Atomics.add(control, CONTROL_FINISHED, 1);
    }
    for (;;) {
      const finished = Atomics.load(control, CONTROL_FINISHED);
      if (Atomics.load(control, CONTROL_ERROR) !== 0 || finished >= job.nEstimators) break;
      Atomics.wait(control, CONTROL_FINISHED, finished, 1000);
    }
    let missing = 0;
    let grownByWorkers = 0;
    for (const { port } of helpers) {
      let m: { message: ForestWorkerMessage } | undefined;
      while ((m = receiveMessageOnPort(port) as { message: ForestWorkerMessage } | undefined) !== undefined) {
        if ('error' in m.message) throw new Error(`RandomForestClassifier: a worker thread failed: ${m.message.error}`);
        trees[m.message.index] = m.message.tree;
        grownByWorkers++;
      }
    }
    for (let i = 0; i < trees.length; i++) if (trees[i] === undefined) missing++;
    if (missing > 0) throw new Error(`RandomForestClassifier: ${missing} trees never came back from the worker threads`);
    return { trees: trees as TreeArrays[], grownByWorkers };
  } finally {
    for (const { worker, port } of helpers) {
      port.close();
      void worker.terminate();
    }
  }
}

/**
 * Built code runs forest-worker.js directly. Under the TypeScript sources (tests, tsx) Node 20 cannot
 * load forest-worker.ts in a worker by itself (and ignores --import tsx there), so a one-line bootstrap
 * loads it through tsx's ESM API, located through tsx's package exports. A worker that fails to load
 * only means fewer threads: its 'error' event is swallowed and this thread grows its trees.
 */
function spawn(workerData: ForestWorkerData, port: MessagePort): Worker {
  const here = import.meta.url;
  let worker: Worker;
  if (!here.endsWith('.ts')) worker = new Worker(new URL('./forest-worker.js', here), { workerData, transferList: [port] });
  else {
    const entry = new URL('./forest-worker.ts', here).href;
    const code = `import(${JSON.stringify(tsxEsmApi(here))}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
    worker = new Worker(code, { eval: true, workerData, transferList: [port] });
  }
  worker.on('error', () => undefined);
  return worker;
}

function tsxEsmApi(from: string): string {
  const pkgPath = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(resolve(dirname(pkgPath), pkg.exports['./esm/api'].import.default)).href;
}
