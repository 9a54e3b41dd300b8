import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { helpers, newJobId, receive, type Helper } from '../worker-pool.js';
import { TreeGrower, type GrowerData, type GrowerParams } from './grower.js';
import type { TreeArrays } from './trees.js';

/** Slots of the shared control array. */
const NEXT = 0;
const LIMIT = 1;
const DONE = 2;
const STOP = 3;
const ERROR = 4;

/** A boosting fit as posted to a helper thread: the data, and the per-class arrays on SharedArrayBuffers. */
export interface HgbJobMessage {
  readonly kind: 'hgb';
  readonly id: number;
  readonly data: GrowerData;
  readonly params: GrowerParams;
  readonly gradients: readonly Float32Array[];
  readonly hessians: readonly Float32Array[];
  readonly raw: readonly Float64Array[];
  readonly control: Int32Array;
  /** Per tree (iteration · K + class): 1 once a thread has committed it. */
  readonly committed: Int32Array;
}

/** Trees helpers have grown (committed) in this process: for tests, which check that helpers really work. */
let helperTrees = 0;

export function treesGrownByHelpers(): number {
  return helperTrees;
}

type HgbResultMessage = { readonly id: number; readonly t: number; readonly tree: TreeArrays } | { readonly id: number; readonly error: string };

/**
 * The trees of each boosting iteration grown on several threads. With K classes an iteration grows K
 * trees that depend on nothing but their class's gradients and hessians (computed before, for all
 * classes at once) and the binned data; each adds its leaf values to its own class's raw predictions.
 * So any thread may grow any of them: threads claim trees (numbered iteration · K + class) from a shared
 * counter, up to a limit this thread raises once the iteration's gradients are ready, and every tree
 * is exactly what one thread would grow (scikit-learn parallelises inside a tree instead; its trees
 * are the same on any number of threads too).
 *
 * A tree counts once it is committed: the first thread to finish it flips its flag and only then adds
 * its leaf values to the raw predictions. So this thread, out of trees to claim, grows the trees still
 * in a helper's hands itself rather than wait for a helper the system has paused (a shared machine);
 * whichever copy finishes second is dropped (a grow gives up as soon as the tree is committed). The
 * model is the same whoever commits.
 *
 * gradients, hessians and raw must live on SharedArrayBuffers. A helper that has not started yet
 * claims nothing, and this thread grows whatever is left.
 */
export class ParallelTrees {
  /** How long this thread took for its last tree (ms): how long it waits for a helper's before growing it too. */
  private treeMs = 0;

  private constructor(
    private readonly id: number,
    private readonly team: Helper[],
    private readonly control: Int32Array,
    private readonly committed: Int32Array,
    private readonly grower: TreeGrower,
    private readonly gradients: readonly Float32Array[],
    private readonly hessians: readonly Float32Array[],
    private readonly raw: readonly Float64Array[],
  ) {}

  /** Hands the fit (up to maxIter iterations) to up to `nHelpers` helper threads; null when there are none to have. */
  static start(
    nHelpers: number,
    maxIter: number,
    grower: TreeGrower,
    data: GrowerData,
    params: GrowerParams,
    gradients: readonly Float32Array[],
    hessians: readonly Float32Array[],
    raw: readonly Float64Array[],
  ): ParallelTrees | null {
    const team = helpers(nHelpers);
    if (team.length === 0) return null;
    const control = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
    const committed = new Int32Array(new SharedArrayBuffer(maxIter * gradients.length * Int32Array.BYTES_PER_ELEMENT));
    const id = newJobId();
    const message: HgbJobMessage = { kind: 'hgb', id, data, params, gradients, hessians, raw, control, committed };
    for (const h of team) h.port.postMessage(message);
    return new ParallelTrees(id, team, control, committed, grower, gradients, hessians, raw);
  }

