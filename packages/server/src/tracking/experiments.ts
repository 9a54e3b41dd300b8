import { Type } from '@sinclair/typebox';
import { responses } from './responses.js';
import { SearchFields, Tag, ViewType, getAndPost, type TrackingRoutes } from './schemas.js';

// MLflow REST API, "Create Experiment" .. "Delete Experiment Tag": /api/2.0/mlflow/experiments/*.

const ExperimentRef = Type.Object({ experiment_id: Type.String() });

const CreateExperiment = Type.Object({
  name: Type.String(),
  artifact_location: Type.Optional(Type.String()),
  tags: Type.Optional(Type.Array(Tag)),
});

const SearchExperiments = Type.Object({ ...SearchFields, view_type: Type.Optional(ViewType) });

export const experimentRoutes: TrackingRoutes = async (app, { store }) => {
  app.post('/experiments/create', { schema: { body: CreateExperiment } }, async ({ body }) =>
    store.createExperiment({ name: body.name, artifact_location: body.artifact_location, tags: body.tags }),
  );

  app.get('/experiments/get', { schema: { querystring: ExperimentRef, response: responses.experiment } }, async ({ query }) => store.getExperiment({ experiment_id: query.experiment_id }));

  app.get('/experiments/get-by-name', { schema: { querystring: Type.Object({ experiment_name: Type.String() }), response: responses.experiment } }, async ({ query }) =>
    store.getExperimentByName({ experiment_name: query.experiment_name }),
  );

  getAndPost(app, '/experiments/search', SearchExperiments, responses.searchExperiments, async (req) =>
    store.searchExperiments({
      filter: req.filter,
      max_results: req.max_results,
      order_by: req.order_by,
      page_token: req.page_token,
      view_type: req.view_type,
    }),
  );

  app.post('/experiments/update', { schema: { body: Type.Object({ experiment_id: Type.String(), new_name: Type.String() }) } }, async ({ body }) => {
    await store.updateExperiment({ experiment_id: body.experiment_id, new_name: body.new_name });
    return {};
  });

  app.post('/experiments/delete', { schema: { body: ExperimentRef } }, async ({ body }) => {
    await store.deleteExperiment({ experiment_id: body.experiment_id });
    return {};
  });

  app.post('/experiments/restore', { schema: { body: ExperimentRef } }, async ({ body }) => {
    await store.restoreExperiment({ experiment_id: body.experiment_id });
    return {};
  });

  app.post(
    '/experiments/set-experiment-tag',
    { schema: { body: Type.Object({ experiment_id: Type.String(), key: Type.String(), value: Type.String() }) } },
    async ({ body }) => {
      await store.setExperimentTag({ experiment_id: body.experiment_id, key: body.key, value: body.value });
      return {};
    },
  );

  app.post('/experiments/delete-experiment-tag', { schema: { body: Type.Object({ experiment_id: Type.String(), key: Type.String() }) } }, async ({ body }) => {
    await store.deleteExperimentTag({ experiment_id: body.experiment_id, key: body.key });
    return {};
  });
};
