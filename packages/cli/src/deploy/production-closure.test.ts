import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeModel } from '@custseg/ml';
import { modelsExportCommand } from '../commands/models-export.js';
import { dockerignore, instructionsOf, parseCopy, parseDockerfile, type Stage } from './dockerfile.js';
import { ONE_CUSTOMER, trainSmallModel } from './test-model.js';

// The api image's production closure, rebuilt on this machine (no Docker engine here): the COPY and npm lines of
// docker/api.Dockerfile are replayed into clean temp directories, then the server starts from the runtime
// directory alone with a baked model. A runtime dependency declared as dev, or a file the image forgets to copy,
// fails here instead of in production. The web image's build stage is replayed the same way: `npm ci --workspace
// @custseg/web` from the lockfile and the build context (.dockerignore applied), then `vite build`.
// Slow (real `npm ci` runs), so only with CUSTSEG_SLOW_TESTS=1.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SLOW = process.env.CUSTSEG_SLOW_TESTS === '1';
if (!SLOW) console.warn('skipped: production closure test runs only with CUSTSEG_SLOW_TESTS=1 (it runs both images\' npm ci, a few minutes)');

/** Where the image's WORKDIR maps to on this machine. */
const WORKDIR = '/app';
const temps: string[] = [];
/** What `docker build .` sends: the checkout minus .dockerignore. */
const ignored = dockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

/** Docker's COPY: a directory source copies its contents; a file goes into DEST/ or becomes DEST. */
async function dockerCopy(src: string, destInStage: string, stageDir: string, filter?: (path: string) => boolean): Promise<void> {
  const dest = join(stageDir, destInStage);
  if ((await stat(src)).isDirectory()) {
    await mkdir(dest, { recursive: true });
    await cp(src, dest, { recursive: true, verbatimSymlinks: true, ...(filter ? { filter } : {}) });
  } else {
    const target = destInStage.endsWith('/') ? join(dest, basename(src)) : dest;
    await mkdir(dirname(target), { recursive: true });
    await cp(src, target);
  }
}

/**
 * Replays a stage: WORKDIR must be /app, COPY copies from the context (or another stage's directory), RUN
 * executes the npm commands as written and skips system ones (apt-get, users, links) that need root.
 */
async function replay(stage: Stage, stageDir: (name: string) => string, context: (src: string) => string, log: string[]): Promise<void> {
  const dir = stageDir(stage.name);
  for (const ins of stage.instructions) {
    if (ins.keyword === 'WORKDIR') expect(ins.args, `WORKDIR (line ${ins.line})`).toBe(WORKDIR);
    if (ins.keyword === 'COPY') {
      const c = parseCopy(ins.args);
      for (const s of c.sources) {
        const from = c.from === undefined ? context(s) : join(stageDir(c.from), s.replace(new RegExp(`^${WORKDIR}/?`), ''));
        // the build context leaves out what .dockerignore names (node_modules, dist, test results, ...)
        const filter = c.from === undefined && from.startsWith(ROOT) ? (p: string) => !ignored(relative(ROOT, p)) : undefined;
        await dockerCopy(from, c.dest, dir, filter);
      }
    }
    if (ins.keyword === 'RUN') {
      for (const cmd of ins.args.split('&&').map((x) => x.trim())) {
        if (!cmd.startsWith('npm ')) {
          log.push(`skipped (system): ${cmd.slice(0, 60)}`);
          continue;
        }
        const r = spawnSync('sh', ['-c', cmd], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_ENV: '' } });
        log.push(`ran in ${stage.name}: ${cmd} → ${r.status}`);
        expect(r.status, `${stage.name} line ${ins.line}: ${cmd}\n${r.stderr.slice(-2000)}`).toBe(0);
      }
    }
  }
}

/** Starts `custseg ...` from the runtime directory alone and returns the URL it prints. */
async function startFrom(runtime: string, args: string[], env: Record<string, string>, urlPattern: RegExp): Promise<string> {
  const child = spawn(process.execPath, [join(runtime, 'packages/cli/bin/custseg.js'), ...args], {
    cwd: runtime,
    // only what the image sets: no NODE_PATH or anything else that could reach the checkout's node_modules
    env: { PATH: process.env.PATH ?? '', HOME: runtime, ...env },
  });
  children.push(child);
  let output = '';
  return await new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = urlPattern.exec(output);
      if (m) resolve(m[1].replace('://0.0.0.0:', '://127.0.0.1:').replace('://localhost:', '://127.0.0.1:'));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`custseg ${args.join(' ')} exited ${code} before listening:\n${output}`)));
  });
}

