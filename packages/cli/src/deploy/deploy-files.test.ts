import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { serializeModel } from '@custseg/ml';
import { SERVING_ENV, servingConfigFromEnv, startServing, startTrackingServer, type RunningServer, type RunningTrackingServer } from '@custseg/server';
import { execForm, instructionsOf, parseDockerfile, type Stage } from './dockerfile.js';
import { NGINX_TEMPLATE, locationFor, templateLocations, templateVariables, withoutComments } from './nginx-template.js';
import { trainSmallModel } from './test-model.js';

// Every deployment file, read and cross-checked: these machines have no Docker engine or cluster, so agreement
// between the files (ports, paths, env names, image names) is checked here rather than discovered in production.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');
const json = (rel: string) => JSON.parse(read(rel)) as Record<string, any>;

const IMAGE_REPO = 'custseg-api';
const WEB_IMAGE_REPO = 'custseg-web';
const API_PORT = 8000;
const TRACKING_PORT = 5000;
/** nginx in the web image (non-root, so not 80). */
const WEB_PORT = 8080;
/** The web container's own health location (nginx answers it; the api's health is proxied separately). */
const WEB_HEALTH = '/web-healthz';
const SERVER_ENV = new Set(Object.keys(SERVING_ENV));
/** The npm workspaces: every `npm ci` needs each one's package.json, or it refuses the lockfile. */
const WORKSPACES = (json('package.json').workspaces as string[]).map((w) => w.replace(/\/$/, ''));

/** `NAME=value` pairs of a stage's ENV lines. */
function stageEnv(stage: Stage): Record<string, string> {
  return Object.fromEntries(instructionsOf(stage, 'ENV').flatMap((e) => [...e.args.matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1], m[2]])));
}

const webDockerfile = parseDockerfile(read('docker/web.Dockerfile'), 'docker/web.Dockerfile');
const webRuntime = webDockerfile.stages[webDockerfile.stages.length - 1];
const webEnv = stageEnv(webRuntime);
const template = read(NGINX_TEMPLATE);
const locations = templateLocations(template);
/** The ${VARIABLES} of the nginx template: the only environment the web container reads. */
const TEMPLATE_VARS = new Set(templateVariables(template));
/** Which upstream answers which proxied location of the template, as `location` text → template variable. */
const PROXIED: Record<string, 'CUSTSEG_API_URL' | 'CUSTSEG_TRACKING_URL'> = {
  '/v1/': 'CUSTSEG_API_URL',
  '/docs': 'CUSTSEG_API_URL',
  '= /openapi.json': 'CUSTSEG_API_URL',
  '= /healthz': 'CUSTSEG_API_URL',
  '= /readyz': 'CUSTSEG_API_URL',
  '= /home': 'CUSTSEG_API_URL',
  '= /single_predict': 'CUSTSEG_API_URL',
  '= /batch_predict': 'CUSTSEG_API_URL',
  '= /uploadcsv/': 'CUSTSEG_API_URL',
  '/api/': 'CUSTSEG_TRACKING_URL',
  '/ajax-api/': 'CUSTSEG_TRACKING_URL',
  '/get-artifact': 'CUSTSEG_TRACKING_URL',
  '= /health': 'CUSTSEG_TRACKING_URL',
};
/** A request each proxied location must reach a route with on the real server (not its "no route" 404). */
const PROXIED_SAMPLE: Record<string, { method: 'GET' | 'POST'; path: string }> = {
  '/v1/': { method: 'GET', path: '/v1/model' },
  '/docs': { method: 'GET', path: '/docs' },
  '= /openapi.json': { method: 'GET', path: '/openapi.json' },
  '= /healthz': { method: 'GET', path: '/healthz' },
  '= /readyz': { method: 'GET', path: '/readyz' },
  '= /home': { method: 'GET', path: '/home' },
  '= /single_predict': { method: 'POST', path: '/single_predict' },
  '= /batch_predict': { method: 'POST', path: '/batch_predict' },
  '= /uploadcsv/': { method: 'POST', path: '/uploadcsv/' },
  '/api/': { method: 'GET', path: '/api/2.0/mlflow/experiments/search?max_results=10' },
  '/ajax-api/': { method: 'GET', path: '/ajax-api/2.0/mlflow/experiments/search?max_results=10' },
  '/get-artifact': { method: 'GET', path: '/get-artifact?run_id=none&path=none' },
  '= /health': { method: 'GET', path: '/health' },
};
const locationText = (l: { modifier: string; path: string }) => (l.modifier ? `${l.modifier} ${l.path}` : l.path);
/** The tracking server's fixed command line, the same wherever it runs. */
const TRACKING_ARGS = ['custseg', 'tracking', 'serve', '--host', '0.0.0.0', '--port', String(TRACKING_PORT), '--backend-store-uri', '/data/tracking', '--artifacts-destination', '/data/tracking/artifacts'];

