import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { serializeModel } from '@custseg/ml';
import { SERVING_ENV, servingConfigFromEnv, startServing, startTrackingServer, type RunningServer, type RunningTrackingServer } from '@custseg/server';
import { execForm, instructionsOf, parseDockerfile } from './dockerfile.js';
import { trainSmallModel } from './test-model.js';

// Every deployment file, read and cross-checked: these machines have no Docker engine or cluster, so agreement
// between the files (ports, paths, env names, image names) is checked here rather than discovered in production.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');
const json = (rel: string) => JSON.parse(read(rel)) as Record<string, any>;

const IMAGE_REPO = 'custseg-api';
const API_PORT = 8000;
const TRACKING_PORT = 5000;
const SERVER_ENV = new Set(Object.keys(SERVING_ENV));
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

  it('copies only paths that exist, and the build context excludes modules, data and stores', () => {
    for (const stage of df.stages) {
      for (const c of instructionsOf(stage, 'COPY')) {
        if (c.args.startsWith('--from=')) continue;
        for (const src of c.args.split(/\s+/).slice(0, -1)) expect(existsSync(join(ROOT, src)), `COPY ${src} (line ${c.line})`).toBe(true);
      }
    }
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const must of ['**/node_modules', '**/dist', '.custseg', '**/.custseg', '**/*.csv', 'data', '.git']) expect(ignore).toContain(must);
    expect(ignore).not.toContain('docker');
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as Record<string, any>;
  const services = compose.services as Record<string, any>;

  it('has the api and the tracking server only (no service for the web UI that does not exist yet)', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'tracking']);
    for (const s of Object.values(services)) {
      expect(imageRepo(s.image)).toBe(IMAGE_REPO);
      expect(s.build.dockerfile).toBe('docker/api.Dockerfile');
      expect(s.read_only).toBe(true);
      expect(s.healthcheck.test[0]).toBe('CMD');
    }
  });

  it('publishes exactly one port, the api on 8000, and starts the api once tracking is healthy', () => {
    const published = Object.entries(services).flatMap(([name, s]) => ((s.ports ?? []) as string[]).map((p) => `${name} ${p}`));
    expect(published).toEqual([`api ${API_PORT}:${API_PORT}`]);
    expect(services.api.depends_on).toEqual({ tracking: { condition: 'service_healthy' } });
    expect(services.api.environment.CUSTSEG_PORT).toBe(String(API_PORT));
    expect(services.api.environment.CUSTSEG_TRACKING_URI).toBe(`http://tracking:${TRACKING_PORT}`);
    for (const n of Object.keys(services.api.environment)) expect(SERVER_ENV, n).toContain(n);
    probed.api.add(pathsIn(services.api.healthcheck.test.join(' '))[0]);
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

  it('is version 2 with the same image, command, ports and environment as compose', () => {
    expect(run.AWSEBDockerrunVersion).toBe(2);
    expect(Object.keys(byName).sort()).toEqual(['api', 'tracking']);
    for (const c of Object.values(byName) as any[]) {
      expect(imageRepo(c.image)).toBe(IMAGE_REPO);
      expect(c.essential).toBe(true);
      expect(c.memory).toBeGreaterThanOrEqual(256);
    }
    expect(byName.tracking.command).toEqual(TRACKING_ARGS);
    expect(byName.api.portMappings).toEqual([{ hostPort: 80, containerPort: API_PORT }]);
    expect(byName.api.links).toEqual(['tracking']);
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
        expect(imageRepo(c.image)).toBe(IMAGE_REPO);
        expect(c.user).toBe('node');
        expect(c.readonlyRootFilesystem).toBe(true);
        expect(c.linuxParameters.initProcessEnabled).toBe(true);
        expect(c.healthCheck.command[0]).toBe('CMD');
        expect(c.logConfiguration.logDriver).toBe('awslogs');
        for (const m of c.mountPoints ?? []) expect(volumes).toContain(m.sourceVolume);
        for (const e of [...(c.environment ?? []), ...(c.secrets ?? [])]) expect(SERVER_ENV, e.name).toContain(e.name);
      }
    }
    const [api, tracking] = tasks.map((t) => t.containerDefinitions[0]);
    expect(api.portMappings[0].containerPort).toBe(API_PORT);
    probed.api.add(pathsIn(api.healthCheck.command.join(' '))[0]);
    expect(tracking.command).toEqual(TRACKING_ARGS);
    expect(tracking.portMappings[0].containerPort).toBe(TRACKING_PORT);
    probed.tracking.add(pathsIn(tracking.healthCheck.command.join(' '))[0]);
  });

  it('services run their task families; the api behind the load balancer, tracking reachable as "tracking"', () => {
    expect(services.map((s) => s.taskDefinition)).toEqual(tasks.map((t) => t.family));
    expect(services[0].desiredCount).toBeGreaterThanOrEqual(2);
    expect(services[0].loadBalancers[0]).toMatchObject({ containerName: 'api', containerPort: API_PORT });
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
    expect(kustomization.images.map((i: any) => imageRepo(i.name))).toEqual([IMAGE_REPO]);
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

  it('services select their pods, the HPA scales the api, the ingress routes to a real service port', () => {
    for (const name of ['custseg-api', 'custseg-tracking']) {
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

  it('every workflow parses; ci tests on every push and pull request with .ci/run', () => {
    for (const f of files) expect(parse(read(`.github/workflows/${f}`)).jobs, f).toBeTruthy();
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const steps = ci.jobs.test.steps.map((s: any) => s.run ?? '').join('\n');
    expect(steps).toContain('bash .ci/run');
  });

  it('pushes custseg-api tagged with the commit and latest, on main only, after the tests', () => {
    const image = ci.jobs.image;
    expect(image.needs).toBe('test');
    expect(image.if).toContain("github.ref == 'refs/heads/main'");
    const build = image.steps.find((s: any) => String(s.uses).startsWith('docker/build-push-action'));
    expect(build.with.file).toBe('docker/api.Dockerfile');
    const tags = String(build.with.tags).trim().split('\n').map((t) => t.trim());
    expect(new Set(tags.map(imageRepo))).toEqual(new Set([IMAGE_REPO]));
    expect(tags.some((t) => t.endsWith(':${{ github.sha }}'))).toBe(true);
    expect(tags.some((t) => t.endsWith(':latest'))).toBe(true);
    expect(ci.jobs['deploy-eb'].needs).toBe('image');
    expect(text).toContain('Dockerrun.aws.json');
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
    const env = { CUSTSEG_MODEL: model, CUSTSEG_HOST: '127.0.0.1', CUSTSEG_PORT: '0', CUSTSEG_POLL_SECONDS: '0', CUSTSEG_ACCESS_LOG: 'false', CUSTSEG_LOG_LEVEL: 'silent' };
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
});
