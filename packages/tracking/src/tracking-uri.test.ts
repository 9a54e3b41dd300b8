import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MlflowError } from './errors.js';
import { SqliteTrackingStore } from './sqlite/store.js';
import { openStore, resolveTrackingUri } from './tracking-uri.js';
import type { TrackingStore } from './types.js';

const cwd = '/work/project';

describe('resolveTrackingUri', () => {
  it('defaults to .custseg/ in the working directory', () => {
    expect(resolveTrackingUri(undefined, {}, cwd)).toEqual({ kind: 'embedded', dbPath: '/work/project/.custseg/tracking.db', artifactRoot: '/work/project/.custseg/artifacts' });
  });

  it('takes the argument, then CUSTSEG_TRACKING_URI, then MLFLOW_TRACKING_URI', () => {
    const env = { CUSTSEG_TRACKING_URI: 'http://c:1', MLFLOW_TRACKING_URI: 'http://m:2' };
    expect(resolveTrackingUri('http://a:3', env, cwd)).toEqual({ kind: 'rest', baseUrl: 'http://a:3' });
    expect(resolveTrackingUri(undefined, env, cwd)).toEqual({ kind: 'rest', baseUrl: 'http://c:1' });
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: 'https://m:2/' }, cwd)).toEqual({ kind: 'rest', baseUrl: 'https://m:2' });
    expect(resolveTrackingUri(undefined, { CUSTSEG_TRACKING_URI: '', MLFLOW_TRACKING_URI: 'mlruns' }, cwd)).toMatchObject({ dbPath: '/work/project/mlruns/tracking.db' });
  });

  it('reads sqlite URIs as SQLAlchemy does: three slashes relative, four absolute', () => {
    expect(resolveTrackingUri('sqlite:///data/t.db', {}, cwd)).toEqual({ kind: 'embedded', dbPath: '/work/project/data/t.db', artifactRoot: '/work/project/data/artifacts' });
    expect(resolveTrackingUri('sqlite:////abs/t.db', {}, cwd)).toEqual({ kind: 'embedded', dbPath: '/abs/t.db', artifactRoot: '/abs/artifacts' });
  });

  it('reads directories and file: URIs as a file store location', () => {
    expect(resolveTrackingUri('/srv/track', {}, cwd)).toEqual({ kind: 'embedded', dbPath: '/srv/track/tracking.db', artifactRoot: '/srv/track/artifacts' });
    expect(resolveTrackingUri('rel/dir', {}, cwd)).toMatchObject({ dbPath: '/work/project/rel/dir/tracking.db' });
    expect(resolveTrackingUri('file:///srv/x', {}, cwd)).toMatchObject({ dbPath: '/srv/x/tracking.db' });
  });

  it('keeps a path prefix of an http URI', () => {
    expect(resolveTrackingUri('http://host:5000/mlflow/', {}, cwd)).toEqual({ kind: 'rest', baseUrl: 'http://host:5000/mlflow' });
  });

  it('refuses what it cannot serve', () => {
    for (const u of ['postgresql://u@h/db', 'databricks', 'sqlite://', 'sqlite:relative.db', 's3://bucket']) {
      expect(() => resolveTrackingUri(u, {}, cwd), u).toThrow(MlflowError);
    }
  });
});

describe('openStore', () => {
  it('opens the embedded store a URI names and hands http URIs to the REST client factory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custseg-uri-'));
    const store = openStore(`sqlite:///${join(dir, 'x.db').slice(1)}`, { cwd: '/' });
    expect(store).toBeInstanceOf(SqliteTrackingStore);
    expect((store as SqliteTrackingStore).dbPath).toBe(join(dir, 'x.db'));
    expect((store as SqliteTrackingStore).artifactRoot).toBe(join(dir, 'artifacts'));
    await store.close();
    const fake = {} as TrackingStore;
    expect(openStore('http://h:1', { restClient: (url) => (url === 'http://h:1' ? fake : ({} as TrackingStore)) })).toBe(fake);
    expect(() => openStore('http://h:1', {})).toThrow(MlflowError);
  });
});
