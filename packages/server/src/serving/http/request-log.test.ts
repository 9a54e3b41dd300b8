import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServingApp, type ServingAppOptions } from '../app.js';
import { FileModelSource } from '../model/file-source.js';
import { CUSTOMER, tempDir, testApp } from '../test-support/model.js';
import { LazyChildLogger } from './request-log.js';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  url?: string;
  route?: string;
  statusCode?: number;
  responseTime?: number;
  error?: string;
  err?: { message: string };
}

const INFO = 30;
const WARN = 40;
const ERROR = 50;

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

/** A serving app whose pino lines (at `level`) are collected. */
async function loggedApp(level: string, options: Partial<ServingAppOptions> = {}): Promise<{ app: Awaited<ReturnType<typeof testApp>>['app']; lines: Line[] }> {
  const lines: Line[] = [];
  const t = await testApp({ logger: { level, stream: { write: (s: string) => lines.push(JSON.parse(s) as Line) } }, ...options });
  cleanups.push(t.cleanup);
  return { app: t.app, lines };
}

/** onResponse hooks run once the response has finished: let them. */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const requestLines = (lines: Line[]): Line[] => lines.filter((l) => l.msg === 'request completed');

describe('request logging', () => {
  it('by default writes nothing for a successful request at info, and one line per refused request', async () => {
    const { app, lines } = await loggedApp('info');
    const ok = await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER });
    expect(ok.statusCode).toBe(200);
    await settled();
    expect(requestLines(lines)).toEqual([]);

    const bad = await app.inject({ method: 'POST', url: '/v1/predict', payload: { ...CUSTOMER, Age: 'old' } });
    const missing = await app.inject({ method: 'GET', url: '/nope?x=1' });
    await settled();
    const [refused, notFound] = requestLines(lines);
    expect(refused).toMatchObject({ level: WARN, reqId: bad.headers['x-request-id'], method: 'POST', url: '/v1/predict', route: '/v1/predict', statusCode: 400 });
    expect(refused.error).toBe(bad.json().error);
    expect(refused.responseTime).toBeGreaterThanOrEqual(0);
    expect(notFound).toMatchObject({ level: WARN, reqId: missing.headers['x-request-id'], method: 'GET', url: '/nope?x=1', route: 'unmatched', statusCode: 404 });
    expect(requestLines(lines)).toHaveLength(2);
  });

  it('writes successful requests at the access-log level, with the request id', async () => {
    const { app, lines } = await loggedApp('info', { accessLogLevel: 'info' });
    const res = await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER, headers: { 'x-request-id': 'client-chosen-1' } });
    expect(res.headers['x-request-id']).toBe('client-chosen-1');
    await settled();
    expect(requestLines(lines)).toEqual([
      expect.objectContaining({ level: INFO, reqId: 'client-chosen-1', method: 'POST', url: '/v1/predict', route: '/v1/predict', statusCode: 200 }),
    ]);
    expect(requestLines(lines)[0]).not.toHaveProperty('error');
  });

  it('follows the logger level: debug lines appear when the level is debug', async () => {
    const { app, lines } = await loggedApp('debug');
    await app.inject({ method: 'GET', url: '/healthz' });
    await settled();
    expect(requestLines(lines)).toEqual([expect.objectContaining({ level: 20, route: '/healthz', statusCode: 200 })]);
  });

  it('with the access log off still logs 4xx', async () => {
    const { app, lines } = await loggedApp('info', { accessLog: false, accessLogLevel: 'info' });
    await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER });
    await app.inject({ method: 'POST', url: '/v1/predict', payload: '{"Age":', headers: { 'content-type': 'application/json' } });
    await settled();
    expect(requestLines(lines)).toEqual([expect.objectContaining({ level: WARN, statusCode: 400, error: 'malformed JSON body' })]);
  });

  it('logs 5xx at error, and a failure with its cause under the same request id', async () => {
    const lines: Line[] = [];
    const logger = { level: 'warn', stream: { write: (s: string) => lines.push(JSON.parse(s) as Line) } };
    const { dir, cleanup } = await tempDir();
    const app = await buildServingApp({
      source: new FileModelSource(join(dir, 'missing.json')),
      logger,
      pollIntervalMs: 0,
      docs: false,
      trackingApi: async (scope) => {
        scope.get('/boom', async () => {
          throw new Error('kaboom');
        });
      },
    });
    cleanups.push(async () => {
      await app.close();
      await cleanup();
    });
    const unready = await app.inject({ method: 'POST', url: '/v1/predict', payload: CUSTOMER });
    expect(unready.statusCode).toBe(503);
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    await settled();
    const id = boom.headers['x-request-id'];
    expect(requestLines(lines)).toEqual([
      expect.objectContaining({ level: ERROR, reqId: unready.headers['x-request-id'], statusCode: 503 }),
      expect.objectContaining({ level: ERROR, reqId: id, route: '/boom', statusCode: 500 }),
    ]);
    expect(lines.find((l) => l.msg === 'request failed')).toMatchObject({ level: ERROR, reqId: id, err: { message: 'kaboom' } });
  });
});

describe('LazyChildLogger', () => {
  function parentLogger(level: string): { parent: FastifyBaseLogger; children: unknown[][]; written: unknown[][] } {
    const children: unknown[][] = [];
    const written: unknown[][] = [];
    const values: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
    const make = (bindings: object): FastifyBaseLogger => {
      const log = (lvl: string) => (...args: unknown[]) => written.push([lvl, bindings, ...args]);
      return {
        level,
        isLevelEnabled: (l: string) => values[l] >= values[level],
        fatal: log('fatal'),
        error: log('error'),
        warn: log('warn'),
        info: log('info'),
        debug: log('debug'),
        trace: log('trace'),
        silent: () => undefined,
        child: (b: object, o?: object) => {
          children.push([b, o]);
          return make({ ...bindings, ...b });
        },
      } as unknown as FastifyBaseLogger;
    };
    return { parent: make({}), children, written };
  }

  it('makes the child only when a line at an enabled level is written', () => {
    const { parent, children, written } = parentLogger('info');
    const log = new LazyChildLogger(parent, { reqId: 'r1' }, {});
    log.debug({ a: 1 }, 'not written');
    log.trace('nor this');
    expect(log.isLevelEnabled('debug')).toBe(false);
    expect(log.level).toBe('info');
    expect(children).toEqual([]);
    log.warn({ b: 2 }, 'written');
    log.error('twice');
    expect(children).toEqual([[{ reqId: 'r1' }, {}]]);
    expect(written).toEqual([
      ['warn', { reqId: 'r1' }, { b: 2 }, 'written'],
      ['error', { reqId: 'r1' }, 'twice'],
    ]);
  });

  it('defers to the child once a route sets its own level', () => {
    const { parent, children } = parentLogger('info');
    const log = new LazyChildLogger(parent, { reqId: 'r2' }, { level: 'debug' });
    expect(log.level).toBe('debug');
    log.debug('route-level debug');
    expect(children).toEqual([[{ reqId: 'r2' }, { level: 'debug' }]]);
  });
});
