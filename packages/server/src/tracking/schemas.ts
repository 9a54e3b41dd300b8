import { invalidParam, type TrackingStore } from '@custseg/tracking';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

// Request schemas shared by the endpoints, after MLflow's REST API reference ("Data Structures" section:
// ExperimentTag, RunTag, Param, Metric, DatasetInput, ...). They check types only; lengths, key syntax and
// every rule about state stay with the store, so one place decides them for the embedded and served store.

export interface TrackingRoutesOptions {
  store: TrackingStore;
}

export type TrackingRoutes = FastifyPluginAsyncTypebox<TrackingRoutesOptions>;

export const Tag = Type.Object({ key: Type.String(), value: Type.String() });

/** protobuf's JSON for a double: a number, or one of the strings it writes for the non-finite values. */
export const MetricValue = Type.Union([Type.Number(), Type.Literal('NaN'), Type.Literal('Infinity'), Type.Literal('-Infinity')]);

export const Metric = Type.Object({ key: Type.String(), value: MetricValue, timestamp: Type.Integer(), step: Type.Optional(Type.Integer()) });

export const Param = Type.Object({ key: Type.String(), value: Type.String() });

// "Dataset" and "InputTag" in the reference: name, digest, source_type and source are required
export const DatasetInput = Type.Object({
  tags: Type.Optional(Type.Array(Type.Object({ key: Type.String(), value: Type.String() }))),
  dataset: Type.Object({
    name: Type.String(),
    digest: Type.String(),
    source_type: Type.String(),
    source: Type.String(),
    schema: Type.Optional(Type.String()),
    profile: Type.Optional(Type.String()),
  }),
});

export const ViewType = Type.Union([Type.Literal('ACTIVE_ONLY'), Type.Literal('DELETED_ONLY'), Type.Literal('ALL')]);

export const RunStatus = Type.Union([
  Type.Literal('RUNNING'),
  Type.Literal('SCHEDULED'),
  Type.Literal('FINISHED'),
  Type.Literal('FAILED'),
  Type.Literal('KILLED'),
]);

/** The paging fields of every search; `order_by` is repeated, so a GET repeats the key. */
export const SearchFields = {
  filter: Type.Optional(Type.String()),
  max_results: Type.Optional(Type.Integer()),
  order_by: Type.Optional(Type.Array(Type.String())),
  page_token: Type.Optional(Type.String()),
};

/** `run_uuid` is the deprecated name MLflow still accepts wherever a request names one run. */
export const RunRef = {
  run_id: Type.Optional(Type.String()),
  run_uuid: Type.Optional(Type.String()),
};

export function runIdOf(req: { run_id?: string; run_uuid?: string }): string {
  const id = req.run_id || req.run_uuid;
  if (!id) throw invalidParam("Missing value for required parameter 'run_id'.");
  return id;
}

export function metricValue(v: Static<typeof MetricValue>): number {
  return typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
}

export function metric(m: Static<typeof Metric>) {
  return { key: m.key, value: metricValue(m.value), timestamp: m.timestamp, step: m.step ?? 0 };
}

/**
 * Registers an endpoint MLflow serves under both GET (query parameters) and POST (JSON body), such as
 * experiments/search and registered-models/get-latest-versions.
 */
export function getAndPost<S extends TSchema>(
  app: Parameters<TrackingRoutes>[0],
  url: string,
  schema: S,
  response: Record<number, TSchema> | undefined,
  handler: (input: Static<S>) => Promise<unknown>,
): void {
  app.get(url, { schema: { querystring: schema, ...(response ? { response } : {}) } }, async (req) => handler(req.query as Static<S>));
  app.post(url, { schema: { body: schema, ...(response ? { response } : {}) } }, async (req) => handler(req.body as Static<S>));
}
