import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { accumulateCsvFile, profileWithTrainingDrift, type DataProfile } from '@custseg/ml';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CsvRecordParser, fieldsOf } from '../csv/record-parser.js';
import { ApiError } from '../errors/api-error.js';
import { modelFor, type ServingContext } from '../http/context.js';
import type { ServedModel } from '../model/served-model.js';
import { dataProfileSchema } from './data-profile-schema.js';
import { documentOnly, errorSchema } from './schemas.js';
import { uploadedCsv } from './upload.js';

/** Rows profiled at a time (memory is bounded by this and the profile's own caps). */
export const PROFILE_BATCH_ROWS = 10_000;

interface ProfileQuery {
  target?: string;
  compare?: string;
  name?: string;
}

/**
 * The upload written to a temporary file as it arrives (the profile reads the data twice: column types, then the
 * figures), with its header line. Nothing of it is held in memory; the caller removes `dir`.
 */
async function spool(input: Readable, dir: string, maxBytes: number): Promise<{ path: string; header: string[] | null }> {
  const path = join(dir, 'upload.csv');
  const out = createWriteStream(path);
  // kept, not thrown from an event: a write failing (disk full) or cut short by destroy() must not crash the process
  let failure: unknown = null;
  out.on('error', (e) => {
    failure ??= e;
  });
  const parser = new CsvRecordParser();
  const decoder = new StringDecoder('utf8');
  let header: string[] | null = null;
  const onRecord = (record: string | string[] | null) => {
    if (header === null && record !== null) header = fieldsOf(record).map((h) => h.trim());
  };
  let bytes = 0;
  try {
    // not destroyed when the loop stops early: the rest of a refused upload is read and dropped, so the client
    // gets the error response instead of a reset connection
    for await (const chunk of input.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>) {
      bytes += chunk.length;
      if (maxBytes > 0 && bytes > maxBytes) throw new ApiError(413, `upload larger than the limit of ${maxBytes} bytes`);
      if (header === null) parser.push(typeof chunk === 'string' ? chunk : decoder.write(chunk), onRecord);
      if (failure !== null) throw failure;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    // a multipart file cut at the size limit ends without an error: its stream says so
    if ((input as { truncated?: boolean }).truncated === true) throw new ApiError(413, `upload larger than the limit of ${maxBytes} bytes`);
    if (header === null) {
      parser.push(decoder.end(), onRecord);
      parser.end(onRecord);
    }
    out.end();
    await once(out, 'close');
    if (failure !== null) throw failure;
  } catch (e) {
    input.resume();
    if (!out.destroyed) out.destroy();
    throw e;
  }
  return { path, header };
}

/** A file name for messages and the profile's `source`: the client's, without any directory part. */
function sourceName(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop()!.trim();
  return base === '' ? 'upload.csv' : base.slice(0, 200);
}

/**
 * POST /v1/profile: the data profile of an uploaded CSV (what `custseg eda` computes), streamed through a
 * temporary file in bounded memory; with `compare=training`, plus the drift of every feature against the served
 * model's training profile. Registered inside a scope that accepts uploads (see acceptUploads).
 */
export function profileRoute(scope: FastifyInstance, ctx: ServingContext): void {
  scope.post(
    '/v1/profile',
    {
      schema: {
        summary: 'Profile a CSV file (custseg eda), optionally with its drift against the training data',
        description:
          "Send the CSV as the body (Content-Type: text/csv) or as a multipart/form-data file. The answer is the data profile `custseg eda --json` writes: overview, per-column statistics, the target's balance and each feature's relation to it, missingness, correlations and warnings. The target is `target`, else the served model's target when the file has that column. With `compare=training` the profile also holds the population stability index of each feature against the served model's training profile (GET /v1/model/profile): numeric features binned on the training histogram's edges merged into bins of at least 10% of the training rows, categorical ones per category; above 0.1 is a moderate shift, above 0.25 a major one. A malformed CSV is a 400 naming the line; an empty file is a 400.",
        tags: ['data'],
        consumes: ['text/csv', 'multipart/form-data'],
        querystring: {
          type: 'object',
          properties: {
            target: { type: 'string', description: "The target column (default: the served model's target when the file has it)" },
            compare: { type: 'string', enum: ['training'], description: "training: add the drift against the served model's training data" },
            name: { type: 'string', description: 'The file name shown as the profile source (default upload.csv)' },
          },
        },
        body: { type: 'string', format: 'binary', description: 'The CSV: a header naming the columns, then one row per line' },
        response: { 200: dataProfileSchema, 400: errorSchema, 404: errorSchema, 413: errorSchema, 415: errorSchema, 503: errorSchema },
      },
      validatorCompiler: documentOnly,
    },
    async (request, reply) => {
      const query = request.query as ProfileQuery;
      if (query.compare !== undefined && query.compare !== 'training') {
        throw new ApiError(400, `compare must be "training", got ${JSON.stringify(query.compare)}`, [{ field: 'compare', row: null, message: 'expected "training"' }]);
      }
      if (query.target !== undefined && query.target.trim() === '') {
        throw new ApiError(400, 'target must name a column of the file', [{ field: 'target', row: null, message: 'empty column name' }]);
      }
      let served: ServedModel | null = ctx.manager.current;
      let training: DataProfile | null = null;
      if (query.compare === 'training') {
        served = modelFor(ctx, reply);
        training = trainingProfileOf(served);
      } else if (served) {
        namedBy(reply, served);
      }
      const label = sourceName(query.name);
      const input = await uploadedCsv(request);
      const dir = await mkdtemp(join(tmpdir(), 'custseg-profile-'));
      try {
        const { path, header } = await spool(input, dir, ctx.maxUploadBytes);
        if (header === null) throw new ApiError(400, 'empty CSV: expected a header line naming the columns');
        const modelTarget = served?.model.signature.target;
        const target = query.target?.trim() ?? (modelTarget !== undefined && header.includes(modelTarget) ? modelTarget : undefined);
        const acc = await accumulateCsvFile(path, { target, label, batchRows: PROFILE_BATCH_ROWS });
        if (acc.driftInput().rows === 0) throw new ApiError(400, `${label}: the file has a header but no data rows`);
        const profile = training ? profileWithTrainingDrift(acc, training) : acc.finish();
        reply.type('application/json; charset=utf-8').header('cache-control', 'no-store');
        return JSON.stringify(profile);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}

function namedBy(reply: FastifyReply, served: ServedModel): void {
  reply.header('x-model-name', served.name);
  reply.header('x-model-version', served.version);
}

function trainingProfileOf(served: ServedModel): DataProfile {
  const profile = served.model.document.metadata.training_profile;
  if (!profile) {
    throw new ApiError(404, `${served.name} version ${served.version} has no training profile to compare with (it was trained before models kept one; train it again to get one)`);
  }
  return profile;
}
