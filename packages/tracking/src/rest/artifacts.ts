import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { LocalArtifactRepository } from '../artifacts/local.js';
import { normalizeArtifactPath } from '../artifacts/paths.js';
import { artifactUriToPath } from '../artifacts/uri.js';
import { invalidParam } from '../errors.js';
import type { ArtifactData } from '../types.js';
import type { RestClient } from './http.js';

export const ARTIFACT_PROXY_PATH = '/api/2.0/mlflow-artifacts/artifacts';

/** How the client reaches the files under one run's artifact URI. */
export interface RunArtifacts {
  read(path: string): Promise<Buffer>;
  write(path: string, data: ArtifactData): Promise<void>;
}

/**
 * As MLflow's client resolves a run's artifact_uri: `mlflow-artifacts:` (what a server with proxied artifacts
 * hands out) and http(s) URLs of the proxy go through the server's `/api/2.0/mlflow-artifacts/artifacts`;
 * `file:` URIs and paths are local files, which only works where the server's disk is the client's.
 */
export function runArtifacts(client: RestClient, artifactUri: string): RunArtifacts {
  if (artifactUri.startsWith('mlflow-artifacts:')) {
    // `mlflow-artifacts://host:port/x` names another proxy; `mlflow-artifacts:/x` this server's
    const m = /^mlflow-artifacts:(?:\/\/([^/]*))?(.*)$/.exec(artifactUri)!;
    const base = m[1] ? `${new URL(client.baseUrl).protocol}//${m[1]}` : client.baseUrl;
    return new ProxiedArtifacts(client, `${base}${ARTIFACT_PROXY_PATH}`, m[2]);
  }
  if (/^https?:\/\//i.test(artifactUri)) {
    const at = artifactUri.indexOf(`${ARTIFACT_PROXY_PATH}/`);
    if (at < 0) throw invalidParam(`Unsupported artifact URI '${artifactUri}': an http(s) artifact URI must point into ${ARTIFACT_PROXY_PATH}`);
    // an http(s) URL carries its path percent-encoded; an mlflow-artifacts: path is taken as written, as MLflow does
    const path = artifactUri.slice(at + ARTIFACT_PROXY_PATH.length).split(/[?#]/)[0];
    return new ProxiedArtifacts(client, artifactUri.slice(0, at + ARTIFACT_PROXY_PATH.length), path.split('/').map(decodeSegment).join('/'));
  }
  // file: URIs and paths; anything else (s3:, gs:, ...) is refused by artifactUriToPath
  return new LocalArtifactRepository(artifactUriToPath(artifactUri, ''));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidParam(`Invalid artifact URI: '${segment}' is not percent-encoded properly`);
  }
}

class ProxiedArtifacts implements RunArtifacts {
  private readonly prefix: string[];

  constructor(
    private readonly client: RestClient,
    private readonly proxyRoot: string,
    rootPath: string,
  ) {
    this.prefix = normalizeArtifactPath(rootPath.replace(/^\/+/, ''), true).split('/').filter((p) => p !== '');
  }

  private url(path: string): string {
    const rel = normalizeArtifactPath(path, false);
    return `${this.proxyRoot}/${[...this.prefix, ...rel.split('/')].map(encodeURIComponent).join('/')}`;
  }

  async read(path: string): Promise<Buffer> {
    return this.client.download(this.url(path));
  }

  async write(path: string, data: ArtifactData): Promise<void> {
    const url = this.url(path);
    if (data instanceof Uint8Array) return this.client.upload(url, data, data.byteLength);
    if (typeof data !== 'string') throw invalidParam('Artifact data must be bytes or the path of a local file');
    let size: number;
    try {
      const st = await stat(data);
      if (!st.isFile()) throw invalidParam(`Cannot log artifact from '${data}': not a regular file`);
      size = st.size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw invalidParam(`Cannot log artifact from '${data}': no such file`);
      throw e;
    }
    // streamed, so a large model or data file never sits whole in memory
    await this.client.upload(url, Readable.toWeb(createReadStream(data)) as ReadableStream<Uint8Array>, size);
  }
}