/** `docker.io/user/custseg-api:tag` → `custseg-api`; compose's `${CUSTSEG_IMAGE:-custseg-api}:...` → its default. */
function imageRepo(image: string): string {
  const withDefaults = image.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
  const noTag = withDefaults.replace(/:[^/:]*$/, '');
  return noTag.split('/').pop() ?? noTag;
}

/** Health paths each deployment file probes, by service, gathered as the tests go and checked against the servers. */
const probed: { api: Set<string>; tracking: Set<string> } = { api: new Set(), tracking: new Set() };
const pathsIn = (text: string) => [...text.matchAll(/127\.0\.0\.1:[^/]*(\/\w+)/g)].map((m) => m[1]);

describe('docker/api.Dockerfile', () => {
  const df = parseDockerfile(read('docker/api.Dockerfile'), 'docker/api.Dockerfile');
  const runtime = df.stages[df.stages.length - 1];

  it('is multi-stage: the runtime stage gets node_modules from a production-only install and has no toolchain', () => {
    expect(df.stages.map((s) => s.name)).toEqual(['build', 'prod-deps', 'runtime']);
    expect(df.stages.every((s) => s.image.startsWith('node:20'))).toBe(true);
    const prodRun = instructionsOf(df.stages[1], 'RUN').map((r) => r.args).join('\n');
    expect(prodRun).toMatch(/npm ci --omit=dev/);
    const runtimeRun = instructionsOf(runtime, 'RUN').map((r) => r.args).join('\n');
    expect(runtimeRun).not.toMatch(/\b(python3|g\+\+|make|npm)\b/);
    const copies = instructionsOf(runtime, 'COPY').map((c) => c.args);
    expect(copies.some((c) => c.startsWith('--from=prod-deps /app/node_modules/'))).toBe(true);
    expect(copies.some((c) => c.startsWith('--from=build') && c.includes('node_modules'))).toBe(false);
  });

  it('runs as a non-root user with tini as PID 1, exposes 8000 and checks /readyz', () => {
    const users = instructionsOf(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1].args).not.toMatch(/^(root|0)(:|$)/);
    expect(execForm(instructionsOf(runtime, 'ENTRYPOINT')[0].args)).toEqual(['/usr/bin/tini', '--']);
    expect(execForm(instructionsOf(runtime, 'CMD')[0].args)).toEqual(['custseg', 'serve']);
    expect(instructionsOf(runtime, 'EXPOSE').map((e) => e.args)).toEqual([String(API_PORT)]);
    const hc = instructionsOf(runtime, 'HEALTHCHECK');
    expect(hc).toHaveLength(1);
    expect(hc[0].args).toContain('/readyz');
    for (const p of pathsIn(hc[0].args)) probed.api.add(p);
  });

  it('sets only environment variables the server reads', () => {
    const names = instructionsOf(runtime, 'ENV').flatMap((e) => [...e.args.matchAll(/(\w+)=/g)].map((m) => m[1]));
    expect(names).toContain('CUSTSEG_MODEL');
    for (const n of names) if (n !== 'NODE_ENV') expect(SERVER_ENV, n).toContain(n);
    const port = /CUSTSEG_PORT=(\d+)/.exec(instructionsOf(runtime, 'ENV').map((e) => e.args).join(' '));
    expect(Number(port?.[1])).toBe(API_PORT);
  });

  it('copies only paths that exist (both Dockerfiles), and the build context excludes modules, data and stores', () => {
    for (const [name, file] of [['docker/api.Dockerfile', df], ['docker/web.Dockerfile', webDockerfile]] as const) {
      for (const stage of file.stages) {
        for (const c of instructionsOf(stage, 'COPY')) {
          if (c.args.startsWith('--from=')) continue;
          for (const src of c.args.split(/\s+/).slice(0, -1)) expect(existsSync(join(ROOT, src)), `${name}: COPY ${src} (line ${c.line})`).toBe(true);
        }
      }
    }
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const must of ['**/node_modules', '**/dist', '.custseg', '**/.custseg', '**/*.csv', 'data', '.git', '**/test-results']) expect(ignore).toContain(must);
    expect(ignore).not.toContain('docker');
  });

  it('gives every npm ci every workspace package.json (web included); the runtime carries the built web app', () => {
    for (const [name, file] of [['docker/api.Dockerfile', df], ['docker/web.Dockerfile', webDockerfile]] as const) {
      for (const stage of file.stages.filter((s) => instructionsOf(s, 'RUN').some((r) => /\bnpm ci\b/.test(r.args)))) {
        const copied = instructionsOf(stage, 'COPY').flatMap((c) => c.args.split(/\s+/).slice(0, -1));
        for (const w of WORKSPACES) expect(copied, `${name} stage ${stage.name}: ${w}/package.json`).toContain(`${w}/package.json`);
        expect(copied, `${name} stage ${stage.name}`).toContain('package-lock.json');
      }
    }
    // the api's production install leaves the web app's dependencies out: they are bundled into its dist
    const prodRun = instructionsOf(df.stages[1], 'RUN').map((r) => r.args).join('\n');
    const selected = [...prodRun.matchAll(/--workspace\s+(\S+)/g)].map((m) => m[1]);
    expect(selected.sort()).toEqual(['@custseg/cli', '@custseg/ml', '@custseg/server', '@custseg/tracking']);
    const copies = instructionsOf(runtime, 'COPY').map((c) => c.args);
    expect(copies).toContain('--from=build /app/packages/web/dist/ packages/web/dist/');
  });
});

