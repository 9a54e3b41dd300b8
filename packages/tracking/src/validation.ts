import { posix } from 'node:path';
import { invalidParam } from './errors.js';
import type { Metric, Param, RunStatus, Tag, ViewType } from './types.js';

// MLflow 2.x limits (mlflow/utils/validation.py).
export const MAX_ENTITY_KEY_LENGTH = 250;
export const MAX_PARAM_VAL_LENGTH = 6000;
export const MAX_TAG_VAL_LENGTH = 8000;
export const MAX_EXPERIMENT_TAG_VAL_LENGTH = 5000;
export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_ENTITIES_PER_BATCH = 1000;
export const MAX_REGISTRY_TAG_VAL_LENGTH = 5000;

const VALID_NAME = /^[/\w.\- ]*$/;
const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
const VIEW_TYPES: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalidParam(`Missing value for required parameter '${what}' (expected a string, got ${describe(value)})`);
  return value;
}

export function requireNonEmpty(value: unknown, what: string): string {
  const s = requireString(value, what);
  if (s === '') throw invalidParam(`Missing value for required parameter '${what}'`);
  return s;
}

export function optionalString(value: unknown, what: string): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, what);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** MLflow's rule for metric, param and tag keys: safe characters, and a key that is also a safe relative file path. */
export function validateKey(key: unknown, kind: 'Metric' | 'Param' | 'Tag'): string {
  if (typeof key !== 'string' || key === '') throw invalidParam(`${kind} name must be a non-empty string, got ${describe(key)}`);
  if (!VALID_NAME.test(key)) {
    throw invalidParam(`Invalid ${kind.toLowerCase()} name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).`);
  }
  const norm = posix.normalize(key);
  if (norm !== key || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) {
    throw invalidParam(`Invalid ${kind.toLowerCase()} name: '${key}'. Names must not resolve to other names when treated as file paths ('${posix.normalize(key)}').`);
  }
  maxLength(`${kind} key`, key, MAX_ENTITY_KEY_LENGTH);
  return key;
}

export function maxLength(what: string, value: string, limit: number): void {
  if (value.length > limit) throw invalidParam(`${what} '${value.slice(0, 40)}...' had length ${value.length}, which exceeded length limit of ${limit}`);
}

export function validateParam(p: unknown): Param {
  const o = asObject(p, 'param');
  const key = validateKey(o.key, 'Param');
  const value = requireString(o.value, `value of param '${key}'`);
  maxLength(`Param value of '${key}'`, value, MAX_PARAM_VAL_LENGTH);
  return { key, value };
}

export function validateTag(t: unknown, limit = MAX_TAG_VAL_LENGTH): Tag {
  const o = asObject(t, 'tag');
  const key = validateKey(o.key, 'Tag');
  const value = requireString(o.value, `value of tag '${key}'`);
  maxLength(`Tag value of '${key}'`, value, limit);
  return { key, value };
}

export function validateTimestamp(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalidParam(`${what} must be an integer (milliseconds since the epoch), got ${describe(v)}`);
  return v;
}

export function validateMetric(m: unknown): Metric {
  const o = asObject(m, 'metric');
  const key = validateKey(o.key, 'Metric');
  // NaN and ±Infinity are legitimate metric values in MLflow; anything that is not a number is not
  if (typeof o.value !== 'number') throw invalidParam(`Got invalid value ${describe(o.value)} for metric '${key}' (timestamp=${String(o.timestamp)}). Please specify value as a valid double (64-bit floating point)`);
  const timestamp = validateTimestamp(o.timestamp, `Timestamp of metric '${key}'`);
  const step = o.step === undefined || o.step === null ? 0 : o.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step)) throw invalidParam(`Step of metric '${key}' must be an integer, got ${describe(o.step)}`);
  return { key, value: o.value, timestamp, step };
}

export function validateRunStatus(s: unknown): RunStatus {
  if (!RUN_STATUSES.includes(s as RunStatus)) throw invalidParam(`Invalid run status ${describe(s)}: expected one of ${RUN_STATUSES.join(', ')}`);
  return s as RunStatus;
}

export function validateViewType(v: unknown): ViewType {
  if (v === undefined || v === null) return 'ACTIVE_ONLY';
  if (!VIEW_TYPES.includes(v as ViewType)) throw invalidParam(`Invalid view type ${describe(v)}: expected one of ${VIEW_TYPES.join(', ')}`);
  return v as ViewType;
}

export function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidParam(`Expected ${what} to be an object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

export function optionalArray(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidParam(`Expected ${what} to be a list, got ${describe(v)}`);
  return v;
}

export function validateRunId(v: unknown): string {
  const id = requireNonEmpty(v, 'run_id');
  if (!/^[a-zA-Z0-9][\w-]{0,255}$/.test(id)) throw invalidParam(`Invalid run ID: '${id}'`);
  return id;
}
