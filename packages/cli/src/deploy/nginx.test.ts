import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX_TEMPLATE, renderTemplate, templateVariables } from './nginx-template.js';
import { ONE_CUSTOMER } from './test-model.js';

// The web image's nginx config, run for real: Debian's nginx with docker/nginx/custseg-web.conf.template rendered
// as the image renders it (only the variables differ: a temp port, the checkout's packages/web/dist, and a real
// `custseg serve` on a free port, with a model trained and registered by the CLI on synthetic customers), as the
// current user, with a small main nginx.conf like the unprivileged image's (pid and temp paths in a temp dir).
// CI installs nginx (.ci/run: apt-get install nginx-light); without it the test is skipped with the reason.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const NGINX = '/usr/sbin/nginx';
const HAS_NGINX = existsSync(NGINX);
if (!HAS_NGINX) console.warn(`skipped: ${NGINX} is not installed (apt-get install nginx-light) — the web image's nginx config is not run`);
const BIN = join(ROOT, 'packages/cli/bin/custseg.js');
const WEB_DIST = join(ROOT, 'packages/web/dist');
const CHROMIUM = process.env.CUSTSEG_CHROMIUM ?? '/usr/bin/chromium';
/** The token nginx is given; the api has none, so a 401 can only come from nginx. */
const TOKEN = 'nginx-test-token';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs the built `custseg` and resolves with its stdout; rejects with its stderr on a non-zero exit. */
function cli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`custseg ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/** Polls `url` until it answers 200, or throws with what the process printed. */
async function waitFor(url: string, child: ChildProcess, output: () => string, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} not answering ${url} after 30 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function start(command: string, args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  return { child, output: () => log };
}

async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

describe.skipIf(!HAS_NGINX)('the web image\'s nginx config under Debian\'s nginx, in front of a real custseg serve', () => {
  let dir: string;
  let api: ReturnType<typeof start> | undefined;
  let nginx: ReturnType<typeof start> | undefined;
  let apiUrl: string;
  let web: string;
  let indexHtml: string;
  let nginxDir: string;

  beforeAll(async () => {
    for (const p of [BIN, join(ROOT, 'packages/cli/dist/main.js'), join(WEB_DIST, 'index.html')]) {
      if (!existsSync(p)) throw new Error(`${p} is missing: run npm run build first (npm test does)`);
    }
    indexHtml = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    dir = await mkdtemp(join(tmpdir(), 'custseg-nginx-'));

    // a registry with a champion, trained by the CLI on its synthetic customers, and a file to score
    const env = { CUSTSEG_TRACKING_URI: join(dir, 'store'), MLFLOW_TRACKING_URI: '' };
    await cli(['train', '--model', 'logistic', '--register', 'customer-segmentation', '--run-name', 'nginx-test', '--out', join(dir, 'model.json')], env);
    await cli(['models', 'promote', 'customer-segmentation', '1', '--alias', 'champion'], env);
    await cli(['synth', '--rows', '3000', '--seed', '7', '--out', join(dir, 'batch.csv')], env);

    // the api serves the tracking API too (one upstream for both URLs) and no web app of its own, so an
    // index.html can only come from nginx
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    api = start(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', String(apiPort)], {
      ...env,
      CUSTSEG_SERVE_TRACKING: 'true',
      CUSTSEG_WEB_DIR: 'off',
      CUSTSEG_POLL_SECONDS: '0',
      CUSTSEG_LOG_LEVEL: 'warn',
    });
    await waitFor(`${apiUrl}/readyz`, api.child, api.output, 'custseg serve');

    // the template rendered as the image's entrypoint renders it, and a main config like the image's
    nginxDir = join(dir, 'nginx');
    await mkdir(nginxDir);
    const webPort = await freePort();
    const template = await readFile(join(ROOT, NGINX_TEMPLATE), 'utf8');
    const vars: Record<string, string> = {
      CUSTSEG_WEB_LISTEN_PORT: String(webPort),
      CUSTSEG_WEB_DIR: WEB_DIST,
      CUSTSEG_API_URL: apiUrl,
      CUSTSEG_TRACKING_URL: apiUrl,
      CUSTSEG_TOKEN: TOKEN,
    };
    expect(templateVariables(template).sort()).toEqual(Object.keys(vars).sort());
    await writeFile(join(nginxDir, 'custseg-web.conf'), renderTemplate(template, vars));
    const root = process.getuid?.() === 0;
    await writeFile(
      join(nginxDir, 'nginx.conf'),
      [
        // as root the workers would switch to `nobody`, whose group Debian does not have
        root ? 'user root root;' : '',
        'worker_processes 1;',
        `pid ${nginxDir}/nginx.pid;`,
        `error_log ${nginxDir}/error.log warn;`,
        'events { worker_connections 256; }',
        'http {',
        '    include /etc/nginx/mime.types;',
        '    default_type application/octet-stream;',
        `    access_log ${nginxDir}/access.log;`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${nginxDir}/${t}_temp;`),
        `    include ${nginxDir}/custseg-web.conf;`,
        '}',
        '',
      ].join('\n'),
    );
    // stdout and stderr to a file: the template logs to /dev/stdout (the container's log), which cannot be
    // reopened when it is the socket node's default pipes use
    const outPath = join(nginxDir, 'stdout.log');
    const out = openSync(outPath, 'a');
    const child = spawn(NGINX, ['-p', `${nginxDir}/`, '-e', `${nginxDir}/error.log`, '-c', join(nginxDir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', out, out] });
    closeSync(out);
    const logs = () => ['stdout.log', 'error.log'].map((f) => (existsSync(join(nginxDir, f)) ? readFileSync(join(nginxDir, f), 'utf8') : '')).join('\n');
    nginx = { child, output: logs };
    web = `http://127.0.0.1:${webPort}`;
    await waitFor(`${web}/web-healthz`, child, logs, 'nginx');
  }, 180_000);

  afterAll(async () => {
    // SIGQUIT: nginx's graceful shutdown; SIGTERM: custseg drains and exits
    await stop(nginx?.child, 'SIGQUIT');
    await stop(api?.child, 'SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the app at / and at its deep links (index.html, never cached, with the security headers)', async () => {
    for (const path of ['/', '/batch', '/data', '/experiments', '/experiments/1/compare', '/runs/0123abcd', '/models']) {
      const res = await fetch(`${web}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await res.text(), path).toBe(indexHtml);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    }
    // nginx's own health, for HEALTHCHECK and the probes
    const health = await fetch(`${web}/web-healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
  });

  it('serves the hashed assets cached for a year and gzipped; a missing asset is a 404, not the app', async () => {
    const assets = [...indexHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const a of assets) {
      const res = await fetch(`${web}${a}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, a).toBe(200);
      expect(res.headers.get('cache-control'), a).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const file = readFileSync(join(WEB_DIST, a));
      if (file.length > 1024) expect(res.headers.get('content-encoding'), a).toBe('gzip');
      expect(Buffer.from(await res.arrayBuffer()).equals(file), a).toBe(true);
      if (a.endsWith('.js')) expect(res.headers.get('content-type')).toMatch(/javascript/);
    }
    const missing = await fetch(`${web}/assets/no-such-file.js`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
  });

  it('proxies POST /v1/predict: a segment, the model headers, the client\'s X-Request-Id', async () => {
    const res = await fetch(`${web}/v1/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'nginx-test-1' },
      body: JSON.stringify(ONE_CUSTOMER),
    });
    const body = (await res.json()) as { segment: string };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.segment).toMatch(/^[ABCD]$/);
    expect(res.headers.get('x-model-name')).toBe('customer-segmentation');
    expect(res.headers.get('x-model-version')).toBe('1');
    expect(res.headers.get('x-request-id')).toBe('nginx-test-1');
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('streams POST /v1/predict/csv both ways: a 3,000-row file up in chunks, NDJSON lines back', async () => {
    const csv = readFileSync(join(dir, 'batch.csv'), 'utf8');
    const rows = csv.trim().split('\n').length - 1;
    expect(rows).toBe(3000);
    // a stream body goes up with Transfer-Encoding: chunked, which nginx passes on unbuffered
    const body = Readable.toWeb(createReadStream(join(dir, 'batch.csv'), { highWaterMark: 16 * 1024 })) as ReadableStream<Uint8Array>;
    const res = await fetch(`${web}/v1/predict/csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('content-encoding')).toBeNull();
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks++;
      text += decoder.decode(chunk, { stream: true });
    }
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { ID: string; segment?: string; error?: string });
    expect(lines).toHaveLength(rows);
    expect(lines.filter((l) => l.error !== undefined && l.error !== null)).toEqual([]);
    expect(new Set(lines.map((l) => l.segment)).size).toBeGreaterThan(1);
    console.log(`POST /v1/predict/csv through nginx: ${rows} rows, answer in ${chunks} chunks`);
  });

  it('proxies POST /v1/profile with a CSV body', async () => {
    const res = await fetch(`${web}/v1/profile`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: readFileSync(join(dir, 'batch.csv')) });
    const body = await res.text();
    expect(res.status, body.slice(0, 300)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('proxies /docs and /openapi.json to the api', async () => {
    const docs = await fetch(`${web}/docs`, { headers: { accept: 'text/html' } });
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toMatch(/swagger/i);
    expect(html).not.toContain('<div id="root">');
    const spec = await fetch(`${web}/openapi.json`);
    expect(spec.status).toBe(200);
    expect(Object.keys(((await spec.json()) as { paths: object }).paths)).toContain('/v1/predict');
  });

  it('answers an unknown /v1 route with the api\'s JSON 404, not the app', async () => {
    const res = await fetch(`${web}/v1/no-such-route`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as { error: string }).error).toMatch(/no-such-route/);
  });

  it('lets no path of the api\'s OpenAPI document fall through to the app; /metrics stays unpublished', async () => {
    const doc = (await (await fetch(`${apiUrl}/openapi.json`)).json()) as { paths: Record<string, object> };
    const paths = Object.keys(doc.paths);
    expect(paths.some((p) => p.startsWith('/api/2.0/mlflow/'))).toBe(true);
    for (const path of paths) {
      // GET whatever the route's method: a POST-only route then answers the api's 404 or 405, changing nothing
      const res = await fetch(`${web}${path.replace(/\{[^}]*\}/g, 'x')}`, { headers: { accept: 'text/html' } });
      const text = await res.text();
      expect(text, `GET ${path} through nginx came back as the app`).not.toContain('<div id="root">');
      expect(res.headers.get('x-request-id') !== null || path === '/metrics', `GET ${path} was not answered by the api`).toBe(true);
    }
    const metrics = await fetch(`${web}/metrics`);
    expect(metrics.status).toBe(404);
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(200);
  });

  it('proxies the tracking API: reads are open, writes need the bearer token nginx was given', async () => {
    const models = await fetch(`${web}/ajax-api/2.0/mlflow/registered-models/search`);
    expect(models.status).toBe(200);
    expect(JSON.stringify(await models.json())).toContain('customer-segmentation');
    // MLflow's searches are POSTs that change nothing
    const runs = await fetch(`${web}/api/2.0/mlflow/runs/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ experiment_ids: ['1'] }) });
    expect(runs.status).toBe(200);

    const setAlias = (authorization?: string) =>
      fetch(`${web}/api/2.0/mlflow/registered-models/alias`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ name: 'customer-segmentation', alias: 'nginx-test', version: '1' }),
      });
    const anonymous = await setAlias();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await anonymous.json()) as { error: string }).error).toMatch(/bearer token/);
    expect((await setAlias('Bearer wrong')).status).toBe(401);
    expect((await setAlias(`Bearer ${TOKEN}`)).status).toBe(200);
    const alias = await fetch(`${web}/api/2.0/mlflow/registered-models/alias?name=customer-segmentation&alias=nginx-test`);
    expect(alias.status).toBe(200);
    expect(JSON.stringify(await alias.json())).toContain('"version":"1"');
  });

  it('proxies /get-artifact with the server\'s sandboxing policy and none of the app\'s', async () => {
    const runs = (await (await fetch(`${web}/api/2.0/mlflow/runs/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_ids: ['1'] }),
    })).json()) as { runs: { info: { run_id: string } }[] };
    const runId = runs.runs[0].info.run_id;
    const res = await fetch(`${web}/get-artifact?run_id=${runId}&path=confusion_matrix.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    expect(res.headers.get('cache-control')).not.toBe('no-cache');
  });

  it('proxies the api\'s /healthz and /readyz', async () => {
    for (const p of ['/healthz', '/readyz']) {
      const res = await fetch(`${web}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('x-request-id'), p).not.toBeNull();
    }
  });

  it.skipIf(!existsSync(CHROMIUM))('renders every page in chromium without a Content-Security-Policy violation', { timeout: 120_000 }, async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
      const runs = (await (await fetch(`${web}/api/2.0/mlflow/runs/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ experiment_ids: ['1'] }),
      })).json()) as { runs: { info: { run_id: string } }[] };
      for (const path of ['/', '/batch', '/data', '/experiments', '/experiments/1/compare', `/runs/${runs.runs[0].info.run_id}`, '/models']) {
        await page.goto(`${web}${path}`, { waitUntil: 'networkidle' });
        expect(await page.locator('#root').innerText(), path).not.toBe('');
      }
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