describe('docker/web.Dockerfile', () => {
  const [build, runtime] = webDockerfile.stages;

  it('is multi-stage: node builds the app from the lockfile with only its workspace installed, nginx serves it', () => {
    expect(webDockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(build.image).toMatch(/^node:20/);
    expect(runtime.image).toMatch(/^nginxinc\/nginx-unprivileged:/);
    const buildRun = instructionsOf(build, 'RUN').map((r) => r.args);
    expect(buildRun).toEqual(['npm ci --workspace @custseg/web --no-audit --no-fund', 'npm run build --workspace @custseg/web']);
    expect(read('packages/web/package.json')).toMatch(/"name": "@custseg\/web"/);
    const runtimeRun = instructionsOf(runtime, 'RUN').map((r) => r.args).join('\n');
    expect(runtimeRun).not.toMatch(/\b(npm|node|apt-get|apk)\b/);
    const copies = instructionsOf(runtime, 'COPY').map((c) => c.args);
    expect(copies).toContain(`--from=build /app/packages/web/dist/ ${webEnv.CUSTSEG_WEB_DIR}/`);
  });

  it('runs as a non-root user on 8080, exposed, with a HEALTHCHECK of nginx\'s own health location', () => {
    const users = instructionsOf(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1].args).not.toMatch(/^(root|0)(:|$)/);
    expect(instructionsOf(runtime, 'EXPOSE').map((e) => e.args)).toEqual([String(WEB_PORT)]);
    expect(webEnv.CUSTSEG_WEB_LISTEN_PORT).toBe(String(WEB_PORT));
    const hc = instructionsOf(runtime, 'HEALTHCHECK');
    expect(hc).toHaveLength(1);
    expect(hc[0].args).toContain(`http://127.0.0.1:\${CUSTSEG_WEB_LISTEN_PORT}${WEB_HEALTH}`);
    expect(hc[0].args).toMatch(/\bwget\b/);
    const health = locationFor(locations, WEB_HEALTH);
    expect(health).toMatchObject({ modifier: '=', path: WEB_HEALTH, returns: 200, proxyVariable: undefined });
  });

  it('puts the template where the image renders it and includes the rendered file, under the writable /tmp', () => {
    const name = NGINX_TEMPLATE.split('/').pop() ?? '';
    expect(instructionsOf(runtime, 'COPY').map((c) => c.args)).toContain(`${NGINX_TEMPLATE} /etc/nginx/templates/${name}`);
    const out = webEnv.NGINX_ENVSUBST_OUTPUT_DIR;
    expect(out).toBe('/tmp');
    const run = instructionsOf(runtime, 'RUN').map((r) => r.args).join('\n');
    expect(run).toContain(`include ${out}/${name.replace(/\.template$/, '')};`);
    expect(run).toMatch(/rm -f \/etc\/nginx\/conf\.d\/default\.conf/);
    // the ENV sets every variable the template uses and no other CUSTSEG_ one
    expect(new Set(Object.keys(webEnv).filter((k) => k.startsWith('CUSTSEG_')))).toEqual(TEMPLATE_VARS);
  });
});

