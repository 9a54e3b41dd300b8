import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MlflowError } from '../errors.js';
import { LocalArtifactRepository } from './local.js';
import { normalizeArtifactPath } from './paths.js';
import { artifactUriToPath } from './uri.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'custseg-repo-'));

async function refused(p: Promise<unknown>): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(MlflowError);
  await expect(p).rejects.toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
}

describe('LocalArtifactRepository', () => {
  it('writes, reads, lists and deletes under its root', async () => {
    const root = join(tempDir(), 'root');
    const repo = new LocalArtifactRepository(root);
    expect(await repo.list()).toEqual([]);
    await repo.write('a/b/c.txt', Buffer.from('abc'));
    await repo.write('top.txt', Buffer.from('t'));
    expect(await repo.list()).toEqual([
      { path: 'a', is_dir: true },
      { path: 'top.txt', is_dir: false, file_size: 1 },
    ]);
    expect(await repo.list('a/b')).toEqual([{ path: 'a/b/c.txt', is_dir: false, file_size: 3 }]);
    expect((await repo.read('a//b/./c.txt')).toString()).toBe('abc');
    await repo.delete('a');
    expect(await repo.list()).toEqual([{ path: 'top.txt', is_dir: false, file_size: 1 }]);
    await repo.delete('missing');
    expect(repo.rootUri).toBe(`file://${root}`);
    // no temp file is left behind after successful writes
    expect(readdirSync(root)).toEqual(['top.txt']);
  });

  it('refuses traversal, absolute paths and the root as a file', async () => {
    const repo = new LocalArtifactRepository(tempDir());
    for (const p of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a\0b', '..']) {
      await refused(repo.write(p, Buffer.from('x')));
      await refused(repo.read(p));
    }
    await refused(repo.write('', Buffer.from('x')));
    await refused(repo.list('../'));
    await refused(repo.delete('../x'));
  });

  it('refuses symlinks that lead outside the root, for reads, writes and listings', async () => {
    const base = tempDir();
    const root = join(base, 'root');
    const outside = join(base, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(outside, join(root, 'link'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'secret.txt'));
    symlinkSync(join(base, 'nowhere'), join(root, 'dangling'));
    const repo = new LocalArtifactRepository(root);
    await refused(repo.read('link/secret.txt'));
    await refused(repo.read('secret.txt'));
    await refused(repo.write('link/new.txt', Buffer.from('x')));
    await refused(repo.write('dangling/new.txt', Buffer.from('x')));
    await refused(repo.write('secret.txt', Buffer.from('x')));
    await refused(repo.list('link'));
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    // symlinks are not listed either
    expect(await repo.list()).toEqual([]);
  });

  it('copies a local file and refuses a missing one or a directory', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'src.txt'), 'content');
    const repo = new LocalArtifactRepository(join(dir, 'root'));
    await repo.write('copy.txt', join(dir, 'src.txt'));
    expect((await repo.read('copy.txt')).toString()).toBe('content');
    await refused(repo.write('x.txt', join(dir, 'missing.txt')));
    await refused(repo.write('x.txt', dir));
    await expect(repo.read('nothing.txt')).rejects.toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    await refused(repo.read('.'.repeat(1) + '/'));
  });
});

describe('artifact paths and URIs', () => {
  it('normalises relative paths', () => {
    expect(normalizeArtifactPath('a//b/./c/', false)).toBe('a/b/c');
    expect(normalizeArtifactPath(undefined, true)).toBe('');
    expect(() => normalizeArtifactPath('', false)).toThrow(MlflowError);
  });

  it('maps file://, mlflow-artifacts:/ and plain paths to local directories', () => {
    expect(artifactUriToPath('file:///srv/a%20b/1', '/root')).toBe('/srv/a b/1');
    expect(artifactUriToPath('mlflow-artifacts:/1/abc/artifacts', '/root')).toBe('/root/1/abc/artifacts');
    expect(artifactUriToPath('mlflow-artifacts://host:5000/1', '/root')).toBe('/root/1');
    expect(artifactUriToPath('/abs/dir', '/root')).toBe('/abs/dir');
    expect(() => artifactUriToPath('mlflow-artifacts:/../etc', '/root')).toThrow(MlflowError);
    expect(() => artifactUriToPath('s3://bucket/x', '/root')).toThrow(MlflowError);
  });
});
