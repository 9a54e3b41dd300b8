import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchServer {
  readonly port: number;
  /** The child's peak resident set size and CPU time (user + system) so far. */
  usage(): Promise<{ maxRssBytes: number; cpuSeconds: number }>;
  stop(): Promise<void>;
}

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(`./child-entry.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Starts a benchmark server in a child process: `bare` (node:http, fixed JSON) or `serving` (the serving app on
 * a model file). From the TypeScript sources it runs through tsx with the test tsconfig (no build needed).
 */
export function startBenchServer(mode: 'bare' | 'serving', modelPath = '', accessLog = false): Promise<BenchServer> {
  const child = fork(ENTRY, [mode, modelPath, accessLog ? 'on' : 'off'], {
    execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
    env: FROM_SOURCE ? { ...process.env, TSX_TSCONFIG_PATH: `${REPO_ROOT}tsconfig.test.json` } : process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`bench ${mode} server did not start within 60 s`));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`bench ${mode} server exited with ${code}`)));
    child.once('message', (msg: { port: number }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(handle(child, msg.port));
    });
  });
}

function handle(child: ChildProcess, port: number): BenchServer {
  return {
    port,
    usage: () =>
      new Promise((resolve) => {
        child.once('message', (m: { maxRssBytes: number; cpuSeconds: number }) => resolve(m));
        child.send({ rss: true });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
