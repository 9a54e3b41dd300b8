import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset, parseCsvText, serializeModel, synthCsvChunks, trainModel } from '@custseg/ml';
import { startBenchServer, type BenchServer } from './children.js';
import { uploadCsv, type CsvUploadResult } from './csv-upload.js';
import { combineLoads, LatencySamples, runLoad, type LoadOptions, type LoadResult } from './load.js';
import { SyntheticRows } from './synthetic-rows.js';

export interface ServingBenchOptions {
  /** Seconds per load run (default 5). */
  readonly durationSeconds?: number;
  /**
   * Windows the single-row runs are cut into, alternating between bare and serving (default 5; 1 measures one
   * after the other).
   */
  readonly windows?: number;
  /** Connection counts for the single-row runs (default 8 and 64). */
  readonly connections?: readonly number[];
  /** Rows in the batch request (default 1,000). */
  readonly batchRows?: number;
  /** Rows in the CSV upload (default 1,000,000). */
  readonly csvRows?: number;
  /** Also measure single-row requests with one access-log line per request (default false). */
  readonly withAccessLog?: boolean;
  readonly onProgress?: (message: string) => void;
}

export interface ServingBenchResult {
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly model: { readonly preset: string; readonly trainingRows: number };
  readonly single: readonly {
    readonly connections: number;
    /** Alternating windows the two were measured in (their figures are over all windows). */
    readonly windows: number;
    readonly bare: Measured;
    readonly serving: Measured;
    readonly ratio: number;
    readonly servingWithAccessLog?: Measured;
  }[];
  readonly batch: Measured & { readonly rowsPerRequest: number; readonly rowsPerSecond: number };
  readonly csv: CsvUploadResult & { readonly peakRssMb: number; readonly serverCpuSeconds: number };
  readonly goals: Record<string, { readonly goal: string; readonly measured: string; readonly met: boolean }>;
}

/**
 * A load run and the server's own CPU time per request (user + system, so kernel networking included): on a
 * shared machine throughput moves with the neighbours' load, CPU per request much less.
 */
export type Measured = LoadResult & { readonly serverCpuMicrosPerRequest: number };

async function measured(server: BenchServer, run: () => Promise<LoadResult>): Promise<Measured> {
  const before = await server.usage();
  const r = await run();
  const after = await server.usage();
  return { ...r, serverCpuMicrosPerRequest: Math.round(((after.cpuSeconds - before.cpuSeconds) * 1e6) / Math.max(1, r.requests)) };
}

type Load = Omit<LoadOptions, 'durationSeconds' | 'samples'>;

/**
 * Two servers measured in alternating windows (a b b a a b ...) instead of one run each, one after the other:
 * on a shared machine the neighbours' load drifts from one second to the next, and the ratio of two runs taken
 * at different moments measures that drift as much as the servers. Each figure is over all of a server's
 * windows (requests summed, latency percentiles over every response, server CPU summed).
 */
async function alternating(a: [BenchServer, Load], b: [BenchServer, Load], seconds: number, windows: number): Promise<[Measured, Measured]> {
  const perWindow = seconds / windows;
  const acc = [a, b].map(([server, load]) => ({ server, load, runs: [] as LoadResult[], samples: new LatencySamples(), cpuSeconds: 0 }));
  for (let w = 0; w < windows; w++) {
    for (const x of w % 2 === 0 ? acc : [...acc].reverse()) {
      const before = await x.server.usage();
      x.runs.push(await runLoad({ ...x.load, durationSeconds: perWindow, samples: x.samples }));
      const after = await x.server.usage();
      x.cpuSeconds += after.cpuSeconds - before.cpuSeconds;
    }
  }
  const [ma, mb] = acc.map((x): Measured => {
    const r = combineLoads(x.runs, x.samples);
    return { ...r, serverCpuMicrosPerRequest: Math.round((x.cpuSeconds * 1e6) / Math.max(1, r.requests)) };
  });
  return [ma, mb];
}

/**
 * The serving benchmark: single-row POST /v1/predict throughput and latency at 8 and 64 connections against a
 * bare node:http server answering a fixed JSON in the same run (in alternating windows, see `alternating`; the
 * serving app with `custseg serve`'s default logging), a 1,000-row batch, and a 1,000,000-row CSV
 * upload streamed to POST /v1/predict/csv (rows/s and the server's peak RSS). Every server runs in its own
 * process; the load comes from this one. Bounded: about (2 × connections + 1) × duration seconds plus the upload.
 */
