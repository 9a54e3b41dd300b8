import { Type } from '@sinclair/typebox';
import { responses } from './responses.js';
import { SearchFields, Tag, type TrackingRoutes } from './schemas.js';

// MLflow REST API, "Create ModelVersion" .. "Get Download URI For ModelVersion Artifacts":
// /api/2.0/mlflow/model-versions/*, with update as PATCH and delete / delete-tag as DELETE.

const VersionKey = Type.Object({ name: Type.String(), version: Type.String() });

const CreateModelVersion = Type.Object({
  name: Type.String(),
  source: Type.String(),
  run_id: Type.Optional(Type.String()),
  tags: Type.Optional(Type.Array(Tag)),
  run_link: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
});

const TransitionStage = Type.Object({
  name: Type.String(),
  version: Type.String(),
  stage: Type.String(),
  archive_existing_versions: Type.Optional(Type.Boolean()),
});

export const modelVersionRoutes: TrackingRoutes = async (app, { store }) => {
  app.post('/model-versions/create', { schema: { body: CreateModelVersion } }, async ({ body }) =>
    store.createModelVersion({
      name: body.name,
      source: body.source,
      run_id: body.run_id,
      tags: body.tags,
      run_link: body.run_link,
      description: body.description,
    }),
  );

  app.get('/model-versions/get', { schema: { querystring: VersionKey, response: responses.modelVersion } }, async ({ query }) => store.getModelVersion({ name: query.name, version: query.version }));

  app.get('/model-versions/search', { schema: { querystring: Type.Object(SearchFields), response: responses.searchModelVersions } }, async ({ query }) =>
    store.searchModelVersions({ filter: query.filter, max_results: query.max_results, order_by: query.order_by, page_token: query.page_token }),
  );

  app.patch(
    '/model-versions/update',
    { schema: { body: Type.Object({ name: Type.String(), version: Type.String(), description: Type.Optional(Type.String()) }) } },
    async ({ body }) => store.updateModelVersion({ name: body.name, version: body.version, description: body.description }),
  );

  app.delete('/model-versions/delete', { schema: { body: VersionKey } }, async ({ body }) => {
    await store.deleteModelVersion({ name: body.name, version: body.version });
    return {};
  });

  app.get('/model-versions/get-download-uri', { schema: { querystring: VersionKey } }, async ({ query }) =>
    store.getModelVersionDownloadUri({ name: query.name, version: query.version }),
  );

  app.post('/model-versions/transition-stage', { schema: { body: TransitionStage } }, async ({ body }) =>
    store.transitionModelVersionStage({
      name: body.name,
      version: body.version,
      stage: body.stage,
      archive_existing_versions: body.archive_existing_versions,
    }),
  );

  app.post(
    '/model-versions/set-tag',
    { schema: { body: Type.Object({ name: Type.String(), version: Type.String(), key: Type.String(), value: Type.String() }) } },
    async ({ body }) => {
      await store.setModelVersionTag({ name: body.name, version: body.version, key: body.key, value: body.value });
      return {};
    },
  );

  app.delete(
    '/model-versions/delete-tag',
    { schema: { body: Type.Object({ name: Type.String(), version: Type.String(), key: Type.String() }) } },
    async ({ body }) => {
      await store.deleteModelVersionTag({ name: body.name, version: body.version, key: body.key });
      return {};
    },
  );
};
