import { Type } from '@sinclair/typebox';
import { responses } from './responses.js';
import { SearchFields, Tag, getAndPost, type TrackingRoutes } from './schemas.js';

// MLflow REST API, "Create RegisteredModel" .. "Get Model Version by Alias": /api/2.0/mlflow/registered-models/*,
// with MLflow's methods: update is PATCH, delete and delete-tag are DELETE, alias is POST / DELETE / GET.

const Name = Type.Object({ name: Type.String() });

const CreateRegisteredModel = Type.Object({ name: Type.String(), tags: Type.Optional(Type.Array(Tag)), description: Type.Optional(Type.String()) });

const Alias = Type.Object({ name: Type.String(), alias: Type.String() });

const GetLatestVersions = Type.Object({ name: Type.String(), stages: Type.Optional(Type.Array(Type.String())) });

export const registeredModelRoutes: TrackingRoutes = async (app, { store }) => {
  app.post('/registered-models/create', { schema: { body: CreateRegisteredModel } }, async ({ body }) =>
    store.createRegisteredModel({ name: body.name, tags: body.tags, description: body.description }),
  );

  app.get('/registered-models/get', { schema: { querystring: Name, response: responses.registeredModel } }, async ({ query }) => store.getRegisteredModel({ name: query.name }));

  app.get('/registered-models/search', { schema: { querystring: Type.Object(SearchFields), response: responses.searchRegisteredModels } }, async ({ query }) =>
    store.searchRegisteredModels({ filter: query.filter, max_results: query.max_results, order_by: query.order_by, page_token: query.page_token }),
  );

  app.post('/registered-models/rename', { schema: { body: Type.Object({ name: Type.String(), new_name: Type.String() }) } }, async ({ body }) =>
    store.renameRegisteredModel({ name: body.name, new_name: body.new_name }),
  );

  app.patch('/registered-models/update', { schema: { body: Type.Object({ name: Type.String(), description: Type.Optional(Type.String()) }) } }, async ({ body }) =>
    store.updateRegisteredModel({ name: body.name, description: body.description }),
  );

  app.delete('/registered-models/delete', { schema: { body: Name } }, async ({ body }) => {
    await store.deleteRegisteredModel({ name: body.name });
    return {};
  });

  getAndPost(app, '/registered-models/get-latest-versions', GetLatestVersions, undefined, async (req) => store.getLatestVersions({ name: req.name, stages: req.stages }));

  app.post('/registered-models/set-tag', { schema: { body: Type.Object({ name: Type.String(), key: Type.String(), value: Type.String() }) } }, async ({ body }) => {
    await store.setRegisteredModelTag({ name: body.name, key: body.key, value: body.value });
    return {};
  });

  app.delete('/registered-models/delete-tag', { schema: { body: Type.Object({ name: Type.String(), key: Type.String() }) } }, async ({ body }) => {
    await store.deleteRegisteredModelTag({ name: body.name, key: body.key });
    return {};
  });

  app.post('/registered-models/alias', { schema: { body: Type.Object({ name: Type.String(), alias: Type.String(), version: Type.String() }), response: responses.empty } }, async ({ body }) => {
    await store.setRegisteredModelAlias({ name: body.name, alias: body.alias, version: body.version });
    return {};
  });

  app.delete('/registered-models/alias', { schema: { body: Alias, response: responses.empty } }, async ({ body }) => {
    await store.deleteRegisteredModelAlias({ name: body.name, alias: body.alias });
    return {};
  });

  app.get('/registered-models/alias', { schema: { querystring: Alias, response: responses.modelVersion } }, async ({ query }) => store.getModelVersionByAlias({ name: query.name, alias: query.alias }));
};