describe.skipIf(!SLOW)('api image production closure (docker/api.Dockerfile replayed)', () => {
  it('installs production dependencies as the image does and serves a baked model from that directory alone', { timeout: 600_000 }, async () => {
    for (const p of ['ml', 'tracking', 'server', 'cli', 'web']) {
      expect(existsSync(join(ROOT, 'packages', p, 'dist')), `packages/${p}/dist missing: run npm run build first`).toBe(true);
    }
    const df = parseDockerfile(await readFile(join(ROOT, 'docker/api.Dockerfile'), 'utf8'), 'docker/api.Dockerfile');
    const base = await mkdtemp(join(tmpdir(), 'custseg-closure-'));
    temps.push(base);

    // `custseg models export FILE --out docker/model`, into a copy of that folder rather than the checkout
    const bakedContext = join(base, 'context-docker-model');
    const source = join(base, 'trained.json');
    await mkdir(bakedContext, { recursive: true });
    await writeFile(source, serializeModel(trainSmallModel()));
    expect(await modelsExportCommand([source, '--out', bakedContext])).toBe(0);

    // the build stage is the checkout itself, already compiled by `npm run build` (what its RUN lines do)
    const stageDir = (name: string) => (name === 'build' ? ROOT : join(base, name));
    const context = (src: string) => (src.replace(/\/$/, '') === 'docker/model' ? bakedContext : join(ROOT, src));
    const log: string[] = [];
    const stages = df.stages.filter((s) => s.name !== 'build');
    for (const s of stages) {
      await mkdir(stageDir(s.name), { recursive: true });
      await replay(s, stageDir, context, log);
    }
    console.log(log.join('\n'));
    const runtime = stageDir(df.stages[df.stages.length - 1].name);

    // nothing from the dev side of the lockfile, and no toolchain-only leftovers
    for (const dev of ['typescript', 'vitest', 'tsx', 'fast-check', '@types/node', 'autocannon']) {
      expect(existsSync(join(runtime, 'node_modules', dev)), `dev dependency ${dev} in the runtime closure`).toBe(false);
    }
    expect(existsSync(join(runtime, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);

    const env = Object.fromEntries(
      instructionsOf(df.stages[df.stages.length - 1], 'ENV').flatMap((e) => [...e.args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])),
    ) as Record<string, string>;
    // the image built with --build-arg CUSTSEG_MODEL=/app/model/model.json, /app being the runtime directory
    const servingEnv = { ...env, CUSTSEG_MODEL: join(runtime, 'model/model.json'), CUSTSEG_HOST: '127.0.0.1', CUSTSEG_PORT: '0', CUSTSEG_TRACKING_URI: join(base, 'data/tracking') };
    const url = await startFrom(runtime, ['serve'], servingEnv, /serving .* on (http:\/\/\S+)/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const res = await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ONE_CUSTOMER) });
    const body = await res.text();
    expect(res.status, body).toBe(200);
    expect(body).toMatch(/"[ABCD]"/);
    console.log(`closure serve ${url}: POST /v1/predict → ${res.status} ${body.slice(0, 200)}`);

    // the web app the image carries, served by the same process at / (deep links too)
    for (const path of ['/', '/experiments']) {
      const page = await fetch(`${url}${path}`, { headers: { accept: 'text/html' } });
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toContain('<div id="root">');
    }
    // and nothing of the web app's own dependencies: they are bundled into its dist
    for (const webDep of ['react', 'react-dom', 'vite', '@observablehq/plot']) {
      expect(existsSync(join(runtime, 'node_modules', webDep)), `web dependency ${webDep} in the api's runtime closure`).toBe(false);
    }

    // the tracking server from the same closure: better-sqlite3's native module loads without the toolchain
    const trackingUrl = await startFrom(runtime, ['tracking', 'serve', '--host', '127.0.0.1', '--port', '0', '--backend-store-uri', join(base, 'data/tracking')], env, /tracking server on (http:\/\/\S+)/);
    expect((await fetch(`${trackingUrl}/health`)).status).toBe(200);
  });

  it('builds the web app as docker/web.Dockerfile does, from the lockfile and the build context alone', { timeout: 600_000 }, async () => {
    const df = parseDockerfile(await readFile(join(ROOT, 'docker/web.Dockerfile'), 'utf8'), 'docker/web.Dockerfile');
    const base = await mkdtemp(join(tmpdir(), 'custseg-web-image-'));
    temps.push(base);
    const stageDir = (name: string) => join(base, name);
    const log: string[] = [];
    for (const s of df.stages) {
      await mkdir(stageDir(s.name), { recursive: true });
      await replay(s, stageDir, (src) => join(ROOT, src), log);
    }
    console.log(log.join('\n'));
    // the build context brought no installed modules or earlier build of the app
    expect(existsSync(join(stageDir('build'), 'packages/web/test-results'))).toBe(false);
    // only the web app's dependency tree was installed: no native module, no toolchain needed
    expect(existsSync(join(stageDir('build'), 'node_modules/vite'))).toBe(true);
    expect(existsSync(join(stageDir('build'), 'node_modules/better-sqlite3'))).toBe(false);

    // the runtime stage: the app where CUSTSEG_WEB_DIR says, the template where the nginx image renders templates
    const runtime = df.stages[df.stages.length - 1];
    const env = Object.fromEntries(
      instructionsOf(runtime, 'ENV').flatMap((e) => [...e.args.matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1], m[2]])),
    ) as Record<string, string>;
    const webDir = join(stageDir(runtime.name), env.CUSTSEG_WEB_DIR ?? '');
    const index = await readFile(join(webDir, 'index.html'), 'utf8');
    const assets = [...index.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(existsSync(join(webDir, a)), a).toBe(true);
    expect(existsSync(join(stageDir(runtime.name), 'etc/nginx/templates/custseg-web.conf.template'))).toBe(true);
  });
});
