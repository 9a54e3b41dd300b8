import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// End-to-end tests drive Debian's chromium (playwright-core cannot download a browser here) against a real
// `custseg serve` of the built app, with models trained by the real CLI into a throw-away tracking store.

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const BIN = join(ROOT, 'packages/cli/bin/custseg.js');
export const WEB_DIST = join(ROOT, 'packages/web/dist');
export const CHROMIUM = process.env.CUSTSEG_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const DATA_DIR = resolve(ROOT, process.env.CUSTSEG_DATA_DIR ?? '../shared/data/customer-segmentation');
/** Screenshots of every page, for a reviewer; printed by the tests. */
export const SCREENSHOTS = resolve(process.env.CUSTSEG_SCREENSHOTS_DIR ?? join(ROOT, 'packages/web/test-results/screenshots'));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `custseg` without blocking the test worker. */
export function cli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, MLFLOW_TRACKING_URI: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export async function mustCli(args: string[], env: Record<string, string>): Promise<string> {
  const r = await cli(args, env);
  if (r.code !== 0) throw new Error(`custseg ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePromise(port));
    });
  });
}

export interface ServedApp {
  url: string;
  dir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A tracking store in a temp directory with two registered versions of customer-segmentation trained by the CLI
 * (version 1 `logistic` = champion, version 2 `hist-gbdt`), served by `custseg serve` with the tracking API and
 * the built web app, checking the alias every second.
 */
export async function startServedApp(): Promise<ServedApp> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('packages/web/dist is missing: run npm run build (npm test does)');
  const dir = mkdtempSync(join(tmpdir(), 'custseg-e2e-'));
  const env = { CUSTSEG_TRACKING_URI: join(dir, 'store') };
  await mustCli(['train', '--model', 'logistic', '--register', 'customer-segmentation', '--run-name', 'logistic-e2e', '--out', join(dir, 'm1.json')], env);
  await mustCli(['models', 'promote', 'customer-segmentation', '1', '--alias', 'champion'], env);
  await mustCli(['train', '--model', 'hist-gbdt', '--register', 'customer-segmentation', '--run-name', 'hist-gbdt-e2e', '--out', join(dir, 'm2.json')], env);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env, MLFLOW_TRACKING_URI: '', CUSTSEG_SERVE_TRACKING: 'true', CUSTSEG_POLL_SECONDS: '1', CUSTSEG_LOG_LEVEL: 'warn', CUSTSEG_WEB_DIR: WEB_DIST },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`custseg serve exited ${child.exitCode}: ${log}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`custseg serve not ready after 30 s: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dir,
    env,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors and uncaught exceptions, which the tests expect to stay empty. */
export async function newPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
