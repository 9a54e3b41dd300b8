import { lstat, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { invalidParam, isMlflowError, notFound } from '../errors.js';
import type { ArtifactData, ArtifactRepository, FileInfo } from '../types.js';
import { isTempName, writeAtomic } from './atomic.js';
import { normalizeArtifactPath, resolveInside } from './paths.js';

/** Artifacts as files under a local directory, created on first write. */
export class LocalArtifactRepository implements ArtifactRepository {
  readonly rootUri: string;

  constructor(readonly root: string) {
    this.rootUri = pathToFileURL(root).href;
  }

  async read(path: string): Promise<Buffer> {
    const rel = normalizeArtifactPath(path, false);
    const target = await this.resolveExisting(rel);
    let st;
    try {
      st = await stat(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') throw notFound(`Artifact '${rel}' does not exist`);
      throw e;
    }
    if (st.isDirectory()) throw invalidParam(`Artifact '${rel}' is a directory, not a file`);
    return readFile(target);
  }

  async write(path: string, data: ArtifactData): Promise<void> {
    const rel = normalizeArtifactPath(path, false);
    let source: Uint8Array | { copyFrom: string };
    if (typeof data === 'string') {
      try {
        if (!(await stat(data)).isFile()) throw invalidParam(`Cannot log artifact from '${data}': not a regular file`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw invalidParam(`Cannot log artifact from '${data}': no such file`);
        throw e;
      }
      source = { copyFrom: data };
    } else if (data instanceof Uint8Array) {
      source = data;
    } else {
      throw invalidParam('Artifact data must be bytes or the path of a local file');
    }
    await mkdir(this.root, { recursive: true });
    const target = await resolveInside(this.root, rel);
    await mkdir(dirname(target), { recursive: true });
    // re-check after mkdir: a symlink swapped in meanwhile must not redirect the write
    await resolveInside(this.root, rel.split('/').slice(0, -1).join('/'));
    try {
      const st = await lstat(target);
      if (st.isSymbolicLink()) throw invalidParam(`Invalid artifact path '${rel}': it is a symbolic link`);
      if (st.isDirectory()) throw invalidParam(`Invalid artifact path '${rel}': a directory of that name exists`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    await writeAtomic(target, source);
  }

  async list(path?: string): Promise<FileInfo[]> {
    const rel = normalizeArtifactPath(path ?? '', true);
    let dir: string;
    try {
      dir = await this.resolveExisting(rel);
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return [];
      throw e;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw e;
    }
    const out: FileInfo[] = [];
    for (const ent of entries) {
      if (isTempName(ent.name) || ent.isSymbolicLink()) continue;
      const p = rel === '' ? ent.name : `${rel}/${ent.name}`;
      if (ent.isDirectory()) out.push({ path: p, is_dir: true });
      else if (ent.isFile()) {
        const st = await stat(join(dir, ent.name)).catch(() => undefined);
        if (st) out.push({ path: p, is_dir: false, file_size: st.size });
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async delete(path: string): Promise<void> {
    const rel = normalizeArtifactPath(path, true);
    let target: string;
    try {
      target = await this.resolveExisting(rel);
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return;
      throw e;
    }
    await rm(target, { recursive: true, force: true });
  }

  /** The real path of an artifact under the root; RESOURCE_DOES_NOT_EXIST when the root itself is missing. */
  private async resolveExisting(rel: string): Promise<string> {
    try {
      await stat(this.root);
    } catch {
      throw notFound(`Artifact '${rel}' does not exist`);
    }
    return resolveInside(this.root, rel);
  }
}
