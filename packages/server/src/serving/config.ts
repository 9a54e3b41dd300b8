import { UserError } from '@custseg/ml';
import type { UnknownFields } from './scoring/json-row-reader.js';
import { DEFAULT_MODEL_URI } from './model/uri-source.js';

/** Everything `custseg serve` can be told, from flags or the environment. */
export interface ServingConfig {
  /** Model URI: a file, `models:/NAME@ALIAS`, `models:/NAME/VERSION`, `runs:/RUN_ID/model`. */
  readonly model: string;
  readonly host: string;
  readonly port: number;
  /** Bearer token required by endpoints that change state; none when undefined. */
  readonly token: string | undefined;
  /** Allowed CORS origins; empty turns CORS off, ['*'] allows any. */
  readonly corsOrigins: readonly string[];
  readonly maxBatchRows: number;
  /** Largest JSON body accepted. */
  readonly maxBodyBytes: number;
  /** Largest CSV upload accepted (0: no limit; memory stays bounded either way). */
  readonly maxUploadBytes: number;
  readonly unknownFields: UnknownFields;
  /** Seconds between checks of a watchable model source; 0 turns hot reload off. */
  readonly pollSeconds: number;
  /** Tracking store URI (else CUSTSEG_TRACKING_URI / MLFLOW_TRACKING_URI / .custseg). */
  readonly trackingUri: string | undefined;
  /** Also serve the tracking REST API of the store. */
  readonly serveTracking: boolean;
  readonly logLevel: string;
  /** A log line per request answered below 400 (4xx and 5xx are logged regardless). */
  readonly accessLog: boolean;
  /** The level of those lines: with the default debug they are not written at the default info level. */
  readonly accessLogLevel: AccessLogLevel;
  /** Longest wait for in-flight requests on SIGTERM before exiting anyway. */
  readonly shutdownTimeoutSeconds: number;
  /** Directory of the built web app served at `/`; undefined: the bundled build when present; 'off': none. */
  readonly webDir: string | undefined;
}

export const DEFAULT_SERVING_CONFIG: ServingConfig = {
  model: DEFAULT_MODEL_URI,
  host: '0.0.0.0',
  port: 8000,
  token: undefined,
  corsOrigins: [],
  maxBatchRows: 10_000,
  maxBodyBytes: 32 * 1024 * 1024,
  maxUploadBytes: 0,
  unknownFields: 'reject',
  pollSeconds: 30,
  trackingUri: undefined,
  serveTracking: false,
  logLevel: 'info',
  accessLog: true,
  accessLogLevel: 'debug',
  shutdownTimeoutSeconds: 10,
  webDir: undefined,
};

/**
 * The environment variables, documented for container deployments (flags of `custseg serve` override them).
 * Each maps to one ServingConfig field.
 */
export const SERVING_ENV = {
  CUSTSEG_MODEL: 'model URI or file (default models:/customer-segmentation@champion)',
  CUSTSEG_HOST: 'interface to listen on (default 0.0.0.0)',
  CUSTSEG_PORT: 'port (default 8000)',
  CUSTSEG_TOKEN: 'bearer token required by endpoints that change state (default: none)',
  CUSTSEG_CORS_ORIGINS: 'comma-separated allowed origins, or * (default: CORS off)',
  CUSTSEG_MAX_BATCH_ROWS: 'most rows in one POST /v1/predict (default 10000)',
  CUSTSEG_MAX_BODY_BYTES: 'largest JSON body (default 33554432)',
  CUSTSEG_MAX_UPLOAD_BYTES: 'largest CSV upload, 0 for no limit (default 0)',
  CUSTSEG_UNKNOWN_FIELDS: 'reject | ignore fields the model does not take (default reject)',
  CUSTSEG_POLL_SECONDS: 'seconds between checks of the alias or file for a new model, 0 for never (default 30)',
  CUSTSEG_TRACKING_URI: 'tracking store (default MLFLOW_TRACKING_URI, else ./.custseg)',
  CUSTSEG_SERVE_TRACKING: 'true to also serve the tracking REST API (default false)',
  CUSTSEG_LOG_LEVEL: 'fatal | error | warn | info | debug | trace | silent (default info)',
  CUSTSEG_ACCESS_LOG: 'false to skip the log lines of requests answered below 400; 4xx and 5xx are logged regardless (default true)',
  CUSTSEG_ACCESS_LOG_LEVEL: 'level of the log lines of requests answered below 400: fatal | error | warn | info | debug | trace (default debug)',
  CUSTSEG_SHUTDOWN_TIMEOUT_SECONDS: 'longest wait for in-flight requests on SIGTERM (default 10)',
  CUSTSEG_WEB_DIR: 'directory of the built web app served at / (default: packages/web/dist when built; off for none)',
} as const;

