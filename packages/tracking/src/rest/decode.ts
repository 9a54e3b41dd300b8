import type { DatasetInput, Experiment, FileInfo, Metric, ModelVersion, RegisteredModel, Run, RunInfo } from '../types.js';

// MLflow's protobuf JSON leaves out empty repeated fields and writes non-finite doubles as strings; the
// TrackingStore types promise arrays and numbers, so every response is put back into that shape here.

const list = <T>(v: T[] | undefined, each?: (x: T) => T): T[] => (Array.isArray(v) ? (each ? v.map(each) : v) : []);

export function metricValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  // "NaN", and the null a server without protobuf's encoding writes for it
  if (v === 'NaN' || v === null) return NaN;
  return Number(v);
}

export function metric(m: Metric): Metric {
  return { ...m, value: metricValue(m.value), step: m.step ?? 0 };
}

export function experiment(e: Experiment): Experiment {
  return { ...e, tags: list(e.tags) };
}

export function runInfo(i: RunInfo): RunInfo {
  return { ...i };
}

function datasetInput(d: DatasetInput): DatasetInput {
  return { ...d, tags: list(d.tags) };
}

export function run(r: Run): Run {
  const data = r.data ?? ({} as Partial<Run['data']>);
  return {
    info: runInfo(r.info),
    data: { metrics: list(data.metrics, metric), params: list(data.params), tags: list(data.tags) },
    inputs: { dataset_inputs: list(r.inputs?.dataset_inputs, datasetInput) },
  };
}

export function modelVersion(v: ModelVersion): ModelVersion {
  return { ...v, tags: list(v.tags), aliases: list(v.aliases) };
}

export function registeredModel(m: RegisteredModel): RegisteredModel {
  return { ...m, latest_versions: list(m.latest_versions, modelVersion), tags: list(m.tags), aliases: list(m.aliases) };
}

export function files(f: FileInfo[] | undefined): FileInfo[] {
  return list(f);
}

/** The page fields: the items (restored) and the token only when there is one. */
export function page<K extends string, T>(key: K, body: Partial<Record<K, T[]>> & { next_page_token?: string }, each: (x: T) => T): Record<K, T[]> & { next_page_token?: string } {
  const out = { [key]: list(body[key], each) } as Record<K, T[]> & { next_page_token?: string };
  if (body.next_page_token) out.next_page_token = body.next_page_token;
  return out;
}
