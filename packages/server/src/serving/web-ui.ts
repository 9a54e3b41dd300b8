import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the web app in this repository (packages/web/dist), seen from this file's build. */
export const BUNDLED_WEB_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths that belong to the API: an unknown one is a JSON 404, never the web app's page. */
const API_PREFIXES = ['/v1/', '/api/', '/ajax-api/', '/docs', '/openapi.json', '/metrics', '/get-artifact', '/healthz', '/readyz', '/health'];

/** The built web app to serve: the configured directory, else the bundled build when it exists; null for none. */
export function resolveWebDir(configured: string | undefined): string | null {
  if (configured === 'off') return null;
  const dir = configured ?? BUNDLED_WEB_DIR;
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/**
 * Serves the single-page web app from `dir` at `/`: its files (hashed assets cached for a year, index.html never
 * cached, so a new build shows at once) and, for any other GET that asks for HTML outside the API, index.html, so
 * deep links such as /experiments/0 work on reload. Returns the not-found fallback for the app's 404 handler.
 */
export async function registerWebUi(app: FastifyInstance, dir: string): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  const indexHtml = readFileSync(join(dir, 'index.html'));
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    decorateReply: false,
    schemaHide: true,
    // our own Cache-Control (setHeaders), not send's max-age
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !wantsHtml || API_PREFIXES.some((p) => path.startsWith(p))) return false;
    void reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    return true;
  };
}
