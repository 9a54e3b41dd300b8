import { invalidParam, notFound, MlflowError } from '@custseg/tracking';
import { createWriteStream } from 'node:fs';
import { mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload spooled to disk: artifacts can be hundreds of MiB and must not sit whole in memory. */
export interface SpooledUpload {
  file: string;
  bytes: number;
  discard(): Promise<void>;
}

/** Answered as 413 BAD_REQUEST (the error handler maps 4xx statusCodes). */
export class PayloadTooLarge extends Error {
  readonly statusCode = 413;

  constructor(readonly limit: number) {
    super(`The artifact is larger than the server's limit of ${limit} bytes`);
  }
}

/** Streams a request body into a fresh private temp file, refusing it once it exceeds `limit` bytes. */
export async function spoolToTempFile(body: Readable, limit: number): Promise<SpooledUpload> {
  const dir = await mkdtemp(join(tmpdir(), 'custseg-upload-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  const file = join(dir, 'body');
  let bytes = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(bytes > limit ? new PayloadTooLarge(limit) : null, chunk);
    },
  });
  try {
    await pipeline(body, guard, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    await discard();
    if (e instanceof PayloadTooLarge) throw e;
    // the client went away mid-upload: nothing was stored, and nobody is left to read a 500
    throw new MlflowError('BAD_REQUEST', `The artifact upload was interrupted: ${(e as Error).message}`);
  }
  return { file, bytes, discard };
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The real path of an existing artifact file under `root`, for streaming it out. `rel` is already normalised
 * (no '..', not absolute); the real path decides about symbolic links, which may not lead out of the root.
 */
export async function resolveArtifactFile(root: string, rel: string): Promise<{ path: string; size: number }> {
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(join(root, ...rel.split('/')));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw notFound(`Artifact '${rel}' does not exist`);
    if (code === 'ELOOP') throw invalidParam(`Invalid artifact path '${rel}': too many levels of symbolic links`);
    throw e;
  }
  if (!inside(real, realRoot)) throw invalidParam(`Invalid artifact path '${rel}': it leads outside the artifact root through a symbolic link`);
  const st = await stat(real);
  if (!st.isFile()) throw invalidParam(`Artifact '${rel}' is a directory, not a file`);
  return { path: real, size: st.size };
}

const MIME_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.yaml': 'text/yaml',
  '.yml': 'text/yaml',
  '.md': 'text/markdown',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
};

/** The headers MLflow sends with a download: a guessed type, always an attachment, and no sniffing (no XSS from artifacts). */
export function downloadHeaders(rel: string, size: number): Record<string, string> {
  const name = rel.split('/').pop() ?? rel;
  return {
    'content-type': MIME_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    'x-content-type-options': 'nosniff',
    'content-length': String(size),

  };
}
