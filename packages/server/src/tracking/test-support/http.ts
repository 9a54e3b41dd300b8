import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTrackingServer, type RunningTrackingServer, type StartTrackingServerOptions } from '../start.js';

export interface TestServer {
  server: RunningTrackingServer;
  /** The temp directory holding tracking.db and artifacts/. */
  dir: string;
  url: string;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 and a random port over a fresh store in a temp directory. */
export async function startTestServer(options: Omit<StartTrackingServerOptions, 'port' | 'host' | 'backendStoreUri'> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'custseg-server-test-'));
  const server = await startTrackingServer({ ...options, host: '127.0.0.1', port: 0, backendStoreUri: dir });
  return {
    server,
    dir,
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON (typed loosely: tests assert on arbitrary shapes). */
  json: any;
}

/** One request with fetch: a JSON body for objects, the query string as given in `path`. */
export async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<WireResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!('content-type' in headers) && typeof body !== 'string' && !(body instanceof Uint8Array)) (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * A request with the path sent byte for byte: fetch (WHATWG URL) would resolve '..' and '%2e%2e' segments before
 * sending, which is exactly what the traversal tests must not have done for them.
 */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
