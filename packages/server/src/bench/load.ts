import { Agent, request } from 'node:http';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly method?: 'GET' | 'POST';
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Also collects every latency here, to merge the percentiles of several runs (see combineLoads). */
  readonly samples?: LatencySamples;
}

export interface LoadResult {
  readonly tool: 'autocannon' | 'node-http-loop';
  readonly connections: number;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Responses other than 2xx, and connection errors or timeouts. */
  readonly failures: number;
}

/**
 * Keep-alive load at a fixed number of connections for a bounded time. Uses autocannon's programmatic API when
 * it is installed; its own histogram keeps whole milliseconds, so latencies are taken from its per-response
 * event at microsecond resolution instead. Without autocannon, a plain http.Agent loop does the same (slower
 * client, so lower ceilings; the result says which tool ran).
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const autocannon = await loadAutocannon();
  return autocannon ? runAutocannon(autocannon, opts) : runHttpLoop(opts);
}

type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => NodeJS.EventEmitter;
interface AutocannonResult {
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  requests: { total: number };
}

async function loadAutocannon(): Promise<Autocannon | null> {
  const name = 'autocannon';
  try {
    const mod = (await import(name)) as { default: Autocannon };
    return mod.default;
  } catch {
    return null;
  }
}

function runAutocannon(autocannon: Autocannon, opts: LoadOptions): Promise<LoadResult> {
  const samples = new LatencySamples();
  const shared = opts.samples;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.durationSeconds,
        method: opts.method ?? 'GET',
        headers: opts.headers ?? {},
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        pipelining: 1,
      },
      (err, result) => {
        if (err) return reject(err);
        const requests = samples.count;
        resolve({
          tool: 'autocannon',
          connections: opts.connections,
          seconds: result.duration,
          requests,
          requestsPerSecond: requests / result.duration,
          ...samples.summary(),
          failures: result.non2xx + result.errors + result.timeouts,
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) {
        samples.add(ms);
        shared?.add(ms);
      }
    });
  });
}

async function runHttpLoop(opts: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const url = new URL(opts.url);
  const samples = new LatencySamples();
  let failures = 0;
  const deadline = performance.now() + opts.durationSeconds * 1000;
  const start = performance.now();
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request(
        { agent, host: url.hostname, port: url.port, path: url.pathname, method: opts.method ?? 'GET', headers: opts.headers ?? {} },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
              const ms = performance.now() - t0;
              samples.add(ms);
              opts.samples?.add(ms);
            } else failures++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failures++;
        resolve();
      });
      req.end(opts.body);
    });
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { tool: 'node-http-loop', connections: opts.connections, seconds, requests: samples.count, requestsPerSecond: samples.count / seconds, ...samples.summary(), failures };
}

/**
 * Several runs against one server as one result: requests, time and failures summed, percentiles over the
 * latencies of all of them (collected in `samples`, passed to each run).
 */
export function combineLoads(runs: readonly LoadResult[], samples: LatencySamples): LoadResult {
  if (runs.length === 0) throw new Error('combineLoads: no runs');
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  return {
    tool: runs[0].tool,
    connections: runs[0].connections,
    seconds,
    requests,
    requestsPerSecond: requests / seconds,
    ...samples.summary(),
    failures: runs.reduce((a, r) => a + r.failures, 0),
  };
}

/** Response times in milliseconds; exact percentiles by sorting (a few hundred thousand samples at most). */
export class LatencySamples {
  private data = new Float64Array(1 << 16);
  count = 0;

  add(ms: number): void {
    if (this.count === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.count++] = ms;
  }

  summary(): { p50Ms: number; p99Ms: number; maxMs: number } {
    const sorted = this.data.slice(0, this.count).sort();
    const at = (q: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    return { p50Ms: round3(at(0.5)), p99Ms: round3(at(0.99)), maxMs: round3(at(1)) };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