describe('docker/nginx/custseg-web.conf.template', () => {
  const code = withoutComments(template);

  it('braces only its own variables: nginx\'s are brace-less, so envsubst leaves them alone', () => {
    for (const v of TEMPLATE_VARS) expect(v).toMatch(/^CUSTSEG_[A-Z_]+$/);
    // envsubst also replaces $NAME of a defined variable: no upper-case name may follow a bare $
    expect(code.replace(/\$\{\w+\}/g, '').match(/\$[A-Z_]\w*/g)).toBeNull();
  });

  it('proxies each API path to the service that answers it, streaming both ways, with forwarded headers', () => {
    const proxied = Object.fromEntries(locations.filter((l) => l.proxyVariable).map((l) => [locationText(l), l.proxyVariable]));
    expect(proxied).toEqual(PROXIED);
    for (const directive of [
      'client_max_body_size 0;',
      'proxy_http_version 1.1;',
      'proxy_request_buffering off;',
      'proxy_buffering off;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $custseg_forwarded_proto;',
      'proxy_set_header X-Request-Id $custseg_request_id;',
      'proxy_read_timeout 300s;',
    ]) {
      expect(code).toContain(directive);
    }
    // proxy settings are inherited from the server block only while a location sets none of its own
    for (const l of locations.filter((x) => x.proxyVariable)) expect(l.body, locationText(l)).not.toMatch(/proxy_(set_header|buffering|request_buffering)/);
    // /metrics stays off the public port
    expect(locationFor(locations, '/metrics')).toMatchObject({ modifier: '=', returns: 404 });
  });

  it('serves the app: deep links load index.html (never cached), hashed assets are immutable, text is gzipped', () => {
    const app = locationFor(locations, '/experiments/1/compare');
    expect(app?.path).toBe('/');
    expect(app?.body).toMatch(/try_files \$uri \/index\.html;/);
    expect(app?.body).toMatch(/Cache-Control "no-cache"/);
    expect(app?.body).toMatch(/Content-Security-Policy "default-src 'self'; script-src 'self';/);
    expect(app?.body).toMatch(/X-Content-Type-Options nosniff/);
    expect(app?.body).toMatch(/Referrer-Policy/);
    const assets = locationFor(locations, '/assets/index-abc.js');
    expect(assets?.path).toBe('/assets/');
    expect(assets?.body).toMatch(/try_files \$uri =404;/);
    expect(assets?.body).toMatch(/Cache-Control "public, max-age=31536000, immutable"/);
    expect(code).toMatch(/gzip on;/);
    expect(code).toMatch(/root \$\{CUSTSEG_WEB_DIR\};/);
    expect(code).toMatch(/listen \$\{CUSTSEG_WEB_LISTEN_PORT\};/);
  });

  it('leaves none of the SPA\'s client-side routes to a proxy', () => {
    for (const route of ['/', '/batch', '/data', '/experiments', '/experiments/7/compare', '/runs/abc', '/models']) {
      expect(locationFor(locations, route)?.path, route).toBe('/');
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as Record<string, any>;
  const services = compose.services as Record<string, any>;

  it('has tracking and api (the api image) and web (the web image), all read-only with health checks', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'tracking', 'web']);
    for (const name of ['api', 'tracking']) {
      expect(imageRepo(services[name].image)).toBe(IMAGE_REPO);
      expect(services[name].build.dockerfile).toBe('docker/api.Dockerfile');
    }
    expect(imageRepo(services.web.image)).toBe(WEB_IMAGE_REPO);
    expect(services.web.build.dockerfile).toBe('docker/web.Dockerfile');
    for (const s of Object.values(services)) {
      expect(s.read_only).toBe(true);
      expect(s.healthcheck.test[0]).toBe('CMD');
    }
  });

  it('publishes exactly one port, web on 8080, started once api and tracking are healthy', () => {
    const published = Object.entries(services).flatMap(([name, s]) => ((s.ports ?? []) as string[]).map((p) => `${name} ${p}`));
    expect(published).toEqual([`web ${WEB_PORT}:${WEB_PORT}`]);
    expect(services.web.depends_on).toEqual({ api: { condition: 'service_healthy' }, tracking: { condition: 'service_healthy' } });
    expect(services.api.depends_on).toEqual({ tracking: { condition: 'service_healthy' } });
    expect(services.api.environment.CUSTSEG_PORT).toBe(String(API_PORT));
    expect(services.api.environment.CUSTSEG_TRACKING_URI).toBe(`http://tracking:${TRACKING_PORT}`);
    for (const n of Object.keys(services.api.environment)) expect(SERVER_ENV, n).toContain(n);
    // the api's compose health is its liveness, so web starts before a champion exists
    const apiHealth = pathsIn(services.api.healthcheck.test.join(' '))[0];
    expect(apiHealth).toBe('/healthz');
    probed.api.add(apiHealth);
  });

  it('web proxies to the api and tracking services by name, writes only to tmpfs, checks nginx\'s own health', () => {
    const web = services.web;
    for (const n of Object.keys(web.environment)) expect(TEMPLATE_VARS, n).toContain(n);
    expect(web.environment.CUSTSEG_API_URL).toBe(`http://api:${API_PORT}`);
    expect(web.environment.CUSTSEG_TRACKING_URL).toBe(`http://tracking:${TRACKING_PORT}`);
    expect(web.environment.CUSTSEG_TOKEN).toBe(services.api.environment.CUSTSEG_TOKEN);
    expect(web.tmpfs).toContain(webEnv.NGINX_ENVSUBST_OUTPUT_DIR);
    expect(web.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${WEB_PORT}${WEB_HEALTH}`);
  });

  it('runs the tracking server on a named volume', () => {
    expect(services.tracking.command).toEqual(TRACKING_ARGS);
    const [volume, mount] = String(services.tracking.volumes[0]).split(':');
    expect(mount).toBe('/data');
    expect(Object.keys(compose.volumes)).toContain(volume);
    const hc = services.tracking.healthcheck.test.join(' ');
    expect(hc).toContain(`127.0.0.1:${TRACKING_PORT}/`);
    probed.tracking.add(pathsIn(hc)[0]);
  });
});

describe('Dockerrun.aws.json (Elastic Beanstalk, multi-container v2)', () => {
  const run = json('Dockerrun.aws.json');
  const byName = Object.fromEntries((run.containerDefinitions as any[]).map((c) => [c.name, c]));

  it('is version 2 with the same images, command, ports and environment as compose', () => {
    expect(run.AWSEBDockerrunVersion).toBe(2);
    expect(Object.keys(byName).sort()).toEqual(['api', 'tracking', 'web']);
    for (const c of Object.values(byName) as any[]) {
      expect(imageRepo(c.image)).toBe(c.name === 'web' ? WEB_IMAGE_REPO : IMAGE_REPO);
      expect(c.essential).toBe(true);
      expect(c.memory).toBeGreaterThanOrEqual(c.name === 'web' ? 64 : 256);
    }
    expect(byName.tracking.command).toEqual(TRACKING_ARGS);
    // one host port, as in compose: the instance's port 80 is nginx
    expect(byName.web.portMappings).toEqual([{ hostPort: 80, containerPort: WEB_PORT }]);
    expect(byName.api.portMappings).toEqual([{ containerPort: API_PORT }]);
    expect(byName.tracking.portMappings.every((p: any) => p.hostPort === undefined)).toBe(true);
    expect(byName.api.links).toEqual(['tracking']);
    expect([...byName.web.links].sort()).toEqual(['api', 'tracking']);
    const webEnvRun = Object.fromEntries((byName.web.environment as any[]).map((e) => [e.name, e.value]));
    for (const n of Object.keys(webEnvRun)) expect(TEMPLATE_VARS, n).toContain(n);
    expect(webEnvRun.CUSTSEG_API_URL).toBe(`http://api:${API_PORT}`);
    expect(webEnvRun.CUSTSEG_TRACKING_URL).toBe(`http://tracking:${TRACKING_PORT}`);
    const env = Object.fromEntries((byName.api.environment as any[]).map((e) => [e.name, e.value]));
    for (const n of Object.keys(env)) expect(SERVER_ENV, n).toContain(n);
    expect(env.CUSTSEG_TRACKING_URI).toBe(`http://tracking:${TRACKING_PORT}`);
    expect(env.CUSTSEG_PORT).toBe(String(API_PORT));
  });

  it('mounts only declared volumes', () => {
    const volumes = new Set((run.volumes as any[]).map((v) => v.name));
    for (const c of run.containerDefinitions as any[]) for (const m of c.mountPoints ?? []) expect(volumes).toContain(m.sourceVolume);
    expect(byName.tracking.mountPoints[0].containerPath).toBe('/data');
  });
});

describe('deploy/ecs (Fargate)', () => {
  const tasks = ['api', 'tracking'].map((n) => json(`deploy/ecs/${n}-task-definition.json`));
  const services = ['api', 'tracking'].map((n) => json(`deploy/ecs/${n}-service.json`));

  it('task definitions are Fargate, non-root, read-only, with health checks and awslogs', () => {
    for (const t of tasks) {
      expect(t.requiresCompatibilities).toEqual(['FARGATE']);
      expect(t.networkMode).toBe('awsvpc');
      const volumes = new Set((t.volumes as any[]).map((v) => v.name));
      for (const c of t.containerDefinitions as any[]) {
        const isWeb = imageRepo(c.image) === WEB_IMAGE_REPO;
        if (!isWeb) expect(imageRepo(c.image)).toBe(IMAGE_REPO);
        expect(c.user).toBe(isWeb ? '101' : 'node');
        if (!isWeb) expect(c.linuxParameters.initProcessEnabled).toBe(true);
        expect(c.readonlyRootFilesystem).toBe(true);
        expect(c.healthCheck.command[0]).toBe('CMD');
        expect(c.logConfiguration.logDriver).toBe('awslogs');
        for (const m of c.mountPoints ?? []) expect(volumes).toContain(m.sourceVolume);
        for (const e of [...(c.environment ?? []), ...(c.secrets ?? [])]) expect(isWeb ? TEMPLATE_VARS : SERVER_ENV, e.name).toContain(e.name);
      }
    }
    const [api, tracking] = tasks.map((t) => t.containerDefinitions[0]);
    expect(api.portMappings[0].containerPort).toBe(API_PORT);
    probed.api.add(pathsIn(api.healthCheck.command.join(' '))[0]);
    expect(tracking.command).toEqual(TRACKING_ARGS);
    expect(tracking.portMappings[0].containerPort).toBe(TRACKING_PORT);
    probed.tracking.add(pathsIn(tracking.healthCheck.command.join(' '))[0]);
  });

  it('the api task carries web (nginx) beside the api: it proxies to it on localhost and to tracking by alias', () => {
    const byName = Object.fromEntries((tasks[0].containerDefinitions as any[]).map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['api', 'web']);
    const web = byName.web;
    expect(imageRepo(web.image)).toBe(WEB_IMAGE_REPO);
    expect(web.essential).toBe(true);
    expect(web.portMappings[0].containerPort).toBe(WEB_PORT);
    expect(web.healthCheck.command.join(' ')).toContain(`http://127.0.0.1:${WEB_PORT}${WEB_HEALTH}`);
    const env = Object.fromEntries((web.environment as any[]).map((e) => [e.name, e.value]));
    const apiEnv = Object.fromEntries((byName.api.environment as any[]).map((e) => [e.name, e.value]));
    // awsvpc: the containers of a task share localhost
    expect(env.CUSTSEG_API_URL).toBe(`http://127.0.0.1:${API_PORT}`);
    expect(env.CUSTSEG_TRACKING_URL).toBe(apiEnv.CUSTSEG_TRACKING_URI);
    expect(web.secrets).toEqual(byName.api.secrets.filter((s: any) => s.name === 'CUSTSEG_TOKEN'));
    expect(web.mountPoints.map((m: any) => m.containerPath)).toContain(webEnv.NGINX_ENVSUBST_OUTPUT_DIR);
    expect(new Set(web.mountPoints.map((m: any) => m.sourceVolume)).size).toBe(web.mountPoints.length);
    expect(web.dependsOn).toEqual([{ containerName: 'api', condition: 'START' }]);
  });

  it('services run their task families; web behind the load balancer, tracking reachable as "tracking"', () => {
    expect(services.map((s) => s.taskDefinition)).toEqual(tasks.map((t) => t.family));
    expect(services[0].desiredCount).toBeGreaterThanOrEqual(2);
    expect(services[0].loadBalancers).toEqual([expect.objectContaining({ containerName: 'web', containerPort: WEB_PORT })]);
    // one SQLite writer: never two tracking tasks at once
    expect(services[1]).toMatchObject({ desiredCount: 1, deploymentConfiguration: { maximumPercent: 100 } });
    const alias = services[1].serviceConnectConfiguration.services[0].clientAliases[0];
    const apiEnv = Object.fromEntries((tasks[0].containerDefinitions[0].environment as any[]).map((e) => [e.name, e.value]));
    expect(apiEnv.CUSTSEG_TRACKING_URI).toBe(`http://${alias.dnsName}:${alias.port}`);
  });
});

describe('deploy/k8s (kustomize)', () => {
  const dir = join(ROOT, 'deploy/k8s');
  const kustomization = parse(read('deploy/k8s/kustomization.yaml')) as Record<string, any>;
  const docs = (kustomization.resources as string[]).flatMap((f) =>
    parseAllDocuments(read(`deploy/k8s/${f}`)).map((d) => {
      if (d.errors.length > 0) throw new Error(`deploy/k8s/${f}: ${d.errors[0].message}`);
      return d.toJS() as Record<string, any>;
    }),
  );
  const find = (kind: string, name: string) => {
    const d = docs.find((x) => x.kind === kind && x.metadata.name === name);
    if (!d) throw new Error(`deploy/k8s: no ${kind} ${name}`);
    return d;
  };

  it('lists every manifest in the folder, each with a kind and a name', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...(kustomization.resources as string[])].sort()).toEqual(files.sort());
    for (const d of docs) expect(d.kind && d.metadata?.name, JSON.stringify(d).slice(0, 80)).toBeTruthy();
    expect(kustomization.images.map((i: any) => imageRepo(i.name))).toEqual([IMAGE_REPO, WEB_IMAGE_REPO]);
  });

  it('api: ≥ 2 replicas, /readyz and /healthz probes, resources, non-root, read-only root', () => {
    const dep = find('Deployment', 'custseg-api');
    expect(dep.spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = dep.spec.template.spec;
    const c = pod.containers[0];
    expect(imageRepo(c.image)).toBe(IMAGE_REPO);
    expect(c.ports[0].containerPort).toBe(API_PORT);
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    probed.api.add(c.readinessProbe.httpGet.path).add(c.livenessProbe.httpGet.path);
    expect(c.resources.requests && c.resources.limits).toBeTruthy();
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).not.toBe(0);
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(dep.spec.selector.matchLabels).toEqual(dep.spec.template.metadata.labels);
    const cm = find('ConfigMap', c.envFrom[0].configMapRef.name);
    for (const n of [...Object.keys(cm.data), ...c.env.map((e: any) => e.name)]) expect(SERVER_ENV, n).toContain(n);
    expect(cm.data.CUSTSEG_PORT).toBe(String(API_PORT));
    const svc = find('Service', 'custseg-tracking');
    expect(cm.data.CUSTSEG_TRACKING_URI).toBe(`http://${svc.metadata.name}:${svc.spec.ports[0].port}`);
  });

  it('services select their pods, the HPA scales the api, the ingress sends everything to web', () => {
    for (const name of ['custseg-api', 'custseg-tracking', 'custseg-web']) {
      const svc = find('Service', name);
      const dep = find('Deployment', name);
      expect(svc.spec.selector).toEqual(dep.spec.template.metadata.labels);
      const named = dep.spec.template.spec.containers[0].ports.map((p: any) => p.name);
      expect(named).toContain(svc.spec.ports[0].targetPort);
    }
    const hpa = find('HorizontalPodAutoscaler', 'custseg-api');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'custseg-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const ing = find('Ingress', 'custseg');
    for (const p of ing.spec.rules[0].http.paths) {
      const svc = find('Service', p.backend.service.name);
      expect(svc.spec.ports.map((x: any) => x.name)).toContain(p.backend.service.port.name);
    }
    // one routing table, nginx's: the ingress does not split paths between services
    expect(ing.spec.rules[0].http.paths.map((p: any) => [p.path, p.pathType, p.backend.service.name])).toEqual([['/', 'Prefix', 'custseg-web']]);
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('0');
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/proxy-request-buffering']).toBe('off');
  });

  it('web: non-root, read-only root with emptyDirs where nginx writes, /web-healthz probes, upstreams by Service', () => {
    const dep = find('Deployment', 'custseg-web');
    expect(dep.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(dep.spec.selector.matchLabels).toEqual(dep.spec.template.metadata.labels);
    const pod = dep.spec.template.spec;
    const c = pod.containers[0];
    expect(imageRepo(c.image)).toBe(WEB_IMAGE_REPO);
    expect(c.ports[0].containerPort).toBe(WEB_PORT);
    expect(c.readinessProbe.httpGet.path).toBe(WEB_HEALTH);
    expect(c.livenessProbe.httpGet.path).toBe(WEB_HEALTH);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).not.toBe(0);
    expect(pod.enableServiceLinks).toBe(false);
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(c.resources.requests && c.resources.limits).toBeTruthy();
    const emptyDirs = new Set(pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name));
    const writable = c.volumeMounts.filter((m: any) => emptyDirs.has(m.name)).map((m: any) => m.mountPath);
    expect(writable).toContain(webEnv.NGINX_ENVSUBST_OUTPUT_DIR);
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    for (const n of Object.keys(env)) expect(TEMPLATE_VARS, n).toContain(n);
    const api = find('Service', 'custseg-api');
    const tracking = find('Service', 'custseg-tracking');
    expect(env.CUSTSEG_API_URL).toBe(`http://${api.metadata.name}:${api.spec.ports[0].port}`);
    expect(env.CUSTSEG_TRACKING_URL).toBe(`http://${tracking.metadata.name}:${tracking.spec.ports[0].port}`);
    const apiEnv = find('Deployment', 'custseg-api').spec.template.spec.containers[0].env;
    expect(env.CUSTSEG_TOKEN).toEqual(apiEnv.find((e: any) => e.name === 'CUSTSEG_TOKEN').valueFrom);
  });

  it('no variable the containers read collides with the docker-link variables Kubernetes sets for its Services', () => {
    const linkVar = (name: string) => new RegExp(`^${name.toUpperCase().replace(/-/g, '_')}_(SERVICE_HOST|SERVICE_PORT.*|PORT.*)$`);
    const services = docs.filter((d) => d.kind === 'Service').map((d) => linkVar(d.metadata.name));
    for (const v of [...SERVER_ENV, ...TEMPLATE_VARS]) for (const re of services) expect(v, String(re)).not.toMatch(re);
  });

  it('tracking: one replica on a PersistentVolumeClaim, /health probes, same command as compose', () => {
    const dep = find('Deployment', 'custseg-tracking');
    expect(dep.spec.replicas).toBe(1);
    expect(dep.spec.strategy.type).toBe('Recreate');
    const pod = dep.spec.template.spec;
    const c = pod.containers[0];
    expect(c.args).toEqual(TRACKING_ARGS);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    probed.tracking.add(c.readinessProbe.httpGet.path).add(c.livenessProbe.httpGet.path);
    const data = pod.volumes.find((v: any) => v.name === c.volumeMounts.find((m: any) => m.mountPath === '/data').name);
    find('PersistentVolumeClaim', data.persistentVolumeClaim.claimName);
  });
});

