import { Type } from '@sinclair/typebox';
import { responses } from './responses.js';
import { DatasetInput, Metric, MetricValue, Param, RunRef, RunStatus, SearchFields, Tag, ViewType, metric, metricValue, runIdOf, type TrackingRoutes } from './schemas.js';

// MLflow REST API, "Create Run" .. "Log Inputs": /api/2.0/mlflow/runs/*.

const RunOnly = Type.Object({ run_id: Type.String() });

const CreateRun = Type.Object({
  experiment_id: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
  run_name: Type.Optional(Type.String()),
  start_time: Type.Optional(Type.Integer()),
  tags: Type.Optional(Type.Array(Tag)),
});

const UpdateRun = Type.Object({
  ...RunRef,
  status: Type.Optional(RunStatus),
  end_time: Type.Optional(Type.Integer()),
  run_name: Type.Optional(Type.String()),
});

const SearchRuns = Type.Object({ ...SearchFields, experiment_ids: Type.Optional(Type.Array(Type.String())), run_view_type: Type.Optional(ViewType) });

const LogMetric = Type.Object({ ...RunRef, key: Type.String(), value: MetricValue, timestamp: Type.Integer(), step: Type.Optional(Type.Integer()) });

const KeyValue = Type.Object({ ...RunRef, key: Type.String(), value: Type.String() });

const LogBatch = Type.Object({
  run_id: Type.String(),
  metrics: Type.Optional(Type.Array(Metric)),
  params: Type.Optional(Type.Array(Param)),
  tags: Type.Optional(Type.Array(Tag)),
});

const LogInputs = Type.Object({ run_id: Type.String(), datasets: Type.Optional(Type.Array(DatasetInput)) });

export const runRoutes: TrackingRoutes = async (app, { store }) => {
  app.post('/runs/create', { schema: { body: CreateRun } }, async ({ body }) =>
    store.createRun({ experiment_id: body.experiment_id, user_id: body.user_id, run_name: body.run_name, start_time: body.start_time, tags: body.tags }),
  );

  app.get('/runs/get', { schema: { querystring: Type.Object(RunRef), response: responses.run } }, async ({ query }) => store.getRun({ run_id: runIdOf(query) }));

  app.post('/runs/update', { schema: { body: UpdateRun } }, async ({ body }) =>
    store.updateRun({ run_id: runIdOf(body), status: body.status, end_time: body.end_time, run_name: body.run_name }),
  );

  app.post('/runs/delete', { schema: { body: RunOnly } }, async ({ body }) => {
    await store.deleteRun({ run_id: body.run_id });
    return {};
  });

  app.post('/runs/restore', { schema: { body: RunOnly } }, async ({ body }) => {
    await store.restoreRun({ run_id: body.run_id });
    return {};
  });

  app.post('/runs/search', { schema: { body: SearchRuns, response: responses.searchRuns } }, async ({ body }) =>
    store.searchRuns({
      experiment_ids: body.experiment_ids ?? [],
      filter: body.filter,
      run_view_type: body.run_view_type,
      max_results: body.max_results,
      order_by: body.order_by,
      page_token: body.page_token,
    }),
  );

  app.post('/runs/log-metric', { schema: { body: LogMetric } }, async ({ body }) => {
    await store.logMetric({ run_id: runIdOf(body), key: body.key, value: metricValue(body.value), timestamp: body.timestamp, step: body.step });
    return {};
  });

  app.post('/runs/log-parameter', { schema: { body: KeyValue } }, async ({ body }) => {
    await store.logParam({ run_id: runIdOf(body), key: body.key, value: body.value });
    return {};
  });

  app.post('/runs/set-tag', { schema: { body: KeyValue } }, async ({ body }) => {
    await store.setTag({ run_id: runIdOf(body), key: body.key, value: body.value });
    return {};
  });

  app.post('/runs/delete-tag', { schema: { body: Type.Object({ run_id: Type.String(), key: Type.String() }) } }, async ({ body }) => {
    await store.deleteTag({ run_id: body.run_id, key: body.key });
    return {};
  });

  app.post('/runs/log-batch', { schema: { body: LogBatch } }, async ({ body }) => {
    await store.logBatch({ run_id: body.run_id, metrics: body.metrics?.map(metric), params: body.params, tags: body.tags });
    return {};
  });

  app.post('/runs/log-inputs', { schema: { body: LogInputs } }, async ({ body }) => {
    await store.logInputs({ run_id: body.run_id, datasets: (body.datasets ?? []).map((d) => ({ tags: d.tags ?? [], dataset: d.dataset })) });
    return {};
  });
};