  /** The K trees of iteration `iter` (the gradients and hessians of every class already computed). */
  growIteration(iter: number): TreeArrays[] {
    const c = this.control;
    const committed = this.committed;
    const K = this.gradients.length;
    const first = iter * K;
    const end = first + K;
    const trees: (TreeArrays | undefined)[] = new Array(K);
    Atomics.store(c, LIMIT, end);
    Atomics.notify(c, LIMIT);
    for (;;) {
      const t = Atomics.load(c, NEXT);
      if (t >= end) break;
      if (Atomics.compareExchange(c, NEXT, t, t + 1) !== t) continue;
      const t0 = performance.now();
      this.growAndCommit(t, first, trees);
      this.treeMs = performance.now() - t0;
    }
    // Trees still with the helpers: give them about the time of a tree, then grow them too rather than
    // wait on (the helper may be paused by a busy machine; a helper that is running finishes first).
    const patience = performance.now() + this.treeMs;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= end || Atomics.load(c, ERROR) !== 0) break;
      const wait = patience - performance.now();
      if (wait > 0) {
        Atomics.wait(c, DONE, done, wait);
        continue;
      }
      let t = first;
      while (t < end && Atomics.load(committed, t) !== 0) t++;
      if (t < end) this.growAndCommit(t, first, trees);
      else Atomics.wait(c, DONE, done, 1);
    }
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= end || Atomics.load(c, ERROR) !== 0) break;
      Atomics.wait(c, DONE, done, 1000);
    }
    for (const h of this.team) {
      for (const m of receive<HgbResultMessage>(h, this.id)) {
        if ('error' in m) throw new Error(`HistGradientBoostingClassifier: a worker thread failed: ${m.error}`);
        trees[m.t - first] = m.tree;
        helperTrees++;
      }
    }
    for (let k = 0; k < K; k++) if (trees[k] === undefined) throw new Error(`HistGradientBoostingClassifier: tree ${first + k} never came back from a worker thread`);
    return trees as TreeArrays[];
  }

  private growAndCommit(t: number, first: number, trees: (TreeArrays | undefined)[]): void {
    const k = t - first;
    const tree = this.grower.growTree(this.gradients[k], this.hessians[k], this.committed, t);
    if (tree === null || Atomics.compareExchange(this.committed, t, 0, 1) !== 0) return;
    this.grower.addLeafValues(this.raw[k]);
    trees[k] = tree;
    Atomics.add(this.control, DONE, 1);
  }

  /** Ends the fit for the helpers (always call it, also when the fit fails). */
  stop(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.notify(this.control, LIMIT);
  }
}

/** The helper's side (pool-worker.ts): grows claimed trees until the fitting thread says stop. */
export function hgbHelper(message: HgbJobMessage, port: MessagePort): void {
  const { id, control: c, committed, gradients, hessians, raw } = message;
  const K = gradients.length;
  try {
    if (Atomics.load(c, STOP) !== 0) return;
    const grower = new TreeGrower(message.data, message.params);
    for (;;) {
      if (Atomics.load(c, STOP) !== 0) return;
      const limit = Atomics.load(c, LIMIT);
      const t = Atomics.load(c, NEXT);
      if (t >= limit) {
        Atomics.wait(c, LIMIT, limit, 1000);
        continue;
      }
      if (Atomics.compareExchange(c, NEXT, t, t + 1) !== t) continue;
      const k = t % K;
      const tree = grower.growTree(gradients[k], hessians[k], committed, t);
      // Committed by the fitting thread meanwhile: drop this copy.
      if (tree === null || Atomics.compareExchange(committed, t, 0, 1) !== 0) continue;
      grower.addLeafValues(raw[k]);
      const result: HgbResultMessage = { id, t, tree };
      port.postMessage(result, treeBuffers(tree));
      Atomics.add(c, DONE, 1);
      Atomics.notify(c, DONE);
    }
  } catch (e) {
    const result: HgbResultMessage = { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    port.postMessage(result);
    Atomics.store(c, ERROR, 1);
    Atomics.notify(c, DONE);
  }
}

/** A grown tree's arrays are its own (emptyTree), so their buffers may be given away. */
function treeBuffers(t: TreeArrays): ArrayBuffer[] {
  return [t.feature, t.threshold, t.bin, t.missingLeft, t.left, t.right, t.value, t.bitsetIndex, t.bitsets].map((a) => a.buffer as ArrayBuffer);
}