export async function runServingBench(options: ServingBenchOptions = {}): Promise<ServingBenchResult> {
  const duration = options.durationSeconds ?? 5;
  const windows = Math.max(1, Math.round(options.windows ?? 5));
  const connections = options.connections ?? [8, 64];
  const batchRows = options.batchRows ?? 1000;
  const csvRows = options.csvRows ?? 1_000_000;
  const log = options.onProgress ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'custseg-serving-bench-'));
  const servers: BenchServer[] = [];
  const start = async (mode: 'bare' | 'serving', accessLog = false): Promise<BenchServer> => {
    const s = await startBenchServer(mode, modelPath, accessLog);
    servers.push(s);
    return s;
  };
  const stop = async (s: BenchServer): Promise<void> => {
    await s.stop();
    servers.splice(servers.indexOf(s), 1);
  };
  const modelPath = join(dir, 'model.json');
  try {
    log('training the benchmark model (logistic, 8,000 synthetic customers)');
    const dataset = parseCsvText([...synthCsvChunks({ rows: 8000, seed: 1 })].join(''), { requireTarget: true });
    const doc = trainModel({ dataset, dataFile: 'synth.csv', config: getPreset('logistic').build(dataset.schema, 1), preset: 'logistic', seed: 1, testSize: 0 }).model;
    await writeFile(modelPath, serializeModel(doc));
    const rows = new SyntheticRows();
    const one = JSON.stringify(rows.objects(1)[0]);
    const post = { method: 'POST' as const, headers: { 'content-type': 'application/json' } };

    const single: ServingBenchResult['single'][number][] = [];
    for (const c of connections) {
      log(`single row, ${c} connections: bare node:http and POST /v1/predict, ${windows} alternating windows`);
      const bareServer = await start('bare');
      const servingServer = await start('serving');
      const bareLoad: Load = { url: `http://127.0.0.1:${bareServer.port}/`, connections: c, ...post, body: one };
      const servingLoad: Load = { url: `http://127.0.0.1:${servingServer.port}/v1/predict`, connections: c, ...post, body: one };
      await runLoad({ ...bareLoad, durationSeconds: 1 }); // warm-up
      await runLoad({ ...servingLoad, durationSeconds: 1 });
      const [bare, serving] = await alternating([bareServer, bareLoad], [servingServer, servingLoad], duration, windows);
      await stop(bareServer);
      await stop(servingServer);
      let servingWithAccessLog: Measured | undefined;
      if (options.withAccessLog) {
        log(`single row, ${c} connections: POST /v1/predict with access log`);
        const logged = await start('serving', true);
        await runLoad({ url: `http://127.0.0.1:${logged.port}/v1/predict`, connections: c, durationSeconds: 1, ...post, body: one }); // warm-up
        servingWithAccessLog = await measured(logged, () => runLoad({ url: `http://127.0.0.1:${logged.port}/v1/predict`, connections: c, durationSeconds: duration, ...post, body: one }));
        await stop(logged);
      }
      single.push({ connections: c, windows, bare, serving, ratio: round(serving.requestsPerSecond / bare.requestsPerSecond), ...(servingWithAccessLog ? { servingWithAccessLog } : {}) });
    }

    log(`batch of ${batchRows} rows, 8 connections`);
    const batchServer = await start('serving');
    const batchBody = JSON.stringify(rows.objects(batchRows));
    const batchUrl = `http://127.0.0.1:${batchServer.port}/v1/predict`;
    await runLoad({ url: batchUrl, connections: 8, durationSeconds: 1, ...post, body: batchBody }); // warm-up
    const batchLoad = await measured(batchServer, () => runLoad({ url: batchUrl, connections: 8, durationSeconds: duration, ...post, body: batchBody }));
    await stop(batchServer);

    log(`CSV upload of ${csvRows} rows`);
    const csvServer = await start('serving');
    const before = await csvServer.usage();
    const upload = await uploadCsv(csvServer.port, rows, csvRows);
    const after = await csvServer.usage();
    const peakRssMb = round(after.maxRssBytes / 2 ** 20);
    await stop(csvServer);
    if (upload.status !== 200 || upload.outputLines !== csvRows) {
      throw new Error(`CSV upload answered ${upload.status} with ${upload.outputLines} lines for ${csvRows} rows`);
    }

    const at8 = single.find((s) => s.connections === 8) ?? single[0];
    const goals: ServingBenchResult['goals'] = {
      single_row_throughput: { goal: '≥ 0.5 × bare node:http', measured: single.map((s) => `${s.ratio} × at ${s.connections} connections`).join(', '), met: single.every((s) => s.ratio >= 0.5) },
      single_row_p99_at_8: { goal: '≤ 2 ms at 8 connections', measured: `${at8.serving.p99Ms} ms`, met: at8.serving.p99Ms <= 2 },
      csv_rows_per_second: { goal: '≥ 300,000 rows/s', measured: `${Math.round(upload.rowsPerSecond)} rows/s`, met: upload.rowsPerSecond >= 300_000 },
      csv_peak_rss: { goal: '≤ 300 MB', measured: `${peakRssMb} MB`, met: peakRssMb <= 300 },
    };
    const { cpus, version } = await import('node:os').then((os) => ({ cpus: os.cpus().length, version: process.version }));
    return {
      machine: { cpus, node: version },
      model: { preset: 'logistic', trainingRows: 8000 },
      single,
      batch: { ...batchLoad, rowsPerRequest: batchRows, rowsPerSecond: Math.round(batchLoad.requestsPerSecond * batchRows) },
      csv: { ...upload, rowsPerSecond: Math.round(upload.rowsPerSecond), seconds: round(upload.seconds), peakRssMb, serverCpuSeconds: round(after.cpuSeconds - before.cpuSeconds) },
      goals,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
