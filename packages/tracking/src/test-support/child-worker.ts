// A child process for the crash and concurrency tests, run with `node --import tsx` (see processes.ts).
// It prints one JSON line per milestone on stdout so the parent knows how far it got.
import { LocalArtifactRepository } from '../artifacts/local.js';
import { SqliteTrackingStore } from '../sqlite/store.js';

const [mode, dbPath, ...rest] = process.argv.slice(2);
const say = (o: object): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

async function main(): Promise<void> {
  if (mode === 'metrics') {
    // log `count` metrics one call (one transaction) at a time into a shared run, plus a run of our own
    const [runId, worker, count] = [rest[0], Number(rest[1]), Number(rest[2])];
    const store = new SqliteTrackingStore({ dbPath });
    const own = (await store.createRun({ experiment_id: '0', run_name: `worker-${worker}` })).run.info.run_id;
    for (let i = 0; i < count; i++) {
      await store.logMetric({ run_id: runId, key: 'shared', value: worker + i / 1000, timestamp: Date.now(), step: worker * 100_000 + i });
      if (i % 20 === 0) await store.logParam({ run_id: own, key: `p${i}`, value: String(i) });
    }
    await store.updateRun({ run_id: own, status: 'FINISHED', end_time: Date.now() });
    await store.close();
    say({ done: count });
  } else if (mode === 'log-forever') {
    // batches of 50 metrics until killed
    const runId = rest[0];
    const store = new SqliteTrackingStore({ dbPath });
    for (let batch = 0; ; batch++) {
      const metrics = Array.from({ length: 50 }, (_, i) => ({ key: `m${i % 5}`, value: Math.random(), timestamp: Date.now(), step: batch * 50 + i }));
      await store.logBatch({ run_id: runId, metrics, params: [{ key: `b${batch}`, value: String(batch) }] });
      if (batch % 10 === 0) say({ batch });
    }
  } else if (mode === 'write-forever') {
    // rewrites one big artifact until killed, so the kill lands mid-write
    const [root, path, size] = [dbPath, rest[0], Number(rest[1])];
    const repo = new LocalArtifactRepository(root);
    for (let i = 0; ; i++) {
      await repo.write(path, Buffer.alloc(size, i % 251));
      say({ written: i });
    }
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
