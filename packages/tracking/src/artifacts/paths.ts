import { lstat, realpath } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { invalidParam } from '../errors.js';

/**
 * Normalises a relative artifact path ('a//b/./c' → 'a/b/c', '' for the root) or refuses one that could leave the
 * root: '..' segments, absolute paths, drive letters, backslashes, NUL.
 */
export function normalizeArtifactPath(path: unknown, allowRoot: boolean): string {
  if (path === undefined || path === null) path = '';
  if (typeof path !== 'string') throw invalidParam(`Invalid artifact path: expected a string`);
  const bad = (why: string): never => {
    throw invalidParam(`Invalid artifact path '${path as string}': ${why}`);
  };
  if (path.includes('\0')) bad('contains a NUL character');
  if (path.includes('\\')) bad('contains a backslash');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) bad('must be relative');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) bad("must not contain '..'");
  const norm = parts.join('/');
  if (norm === '' && !allowRoot) bad('names the root, expected a file');
  return norm;
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of `rel` under `root` (which must exist), refusing anything a symlink would take elsewhere. */
export async function resolveInside(root: string, rel: string): Promise<string> {
  const realRoot = await realpath(root);
  const target = rel === '' ? realRoot : join(realRoot, ...rel.split('/'));
  // the deepest existing ancestor decides where the path really leads
  let probe = target;
  for (;;) {
    try {
      const real = await realpath(probe);
      if (!inside(real, realRoot)) throw invalidParam(`Invalid artifact path '${rel}': it leads outside the artifact root through a symbolic link`);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      // a dangling symlink also reports ENOENT: refuse it rather than create through it
      try {
        if ((await lstat(probe)).isSymbolicLink()) throw invalidParam(`Invalid artifact path '${rel}': it goes through a dangling symbolic link`);
      } catch (le) {
        if ((le as NodeJS.ErrnoException).code !== 'ENOENT' && (le as NodeJS.ErrnoException).code !== 'ENOTDIR') throw le;
      }
      const parent = dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
  }
  return target;
}