describe('.github/workflows', () => {
  const files = readdirSync(join(ROOT, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));
  const ci = parse(read('.github/workflows/ci.yml')) as Record<string, any>;
  const text = read('.github/workflows/ci.yml');

  it('every workflow parses; ci tests on every push and pull request with .ci/run, chromium and nginx installed', () => {
    for (const f of files) expect(parse(read(`.github/workflows/${f}`)).jobs, f).toBeTruthy();
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const steps = ci.jobs.test.steps.map((s: any) => s.run ?? '').join('\n');
    expect(steps).toContain('bash .ci/run');
    // Debian's packages at the paths the browser tests and nginx.test.ts use, installed before .ci/run
    expect(ci.jobs.test.container).toMatch(/^node:20-bookworm/);
    expect(steps).toMatch(/apt-get install[^\n]*\bchromium\b[^\n]*\bnginx-light\b/);
    expect(read('.ci/run')).toMatch(/apt-get install[^\n]*\bnginx-light\b/);
  });

  it('pushes custseg-api and custseg-web, each tagged with the commit and latest, on main only, after the tests', () => {
    const image = ci.jobs.image;
    expect(image.needs).toBe('test');
    expect(image.if).toContain("github.ref == 'refs/heads/main'");
    const builds = image.steps.filter((s: any) => String(s.uses).startsWith('docker/build-push-action'));
    expect(builds.map((b: any) => b.with.file)).toEqual(['docker/api.Dockerfile', 'docker/web.Dockerfile']);
    for (const [build, repo] of [[builds[0], IMAGE_REPO], [builds[1], WEB_IMAGE_REPO]]) {
      const tags = String(build.with.tags).trim().split('\n').map((t) => t.trim());
      expect(new Set(tags.map(imageRepo))).toEqual(new Set([repo]));
      expect(tags.some((t) => t.endsWith(':${{ github.sha }}'))).toBe(true);
      expect(tags.some((t) => t.endsWith(':latest'))).toBe(true);
      expect(build.with.push).toBe(true);
    }
    expect(ci.jobs['deploy-eb'].needs).toBe('image');
    expect(text).toContain('Dockerrun.aws.json');
  });

  it('deploys the images it pushed: both pinned in Dockerrun.aws.json, both set in the kustomization', () => {
    const eb = ci.jobs['deploy-eb'].steps.map((s: any) => `${s.run ?? ''} ${JSON.stringify(s.env ?? {})}`).join('\n');
    for (const repo of [IMAGE_REPO, WEB_IMAGE_REPO]) {
      expect(eb).toContain(`/${repo}:\${{ github.sha }}`);
      expect(eb).toContain(`test("/${repo}:")`);
    }
    const k8s = ci.jobs['deploy-k8s'].steps.map((s: any) => `${s.run ?? ''} ${JSON.stringify(s.env ?? {})}`).join('\n');
    const kustomization = parse(read('deploy/k8s/kustomization.yaml')) as Record<string, any>;
    for (const i of kustomization.images) expect(k8s).toContain(`${i.name}=$`);
    expect(k8s).toContain('rollout status deployment/custseg-web');
    // every image name in the deployment files is one of the two CI pushes
    const named = [
      ...(json('Dockerrun.aws.json').containerDefinitions as any[]).map((c) => c.image),
      ...['api', 'tracking'].flatMap((n) => (json(`deploy/ecs/${n}-task-definition.json`).containerDefinitions as any[]).map((c) => c.image)),
    ];
    for (const image of named) expect(image).toMatch(new RegExp(`^custseg/(${IMAGE_REPO}|${WEB_IMAGE_REPO}):latest$`));
    expect(kustomization.images.map((i: any) => i.name)).toEqual([`custseg/${IMAGE_REPO}`, `custseg/${WEB_IMAGE_REPO}`]);
  });

  it('names every secret it uses in its header and commits none', () => {
    const used = new Set([...text.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]));
    const header = text.slice(0, text.indexOf('\nname:'));
    for (const s of used) if (s !== 'GITHUB_TOKEN') expect(header, s).toContain(s);
    for (const f of ['.github/workflows/ci.yml', 'Dockerrun.aws.json', 'docker-compose.yml', ...readdirSync(join(ROOT, 'deploy/ecs')).map((f) => `deploy/ecs/${f}`)]) {
      expect(read(f), f).not.toMatch(/AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{20,}|dckr_pat_/);
    }
  });
});

