import { workerData, type MessagePort } from 'node:worker_threads';
import type { TreeArrays } from '../tree/builder.js';
import { ForestWorkspace, growForestTree, type ForestJob } from './forest-grow.js';
import { CONTROL_ERROR, CONTROL_FINISHED, CONTROL_NEXT } from './forest-parallel.js';

/**
 * Worker-thread entry of RandomForestClassifier.fit with nJobs > 1: claims tree indices from the shared
 * counter until none are left, posting each grown tree (its buffers transferred, not copied) as soon as
 * it is done, then bumping the shared "finished" count the blocked main thread waits on.
 */
export interface ForestWorkerData {
  readonly job: ForestJob;
  readonly control: Int32Array;
  readonly port: MessagePort;
}

export type ForestWorkerMessage = { readonly index: number; readonly tree: TreeArrays } | { readonly error: string };

function run({ job, control, port }: ForestWorkerData): void {
  try {
    const ws = new ForestWorkspace(job);
    for (;;) {
      const index = Atomics.add(control, CONTROL_NEXT, 1);
      if (index >= job.nEstimators) break;
      const tree = growForestTree(ws, index);
      const message: ForestWorkerMessage = { index, tree };
      // The builder's output arrays are fresh slices, so their buffers are plain ArrayBuffers we may give away.
      const buffers = [tree.feature, tree.threshold, tree.left, tree.right, tree.value].map((a) => a.buffer as ArrayBuffer);
      port.postMessage(message, buffers);
      Atomics.add(control, CONTROL_FINISHED, 1);
      Atomics.notify(control, CONTROL_FINISHED);
    }
  } catch (e) {
    const message: ForestWorkerMessage = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    port.postMessage(message);
    Atomics.store(control, CONTROL_ERROR, 1);
    Atomics.notify(control, CONTROL_FINISHED);
  } finally {
    port.close();
  }
}

run(workerData as ForestWorkerData);
