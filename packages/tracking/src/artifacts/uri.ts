import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { invalidParam } from '../errors.js';
import { normalizeArtifactPath } from './paths.js';

/**
 * Maps an artifact URI to a local directory: `file://` URIs and plain paths are themselves, and
 * `mlflow-artifacts:/x` (what a server with proxied artifacts hands out) is x under the store's artifact root.
 */
export function artifactUriToPath(uri: string, artifactRoot: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      throw invalidParam(`Invalid file artifact URI '${uri}'`);
    }
  }
  if (uri.startsWith('mlflow-artifacts:')) {
    const rest = uri.slice('mlflow-artifacts:'.length).replace(/^\/\/[^/]*/, '');
    const rel = normalizeArtifactPath(rest.replace(/^\/+/, ''), true);
    return rel === '' ? artifactRoot : join(artifactRoot, ...rel.split('/'));
  }
  if (/^[A-Za-z][\w+.-]*:/.test(uri) && !/^[A-Za-z]:[\\/]/.test(uri)) {
    throw invalidParam(`Unsupported artifact URI '${uri}': the embedded store reads file:// and mlflow-artifacts:/ URIs`);
  }
  return isAbsolute(uri) ? uri : resolve(uri);
}

export function pathToArtifactUri(path: string): string {
  return pathToFileURL(path).href;
}

/** `base/child` for URIs and paths alike. */
export function joinUri(base: string, ...parts: string[]): string {
  return [base.replace(/\/+$/, ''), ...parts.filter((p) => p !== '')].join('/');
}
