import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, rawRequest, startTestServer, type TestServer } from './test-support/http.js';

// The artifact proxy of `mlflow server --serve-artifacts` (mlflow/server/handlers.py: _download_artifact,
// _upload_artifact, _delete_artifact_mlflow_artifacts, _list_artifacts_mlflow_artifacts), under
// /api/2.0/mlflow-artifacts/artifacts: GET {path} downloads as an attachment, PUT {path} uploads the raw body
// and answers {}, GET ?path=DIR lists {"files": [FileInfo]} with basenames. No request may reach a file outside
// the artifact root: '..' (plain or percent-encoded), absolute paths and symbolic links are all 400.

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
let t: TestServer;
let outside: string;

beforeAll(async () => {
  t = await startTestServer({ maxArtifactBytes: 1024 * 1024 });
  outside = mkdtempSync(join(tmpdir(), 'custseg-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'secret');
});
afterAll(async () => {
  await t.close();
});

const root = () => join(t.dir, 'artifacts');

describe('transfers', () => {
  it('uploads with PUT, downloads with GET as an attachment, lists basenames, deletes', async () => {
    expect((await call(t.url, 'PUT', `${PROXY}/exp/run/artifacts/model/model.json`, '{"a":1}', { 'content-type': 'application/json' })).json).toEqual({});
    // no content type at all, as a raw upload may come
    expect((await rawRequest(t.url, 'PUT', `${PROXY}/exp/run/artifacts/notes.txt`, 'hello')).status).toBe(200);
    expect(readFileSync(join(root(), 'exp/run/artifacts/model/model.json'), 'utf8')).toBe('{"a":1}');

    const r = await call(t.url, 'GET', `${PROXY}/exp/run/artifacts/model/model.json`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('{"a":1}');
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''model.json");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');

    expect((await call(t.url, 'GET', `${PROXY}?path=exp/run/artifacts`)).json).toEqual({
      files: [
        { path: 'model', is_dir: true },
        { path: 'notes.txt', is_dir: false, file_size: 5 },
      ],
    });
    expect((await call(t.url, 'GET', `${PROXY}?path=nowhere`)).json).toEqual({});

    expect((await call(t.url, 'DELETE', `${PROXY}/exp/run/artifacts/notes.txt`)).json).toEqual({});
    const gone = await call(t.url, 'GET', `${PROXY}/exp/run/artifacts/notes.txt`);
    expect(gone.status).toBe(404);
    expect(gone.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('round-trips binary data and names that need percent-encoding', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
    const path = `${PROXY}/bin/${encodeURIComponent('a file #1.bin')}`;
    expect((await call(t.url, 'PUT', path, bytes, { 'content-type': 'application/octet-stream' })).status).toBe(200);
    const res = await fetch(`${t.url}${path}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(existsSync(join(root(), 'bin', 'a file #1.bin'))).toBe(true);
  });

  it('refuses a directory or the root as a file, and a body over the limit with 413', async () => {
    mkdirSync(join(root(), 'dir'), { recursive: true });
    expect((await call(t.url, 'GET', `${PROXY}/dir`)).json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await call(t.url, 'PUT', `${PROXY}/`, 'x')).status).toBe(400);
    expect((await call(t.url, 'DELETE', `${PROXY}/`)).status).toBe(400);
    const big = await call(t.url, 'PUT', `${PROXY}/big.bin`, Buffer.alloc(1024 * 1024 + 1), { 'content-type': 'application/octet-stream' });
    expect(big.status).toBe(413);
    expect(big.json.error_code).toBe('BAD_REQUEST');
    expect(existsSync(join(root(), 'big.bin'))).toBe(false);
  });
});

describe('path traversal', () => {
  const escapes = [
    '../secret.txt',
    '../../../../../../etc/passwd',
    'a/../../secret.txt',
    '%2e%2e/secret.txt',
    '%2E%2E%2Fsecret.txt',
    'a/%2e%2e/%2e%2e/secret.txt',
    '..%5c..%5csecret.txt',
    '/etc/passwd',
    '%2Fetc%2Fpasswd',
    '%00secret',
  ];

  it.each(escapes)('GET, PUT and DELETE of %s are 400 INVALID_PARAMETER_VALUE', async (p) => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const r = await rawRequest(t.url, method, `${PROXY}/${p}`, method === 'PUT' ? 'pwned' : undefined);
      expect(r.status, `${method} ${p}: ${r.text}`).toBe(400);
      expect(JSON.parse(r.text).error_code).toBe('INVALID_PARAMETER_VALUE');
    }
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    expect(existsSync(join(t.dir, 'secret.txt'))).toBe(false);
  });

  it('listing ?path=.. or an absolute path is 400', async () => {
    for (const p of ['..', '../..', '/etc', 'a/../..']) {
      const r = await call(t.url, 'GET', `${PROXY}?path=${encodeURIComponent(p)}`);
      expect(r.status, p).toBe(400);
      expect(r.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('symbolic links out of the root are 400 for reading, writing and listing', async () => {
    mkdirSync(root(), { recursive: true });
    symlinkSync(outside, join(root(), 'link-dir'));
    symlinkSync(join(outside, 'secret.txt'), join(root(), 'link-file.txt'));
    symlinkSync(join(outside, 'missing'), join(root(), 'dangling'));
    for (const p of ['link-dir/secret.txt', 'link-file.txt']) {
      const r = await call(t.url, 'GET', `${PROXY}/${p}`);
      expect(r.status, p).toBe(400);
      expect(r.json.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(r.text).not.toContain('secret"');
    }
    for (const p of ['link-dir/new.txt', 'link-file.txt', 'dangling', 'dangling/x.txt']) {
      const r = await call(t.url, 'PUT', `${PROXY}/${p}`, 'pwned', { 'content-type': 'text/plain' });
      expect(r.status, `${p}: ${r.text}`).toBe(400);
      expect(r.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
    expect((await call(t.url, 'GET', `${PROXY}?path=link-dir`)).status).toBe(400);
    expect((await call(t.url, 'DELETE', `${PROXY}/link-dir/secret.txt`)).status).toBe(400);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    expect(existsSync(join(outside, 'new.txt'))).toBe(false);
    expect(existsSync(join(outside, 'missing'))).toBe(false);
  });

  it('a symbolic link that stays inside the root is followed', async () => {
    mkdirSync(join(root(), 'real'), { recursive: true });
    writeFileSync(join(root(), 'real', 'f.txt'), 'inside');
    symlinkSync(join(root(), 'real'), join(root(), 'alias'));
    expect((await call(t.url, 'GET', `${PROXY}/alias/f.txt`)).text).toBe('inside');
  });
});