describe('the health paths every file probes exist in the servers', () => {
  let dir: string;
  let api: RunningServer;
  let tracking: RunningTrackingServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custseg-deploy-'));
    const model = join(dir, 'model.json');
    await writeFile(model, serializeModel(trainSmallModel()));
    const env = { CUSTSEG_MODEL: model, CUSTSEG_HOST: '127.0.0.1', CUSTSEG_PORT: '0', CUSTSEG_POLL_SECONDS: '0', CUSTSEG_ACCESS_LOG: 'false', CUSTSEG_LOG_LEVEL: 'silent', CUSTSEG_WEB_DIR: 'off' };
    api = await startServing({ config: servingConfigFromEnv(env), handleSignals: false, logger: false });
    tracking = await startTrackingServer({ host: '127.0.0.1', port: 0, backendStoreUri: join(dir, 'tracking'), logger: false });
  });
  afterAll(async () => {
    await api?.close();
    await tracking?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 200 on each', async () => {
    expect([...probed.api].sort()).toEqual(['/healthz', '/readyz']);
    expect([...probed.tracking]).toEqual(['/health']);
    for (const p of probed.api) expect((await fetch(`${api.url}${p}`)).status, p).toBe(200);
    for (const p of probed.tracking) expect((await fetch(`${tracking.url}${p}`)).status, p).toBe(200);
  });

  it('routes every location the nginx template proxies, on the server its variable points to', async () => {
    expect(Object.keys(PROXIED_SAMPLE).sort()).toEqual(Object.keys(PROXIED).sort());
    for (const [loc, sample] of Object.entries(PROXIED_SAMPLE)) {
      expect(locationText(locationFor(locations, sample.path.split('?')[0]) ?? { modifier: '', path: '?' }), sample.path).toBe(loc);
      const base = PROXIED[loc] === 'CUSTSEG_API_URL' ? api.url : tracking.url;
      const res = await fetch(`${base}${sample.path}`, sample.method === 'POST' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' } : {});
      const text = await res.text();
      // a route answered (200, or its own 4xx for the sample's empty input), not the "no route" of an unknown path
      expect(text, `${sample.method} ${sample.path} on ${PROXIED[loc]}`).not.toMatch(/no route|ENDPOINT_NOT_FOUND/);
      expect(res.status, `${sample.method} ${sample.path}`).toBeLessThan(500);
    }
  });
});
