import { Type } from '@sinclair/typebox';
import { DatasetInput, MetricValue, Tag } from './schemas.js';

// Response schemas of the endpoints a client reads, after MLflow's REST API reference ("Data Structures"). They
// document the API (/openapi.json, from which the web app's client types are generated); serialisation stays
// the protobuf-style JSON of wire.ts, so repeated fields are optional: MLflow leaves empty ones out.

const Tags = Type.Optional(Type.Array(Tag));
const PageToken = { next_page_token: Type.Optional(Type.String()) };

export const ExperimentSchema = Type.Object({
  experiment_id: Type.String(),
  name: Type.String(),
  artifact_location: Type.String(),
  lifecycle_stage: Type.String(),
  last_update_time: Type.Integer(),
  creation_time: Type.Integer(),
  tags: Tags,
});

export const MetricSchema = Type.Object({ key: Type.String(), value: MetricValue, timestamp: Type.Integer(), step: Type.Integer() });

export const RunInfoSchema = Type.Object({
  run_id: Type.String(),
  run_uuid: Type.String(),
  run_name: Type.String(),
  experiment_id: Type.String(),
  user_id: Type.String(),
  status: Type.String(),
  start_time: Type.Integer(),
  end_time: Type.Optional(Type.Integer()),
  artifact_uri: Type.String(),
  lifecycle_stage: Type.String(),
});

export const RunSchema = Type.Object({
  info: RunInfoSchema,
  data: Type.Object({
    metrics: Type.Optional(Type.Array(MetricSchema)),
    params: Type.Optional(Type.Array(Type.Object({ key: Type.String(), value: Type.String() }))),
    tags: Tags,
  }),
  inputs: Type.Optional(Type.Object({ dataset_inputs: Type.Optional(Type.Array(DatasetInput)) })),
});

export const FileInfoSchema = Type.Object({ path: Type.String(), is_dir: Type.Boolean(), file_size: Type.Optional(Type.Integer()) });

export const ModelVersionSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  creation_timestamp: Type.Integer(),
  last_updated_timestamp: Type.Integer(),
  user_id: Type.Optional(Type.String()),
  current_stage: Type.String(),
  description: Type.Optional(Type.String()),
  source: Type.String(),
  run_id: Type.Optional(Type.String()),
  status: Type.String(),
  status_message: Type.Optional(Type.String()),
  tags: Tags,
  run_link: Type.Optional(Type.String()),
  aliases: Type.Optional(Type.Array(Type.String())),
});

export const RegisteredModelSchema = Type.Object({
  name: Type.String(),
  creation_timestamp: Type.Integer(),
  last_updated_timestamp: Type.Integer(),
  description: Type.Optional(Type.String()),
  latest_versions: Type.Optional(Type.Array(ModelVersionSchema)),
  tags: Tags,
  aliases: Type.Optional(Type.Array(Type.Object({ alias: Type.String(), version: Type.String() }))),
});

export const Empty = Type.Object({});

export const responses = {
  experiment: { 200: Type.Object({ experiment: ExperimentSchema }) },
  searchExperiments: { 200: Type.Object({ experiments: Type.Optional(Type.Array(ExperimentSchema)), ...PageToken }) },
  run: { 200: Type.Object({ run: RunSchema }) },
  searchRuns: { 200: Type.Object({ runs: Type.Optional(Type.Array(RunSchema)), ...PageToken }) },
  metricHistory: { 200: Type.Object({ metrics: Type.Optional(Type.Array(MetricSchema)), ...PageToken }) },
  listArtifacts: { 200: Type.Object({ root_uri: Type.Optional(Type.String()), files: Type.Optional(Type.Array(FileInfoSchema)), ...PageToken }) },
  registeredModel: { 200: Type.Object({ registered_model: RegisteredModelSchema }) },
  searchRegisteredModels: { 200: Type.Object({ registered_models: Type.Optional(Type.Array(RegisteredModelSchema)), ...PageToken }) },
  modelVersion: { 200: Type.Object({ model_version: ModelVersionSchema }) },
  searchModelVersions: { 200: Type.Object({ model_versions: Type.Optional(Type.Array(ModelVersionSchema)), ...PageToken }) },
  empty: { 200: Empty },
};
