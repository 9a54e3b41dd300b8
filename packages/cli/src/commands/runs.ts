import { UserError } from '@custseg/ml';
import { isMlflowError, type Run, type TrackingStore } from '@custseg/tracking';
import { openTracking } from '../tracking/store.js';
import { intOption, parseCommandArgs } from '../util/args.js';
import { fmt, out } from '../util/output.js';
import { isoTime, table } from '../util/table.js';

export const RUNS_HELP = `Usage: custseg runs list [--experiment NAME] [--filter EXPR] [--order-by EXPR] [--max N] [--json]
       custseg runs show RUN_ID [--json]
       custseg runs compare RUN_ID RUN_ID [RUN_ID ...] [--json]

Training runs of the tracking store (CUSTSEG_TRACKING_URI / MLFLOW_TRACKING_URI, else ./.custseg).
  list      runs of an experiment, newest first (MLflow's search syntax:
            --filter "metrics.accuracy > 0.5 and params.preset = 'best'" --order-by "metrics.accuracy DESC")
  show      one run's params, metrics, tags and artifacts
  compare   params and metrics side by side; rows that differ are marked with *

Options:
  --experiment NAME    default customer-segmentation
  --filter EXPR        MLflow search filter
  --order-by EXPR      e.g. "metrics.accuracy DESC" (default start time, newest first)
  --max N              at most N runs (default 50)
  --tracking-uri URI   the tracking store
  --json               machine-readable output
  -h, --help           this help
`;

export async function runsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    out(RUNS_HELP);
    return sub === undefined ? 2 : 0;
  }
  const { values, positionals } = parseCommandArgs(
    'runs',
    rest,
    {
      experiment: { type: 'string' },
      filter: { type: 'string' },
      'order-by': { type: 'string' },
      max: { type: 'string' },
      'tracking-uri': { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (values.help) {
    out(RUNS_HELP);
    return 0;
  }
  const store = openTracking(values['tracking-uri']);
  try {
    switch (sub) {
      case 'list': {
        const max = intOption('runs', values.max, 'max', 50, 1, 50_000);
        return await list(store, values.experiment ?? 'customer-segmentation', values.filter, values['order-by'], max, values.json === true);
      }
      case 'show':
        if (positionals.length !== 1) throw new UserError('custseg runs show: give one RUN_ID');
        return await show(store, positionals[0], values.json === true);
      case 'compare':
        if (positionals.length < 2) throw new UserError('custseg runs compare: give two or more RUN_IDs');
        return await compare(store, positionals, values.json === true);
      default:
        throw new UserError(`custseg runs: unknown subcommand "${sub}"; expected list, show or compare`);
    }
  } finally {
    await store.close();
  }
}

const metric = (run: Run, key: string) => run.data.metrics?.find((m) => m.key === key)?.value;
const param = (run: Run, key: string) => run.data.params?.find((p) => p.key === key)?.value;

async function list(store: TrackingStore, experiment: string, filter: string | undefined, orderBy: string | undefined, max: number, json: boolean): Promise<number> {
  let experimentId: string;
  try {
    experimentId = (await store.getExperimentByName({ experiment_name: experiment })).experiment.experiment_id;
  } catch (e) {
    if (!isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw e;
    throw new UserError(`custseg runs: no experiment named "${experiment}" (custseg train logs to customer-segmentation by default)`);
  }
  const r = await store.searchRuns({
    experiment_ids: [experimentId],
    max_results: max,
    ...(filter ? { filter } : {}),
    ...(orderBy ? { order_by: [orderBy] } : {}),
  });
  const runs = r.runs ?? [];
  if (json) {
    out(JSON.stringify({ runs }));
    return 0;
  }
  if (runs.length === 0) {
    out(`no runs in ${experiment}${filter ? ` matching ${filter}` : ''}`);
    return 0;
  }
  out(
    table(
      ['run', 'name', 'status', 'started', 'preset', 'accuracy', 'macro_f1', 'log_loss', 'cv_acc'],
      runs.map((run) => [
        run.info.run_id,
        run.info.run_name ?? '',
        run.info.status,
        isoTime(run.info.start_time),
        param(run, 'preset') ?? '',
        fmt(metric(run, 'accuracy')),
        fmt(metric(run, 'macro_f1')),
        fmt(metric(run, 'log_loss')),
        fmt(metric(run, 'cv_mean_accuracy')),
      ]),
    ),
  );
  return 0;
}

async function show(store: TrackingStore, runId: string, json: boolean): Promise<number> {
  const { run } = await store.getRun({ run_id: runId });
  const artifacts = await listAll(store, runId);
  if (json) {
    out(JSON.stringify({ run, artifacts }));
    return 0;
  }
  const i = run.info;
  out(`run ${i.run_id} (${i.run_name ?? ''}) — ${i.status}, experiment ${i.experiment_id}, started ${isoTime(i.start_time)}${i.end_time ? `, ended ${isoTime(i.end_time)}` : ''}`);
  out(`artifacts: ${i.artifact_uri}\n`);
  out('metrics:');
  out(table(['key', 'value', 'step'], (run.data.metrics ?? []).map((m) => [m.key, String(m.value), String(m.step)])));
  out('params:');
  out(table(['key', 'value'], (run.data.params ?? []).map((p) => [p.key, p.value])));
  out('tags:');
  out(table(['key', 'value'], (run.data.tags ?? []).map((t) => [t.key, t.value])));
  out('artifact files:');
  for (const f of artifacts) out(`  ${f}`);
  return 0;
}

async function listAll(store: TrackingStore, runId: string, path?: string): Promise<string[]> {
  const { files } = await store.listArtifacts({ run_id: runId, ...(path ? { path } : {}) });
  const out: string[] = [];
  for (const f of files ?? []) {
    if (f.is_dir) out.push(...(await listAll(store, runId, f.path)));
    else out.push(f.path);
  }
  return out;
}

async function compare(store: TrackingStore, runIds: string[], json: boolean): Promise<number> {
  const runs = await Promise.all(runIds.map(async (run_id) => (await store.getRun({ run_id })).run));
  const keys = (pick: (r: Run) => { key: string }[] | undefined) => [...new Set(runs.flatMap((r) => (pick(r) ?? []).map((x) => x.key)))].sort();
  const metricKeys = keys((r) => r.data.metrics);
  const paramKeys = keys((r) => r.data.params);
  const metricRows = metricKeys.map((k) => [k, ...runs.map((r) => (metric(r, k) === undefined ? '' : String(metric(r, k))))]);
  const paramRows = paramKeys.map((k) => [k, ...runs.map((r) => param(r, k) ?? '')]);
  if (json) {
    const side = (rows: string[][]) => rows.map(([key, ...values]) => ({ key, values, differs: new Set(values).size > 1 }));
    out(JSON.stringify({ runs: runIds, metrics: side(metricRows), params: side(paramRows) }));
    return 0;
  }
  const differing = (rows: string[][]) => new Set(rows.map((r, i) => (new Set(r.slice(1)).size > 1 ? i : -1)).filter((i) => i >= 0));
  const header = ['', ...runs.map((r) => r.info.run_name || r.info.run_id.slice(0, 8))];
  out('metrics (* = differs):');
  out(table(header, metricRows, differing(metricRows)));
  out('params (* = differs):');
  out(table(header, paramRows, differing(paramRows)));
  return 0;
}

