import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import type { TreeArrays } from '../tree/builder.js';
import { ForestWorkspace, growForestTree, type ForestJob } from './forest-grow.js';
import { helpers, newJobId, receive, resolveJobs } from './worker-pool.js';

/** Slots of the shared control array. */
export const CONTROL_NEXT = 0;
export const CONTROL_FINISHED = 1;
export const CONTROL_ERROR = 2;

/** sklearn's n_jobs: a positive count, or −1 for every core (or CUSTSEG_N_JOBS, see resolveJobs); never more than the trees. */
export function effectiveJobs(nJobs: number, nEstimators: number): number {
  return Math.max(1, Math.min(resolveJobs(nJobs), nEstimators));
}

/** A forest job as posted to a helper thread. */
export interface ForestJobMessage {
  readonly kind: 'forest';
  readonly id: number;
  readonly job: ForestJob;
  readonly control: Int32Array;
  /** Per tree: 1 once a thread has committed it (its result is the one kept). */
  readonly committed: Int32Array;
}

export type ForestResultMessage = { readonly id: number; readonly index: number; readonly tree: TreeArrays } | { readonly id: number; readonly error: string };

/**
 * Grows the forest's trees on `nJobs` threads: this one plus nJobs − 1 helpers of the worker pool, all
 * claiming tree indices from one shared counter. The data is shared (SharedArrayBuffers), trees come
 * back as transferred buffers. `fit` is synchronous, so this thread blocks on Atomics.wait and collects
 * the helpers' messages with receiveMessageOnPort. Tree i depends only on (job, i), so the result is
 * the same array of trees as a single thread grows, whichever thread grew which tree.
 *
 * A tree counts once committed (the first thread to finish it flips its flag). Out of trees to claim,
 * this thread waits about the time of a tree for the helpers' last ones, then grows those still
 * missing itself (a helper paused by a busy machine, or dead, delays nothing for longer). A helper that
 * has not started yet never claims a tree, and this thread grows whatever is left: the fit only gets
 * slower. An exception while growing a tree is rethrown here.
 */
export function growTreesInParallel(job: ForestJob, nJobs: number): { trees: TreeArrays[]; grownByWorkers: number } {
  const control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const committed = new Int32Array(new SharedArrayBuffer(job.nEstimators * Int32Array.BYTES_PER_ELEMENT));
  const trees: (TreeArrays | undefined)[] = new Array(job.nEstimators);
  const id = newJobId();
  const team = helpers(nJobs - 1);
  const message: ForestJobMessage = { kind: 'forest', id, job, control, committed };
  for (const h of team) h.port.postMessage(message);
  const ws = new ForestWorkspace(job);
  const grow = (index: number): void => {
    const tree = growForestTree(ws, index);
    if (Atomics.compareExchange(committed, index, 0, 1) !== 0) return;
    trees[index] = tree;
    Atomics.add(control, CONTROL_FINISHED, 1);
  };
  let treeMs = 0;
  try {
    for (;;) {
      const index = Atomics.add(control, CONTROL_NEXT, 1);
      if (index >= job.nEstimators) break;
      const t0 = performance.now();
      grow(index);
      treeMs = performance.now() - t0;
    }
    const patience = performance.now() + treeMs;
    for (;;) {
      const finished = Atomics.load(control, CONTROL_FINISHED);
      if (Atomics.load(control, CONTROL_ERROR) !== 0 || finished >= job.nEstimators) break;
      const wait = patience - performance.now();
      if (wait > 0) {
        Atomics.wait(control, CONTROL_FINISHED, finished, wait);
        continue;
      }
      let index = 0;
      while (index < job.nEstimators && Atomics.load(committed, index) !== 0) index++;
      if (index < job.nEstimators) grow(index);
      else Atomics.wait(control, CONTROL_FINISHED, finished, 1);
    }
  } finally {
    // Past the end: a helper getting the job late (or after an exception here) finds nothing to claim.
    Atomics.store(control, CONTROL_NEXT, job.nEstimators);
  }
  let grownByWorkers = 0;
  for (const h of team) {
    for (const m of receive<ForestResultMessage>(h, id)) {
      if ('error' in m) throw new Error(`RandomForestClassifier: a worker thread failed: ${m.error}`);
      trees[m.index] = m.tree;
      grownByWorkers++;
    }
  }
  let missing = 0;
  for (let i = 0; i < trees.length; i++) if (trees[i] === undefined) missing++;
  if (missing > 0) throw new Error(`RandomForestClassifier: ${missing} trees never came back from the worker threads`);
  return { trees: trees as TreeArrays[], grownByWorkers };
}

/**
 * The helper's side (pool-worker.ts): claims tree indices until none are left, posting each grown and
 * committed tree (its buffers transferred, not copied) as soon as it is done, then bumping the shared
 * "finished" count the blocked fitting thread waits on. A tree the fitting thread committed first is dropped.
 */
export function forestHelper({ id, job, control, committed }: ForestJobMessage, port: MessagePort): void {
  try {
    let ws: ForestWorkspace | null = null;
    for (;;) {
      const index = Atomics.add(control, CONTROL_NEXT, 1);
      if (index >= job.nEstimators) break;
      ws ??= new ForestWorkspace(job);
      const tree = growForestTree(ws, index);
      if (Atomics.compareExchange(committed, index, 0, 1) !== 0) continue;
      const message: ForestResultMessage = { id, index, tree };
      // The builder's output arrays are fresh slices, so their buffers are plain ArrayBuffers we may give away.
      const buffers = [tree.feature, tree.threshold, tree.left, tree.right, tree.value].map((a) => a.buffer as ArrayBuffer);
      port.postMessage(message, buffers);
      Atomics.add(control, CONTROL_FINISHED, 1);
      Atomics.notify(control, CONTROL_FINISHED);
    }
  } catch (e) {
    const message: ForestResultMessage = { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    port.postMessage(message);
    Atomics.store(control, CONTROL_ERROR, 1);
    Atomics.notify(control, CONTROL_FINISHED);
  }
}
