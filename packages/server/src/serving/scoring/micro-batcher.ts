import type { RowBatch } from './row-batch.js';
import type { ScoredBatch } from './score.js';

/** Called once the batch holding the caller's row is scored (or failed as a whole). */
export type ScoredCallback = (err: unknown, scored: ScoredBatch | null) => void;

/**
 * Coalesces single-row requests that arrive in the same event-loop turn into one predictProba call.
 *
 * Why: a call has a fixed cost (a frame for the batch, the estimator's output arrays, the response bookkeeping:
 * a few µs even with the pipeline's compiled row plan), while each extra row in the same call costs ~1 µs. Requests whose bodies were parsed in one I/O phase are scored together in
 * the following check phase (setImmediate), so a lone request waits no timer and concurrent ones share the cost.
 * Each batch belongs to one loaded model, so a response is always produced by the model that validated it.
 */
export class MicroBatcher {
  private pending: RowBatch | null = null;
  private waiters: ScoredCallback[] = [];

  constructor(
    private readonly newBatch: () => RowBatch,
    private readonly score: (batch: RowBatch) => ScoredBatch,
    private readonly maxRows = 256,
  ) {}

  /** The batch the caller's next row goes into (a flush is scheduled when a batch is opened). */
  batch(): RowBatch {
    if (this.pending === null) {
      this.pending = this.newBatch();
      setImmediate(this.flush);
    }
    return this.pending;
  }

  /** Resolves with the scored batch holding the row the caller just committed into `batch()`. */
  result(): Promise<ScoredBatch> {
    return new Promise<ScoredBatch>((resolve, reject) => this.whenScored((err, scored) => (scored === null ? reject(err) : resolve(scored))));
  }

  /**
   * `result()` as a callback, for the single-row hot path: no promise per request. The callback runs in the
   * check phase that scores the batch, or right away when this row filled it; it must not throw (the other
   * rows' callbacks would not run).
   */
  whenScored(done: ScoredCallback): void {
    this.waiters.push(done);
    if (this.pending !== null && this.pending.n >= this.maxRows) this.flush();
  }

  private readonly flush = (): void => {
    const batch = this.pending;
    const waiters = this.waiters;
    this.pending = null;
    this.waiters = [];
    if (batch === null || waiters.length === 0) return;
    let scored: ScoredBatch;
    try {
      scored = this.score(batch);
    } catch (e) {
      for (const done of waiters) done(e, null);
      return;
    }
    for (const done of waiters) done(null, scored);
  };
}
