import { Type } from '@sinclair/typebox';
import { responses } from './responses.js';
import { RunRef, runIdOf, type TrackingRoutes } from './schemas.js';

// MLflow REST API, "Get Metric History": GET /api/2.0/mlflow/metrics/get-history?run_id=..&metric_key=..
const GetMetricHistory = Type.Object({
  ...RunRef,
  metric_key: Type.String(),
  page_token: Type.Optional(Type.String()),
  max_results: Type.Optional(Type.Integer()),
});

export const metricRoutes: TrackingRoutes = async (app, { store }) => {
  app.get('/metrics/get-history', { schema: { querystring: GetMetricHistory, response: responses.metricHistory } }, async ({ query }) =>
    store.getMetricHistory({ run_id: runIdOf(query), metric_key: query.metric_key, page_token: query.page_token, max_results: query.max_results }),
  );
};