export class ServingConfigError extends UserError {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ACCESS_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type AccessLogLevel = (typeof ACCESS_LOG_LEVELS)[number];

/** Reads the serving configuration from environment variables (unset or empty ones take the defaults). */
export function servingConfigFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServingConfig> = {}): ServingConfig {
  const get = (name: keyof typeof SERVING_ENV): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const d = DEFAULT_SERVING_CONFIG;
  const fromEnv: ServingConfig = {
    model: get('CUSTSEG_MODEL') ?? d.model,
    host: get('CUSTSEG_HOST') ?? d.host,
    port: int('CUSTSEG_PORT', get('CUSTSEG_PORT'), d.port, 0, 65_535),
    token: get('CUSTSEG_TOKEN'),
    corsOrigins: origins(get('CUSTSEG_CORS_ORIGINS')),
    maxBatchRows: int('CUSTSEG_MAX_BATCH_ROWS', get('CUSTSEG_MAX_BATCH_ROWS'), d.maxBatchRows, 1, 10_000_000),
    maxBodyBytes: int('CUSTSEG_MAX_BODY_BYTES', get('CUSTSEG_MAX_BODY_BYTES'), d.maxBodyBytes, 1024, Number.MAX_SAFE_INTEGER),
    maxUploadBytes: int('CUSTSEG_MAX_UPLOAD_BYTES', get('CUSTSEG_MAX_UPLOAD_BYTES'), d.maxUploadBytes, 0, Number.MAX_SAFE_INTEGER),
    unknownFields: choice('CUSTSEG_UNKNOWN_FIELDS', get('CUSTSEG_UNKNOWN_FIELDS'), ['reject', 'ignore'] as const, d.unknownFields),
    pollSeconds: num('CUSTSEG_POLL_SECONDS', get('CUSTSEG_POLL_SECONDS'), d.pollSeconds, 0, 86_400),
    trackingUri: get('CUSTSEG_TRACKING_URI'),
    serveTracking: bool('CUSTSEG_SERVE_TRACKING', get('CUSTSEG_SERVE_TRACKING'), d.serveTracking),
    logLevel: choice('CUSTSEG_LOG_LEVEL', get('CUSTSEG_LOG_LEVEL'), LOG_LEVELS, d.logLevel),
    accessLog: bool('CUSTSEG_ACCESS_LOG', get('CUSTSEG_ACCESS_LOG'), d.accessLog),
    accessLogLevel: choice('CUSTSEG_ACCESS_LOG_LEVEL', get('CUSTSEG_ACCESS_LOG_LEVEL'), ACCESS_LOG_LEVELS, d.accessLogLevel),
    shutdownTimeoutSeconds: num('CUSTSEG_SHUTDOWN_TIMEOUT_SECONDS', get('CUSTSEG_SHUTDOWN_TIMEOUT_SECONDS'), d.shutdownTimeoutSeconds, 0, 3_600),
    webDir: get('CUSTSEG_WEB_DIR'),
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...fromEnv, ...defined };
}

function int(name: string, raw: string | undefined, def: number, lo: number, hi: number): number {
  if (raw === undefined) return def;
  const x = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(x) || x < lo || x > hi) throw new ServingConfigError(`${name}: expected an integer between ${lo} and ${hi}, got "${raw}"`);
  return x;
}

function num(name: string, raw: string | undefined, def: number, lo: number, hi: number): number {
  if (raw === undefined) return def;
  const x = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(x) || x < lo || x > hi) throw new ServingConfigError(`${name}: expected a number of seconds between ${lo} and ${hi}, got "${raw}"`);
  return x;
}

function bool(name: string, raw: string | undefined, def: boolean): boolean {
  if (raw === undefined) return def;
  const v = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ServingConfigError(`${name}: expected true or false, got "${raw}"`);
}

function choice<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], def: T): T {
  if (raw === undefined) return def;
  if (!(allowed as readonly string[]).includes(raw)) throw new ServingConfigError(`${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function origins(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const list = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const o of list) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/i.test(o)) {
      throw new ServingConfigError(`CUSTSEG_CORS_ORIGINS: expected * or origins like https://app.example.com, got "${o}"`);
    }
  }
  return list;
}
