import type { Metric, Registry } from 'prom-client';

interface RouteSeries {
  readonly method: string;
  readonly route: string;
  readonly buckets: Float64Array;
  sum: number;
  count: number;
  /** Requests answered, by status code. */
  readonly statuses: Map<number, number>;
}

/** Latency buckets in seconds (cumulative counts are computed at scrape time). */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Request counts and latency histograms per route, kept in plain arrays and exported to the Prometheus registry
 * at scrape time. Why not prom-client's Counter and Histogram: each observation there hashes its label set
 * (a child's too), ~2 µs per request on the single-row hot path; here it is one map lookup and a few additions.
 */
export class RequestStats {
  private readonly series = new Map<string, RouteSeries>();
  /** The same series by route, then method: no key string is built per request (route strings are reused). */
  private readonly byRoute = new Map<string, Map<string, RouteSeries>>();

  constructor(registry: Registry) {
    const stats = this;
    registry.registerMetric({
      name: 'custseg_http_requests_total',
      help: 'HTTP requests answered, by method, route and status code',
      type: 'counter',
      get: async () => ({
        name: 'custseg_http_requests_total',
        help: 'HTTP requests answered, by method, route and status code',
        type: 'counter',
        aggregator: 'sum',
        values: [...stats.series.values()].flatMap((s) => [...s.statuses].map(([status, value]) => ({ value, labels: { method: s.method, route: s.route, status } }))),
      }),
      reset: () => stats.clear(),
    } as unknown as Metric);
    registry.registerMetric({
      name: 'custseg_http_request_duration_seconds',
      help: 'Time from request received to response sent, by method and route',
      type: 'histogram',
      get: async () => ({
        name: 'custseg_http_request_duration_seconds',
        help: 'Time from request received to response sent, by method and route',
        type: 'histogram',
        aggregator: 'sum',
        values: [...stats.series.values()].flatMap((s) => histogramValues(s)),
      }),
      reset: () => stats.clear(),
    } as unknown as Metric);
  }

  private clear(): void {
    this.series.clear();
    this.byRoute.clear();
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.byRoute.get(route);
    if (byMethod === undefined) this.byRoute.set(route, (byMethod = new Map()));
    let s = byMethod.get(method);
    if (s === undefined) {
      s = { method, route, buckets: new Float64Array(LATENCY_BUCKETS.length), sum: 0, count: 0, statuses: new Map() };
      byMethod.set(method, s);
      this.series.set(`${method} ${route}`, s);
    }
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= LATENCY_BUCKETS[i]) {
        s.buckets[i]++;
        break;
      }
    }
    s.sum += seconds;
    s.count++;
    s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
  }
}

function histogramValues(s: RouteSeries): { value: number; labels: Record<string, string | number>; metricName: string }[] {
  const name = 'custseg_http_request_duration_seconds';
  const labels = { method: s.method, route: s.route };
  const out: { value: number; labels: Record<string, string | number>; metricName: string }[] = [];
  let cumulative = 0;
  LATENCY_BUCKETS.forEach((le, i) => {
    cumulative += s.buckets[i];
    out.push({ value: cumulative, labels: { le, ...labels }, metricName: `${name}_bucket` });
  });
  out.push({ value: s.count, labels: { le: '+Inf', ...labels }, metricName: `${name}_bucket` });
  out.push({ value: s.sum, labels, metricName: `${name}_sum` });
  out.push({ value: s.count, labels, metricName: `${name}_count` });
  return out;
}
