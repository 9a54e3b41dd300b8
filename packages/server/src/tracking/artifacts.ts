import { LocalArtifactRepository, normalizeArtifactPath, type ArtifactRepository } from '@custseg/tracking';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createReadStream } from 'node:fs';
import { PayloadTooLarge, downloadHeaders, resolveArtifactFile, spoolToTempFile } from './artifact-files.js';
import { responses } from './responses.js';
import { RunRef, runIdOf, type TrackingRoutes } from './schemas.js';

// MLflow REST API, "List Artifacts": GET /api/2.0/mlflow/artifacts/list?run_id=..&path=.. lists one directory of a
// run's artifacts, paths relative to the run's artifact root (whatever its URI), via the store.
const ListArtifacts = Type.Object({ ...RunRef, path: Type.Optional(Type.String()), page_token: Type.Optional(Type.String()) });

export const runArtifactRoutes: TrackingRoutes = async (app, { store }) => {
  app.get('/artifacts/list', { schema: { querystring: ListArtifacts, response: responses.listArtifacts } }, async ({ query }) =>
    store.listArtifacts({ run_id: runIdOf(query), path: query.path, page_token: query.page_token }),
  );
};

export interface ArtifactProxyOptions {
  artifacts: ArtifactRepository;
  maxUploadBytes: number;
}

/** Bodies up to this size are drained after an early refusal so the connection survives; larger ones close it. */
const DRAIN_LIMIT = 1024 * 1024;

/**
 * MLflow's artifact proxy (`mlflow server --serve-artifacts`), under /api/2.0/mlflow-artifacts:
 * GET /artifacts/{path} downloads, PUT /artifacts/{path} uploads (the raw body), DELETE /artifacts/{path}
 * deletes, GET /artifacts?path=DIR lists one directory with basenames as MLflow does. Every path is
 * normalised first, so '..', absolute paths, backslashes and NUL are refused before any file is touched, and
 * symbolic links that would leave the root are refused by their real path.
 */
export const artifactProxyRoutes: FastifyPluginAsyncTypebox<ArtifactProxyOptions> = async (app, { artifacts, maxUploadBytes }) => {
  // uploads are streamed by the handler, never parsed or buffered, whatever their content type
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  const pathOf = (params: unknown): string => normalizeArtifactPath((params as { '*': string })['*'], false);

  app.get('/artifacts/*', async (req, reply) => {
    const rel = pathOf(req.params);
    if (artifacts instanceof LocalArtifactRepository) {
      const file = await resolveArtifactFile(artifacts.root, rel);
      return reply.headers(downloadHeaders(rel, file.size)).send(createReadStream(file.path));
    }
    const bytes = await artifacts.read(rel);
    return reply.headers(downloadHeaders(rel, bytes.length)).send(bytes);
  });

  app.put('/artifacts/*', async (req, reply) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    try {
      const rel = pathOf(req.params);
      if (declared > maxUploadBytes) throw new PayloadTooLarge(maxUploadBytes);
      const upload = await spoolToTempFile(req.raw, maxUploadBytes);
      try {
        await artifacts.write(rel, upload.file);
      } finally {
        await upload.discard();
      }
      return {};
    } catch (e) {
      if (!req.raw.readableEnded && !(declared <= DRAIN_LIMIT)) reply.header('connection', 'close');
      throw e;
    }
  });

  app.delete('/artifacts/*', async (req) => {
    await artifacts.delete(pathOf(req.params));
    return {};
  });

  app.get('/artifacts', { schema: { querystring: Type.Object({ path: Type.Optional(Type.String()) }) } }, async ({ query }) => {
    const dir = normalizeArtifactPath(query.path ?? '', true);
    const files = await artifacts.list(dir);
    return { files: files.map((f) => ({ ...f, path: f.path.split('/').pop() ?? f.path })) };
  });
};

const GetArtifact = Type.Object({ ...RunRef, path: Type.String() });

/**
 * GET /get-artifact?run_id=..&path=.. (MLflow's UI endpoint, `run_uuid` accepted too): one file of a run's
 * artifacts, shown inline (the web app displays confusion matrices and reports). A sandboxing Content-Security-
 * Policy keeps an HTML or SVG artifact from running script in the app's origin.
 */
export const getArtifactRoute: TrackingRoutes = async (app, { store }) => {
  app.get('/get-artifact', { schema: { querystring: GetArtifact } }, async ({ query }, reply) => {
    const path = normalizeArtifactPath(query.path, false);
    const bytes = await store.downloadArtifact(runIdOf(query), path);
    const headers = downloadHeaders(path, bytes.length);
    return reply
      .headers({ ...headers, 'content-disposition': headers['content-disposition'].replace(/^attachment/, 'inline'), 'content-security-policy': 'sandbox' })
      .send(bytes);
  });
};
