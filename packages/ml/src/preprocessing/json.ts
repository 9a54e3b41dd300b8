import { ModelFormatError, UserError } from '../core/errors.js';
import { asComponent } from '../core/registry.js';
import type { ComponentJSON } from '../core/types.js';

/**
 * Readers for model documents. Everything here treats the document as untrusted plain data: shapes and
 * types are checked, unknown keys are refused (a typo must not silently fall back to a default), and objects
 * are read with Object.entries so keys such as "__proto__" are data, never prototype changes.
 */

export type JsonObject = Record<string, unknown>;

export function fail(where: string, message: string): never {
  throw new ModelFormatError(`${where}: ${message}`);
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the document names this type and has only known params / state keys. */
export function openComponent(
  json: ComponentJSON,
  type: string,
  paramKeys: readonly string[],
  stateKeys: readonly string[],
): { params: JsonObject; state: JsonObject | undefined } {
  const c = asComponent(json, 'transformer');
  if (c.type !== type) fail(type, `document is of type "${c.type}"`);
  checkKeys(`${type} params`, c.params, paramKeys);
  if (c.state !== undefined) checkKeys(`${type} state`, c.state, stateKeys, true);
  return { params: c.params, state: c.state };
}

function checkKeys(where: string, o: JsonObject, allowed: readonly string[], required = false): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(where, `unknown key "${k}"`);
  if (required) for (const k of allowed) if (!Object.hasOwn(o, k)) fail(where, `missing key "${k}"`);
}

/** Runs a constructor on document params; an option it rejects is a malformed document, not a user slip. */
export function construct<T>(type: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof UserError) throw new ModelFormatError(`${type} params: ${err.message}`);
    throw err;
  }
}

/** `null` in a document stands for an option left at its default. */
export function optional(v: unknown): unknown {
  return v === null ? undefined : v;
}

export function readNames(where: string, v: unknown): string[] {
  if (!Array.isArray(v)) fail(where, 'expected an array of names');
  const seen = new Set<string>();
  for (const x of v) {
    if (typeof x !== 'string' || x === '') fail(where, `expected non-empty strings, got ${JSON.stringify(x)}`);
    if (seen.has(x)) fail(where, `"${x}" appears twice`);
    seen.add(x);
  }
  return [...(v as string[])];
}

/** Category values: strings, distinct (the empty string is a legitimate category). */
export function readCategories(where: string, v: unknown): string[] {
  if (!Array.isArray(v)) fail(where, 'expected an array of category values');
  const seen = new Set<string>();
  for (const x of v) {
    if (typeof x !== 'string') fail(where, `expected strings, got ${JSON.stringify(x)}`);
    if (seen.has(x)) fail(where, `"${x}" appears twice`);
    seen.add(x);
  }
  return [...(v as string[])];
}

export function readFinite(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, `expected a finite number, got ${JSON.stringify(v)}`);
  return v;
}

export function readString(where: string, v: unknown): string {
  if (typeof v !== 'string') fail(where, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}

/** An object keyed by exactly the fitted variables; values read by `item`. */
export function readPerVariable<T>(where: string, v: unknown, variables: readonly string[], item: (where: string, v: unknown) => T): Map<string, T> {
  if (!isObject(v)) fail(where, 'expected an object keyed by variable');
  const out = new Map<string, T>();
  for (const [k, x] of Object.entries(v)) {
    if (!variables.includes(k)) fail(where, `"${k}" is not a fitted variable`);
    out.set(k, item(`${where}["${k}"]`, x));
  }
  for (const name of variables) if (!out.has(name)) fail(where, `no entry for variable "${name}"`);
  return out;
}

/** An object of category -> finite number. */
export function readNumberMap(where: string, v: unknown): Map<string, number> {
  if (!isObject(v)) fail(where, 'expected an object of numbers');
  const out = new Map<string, number>();
  for (const [k, x] of Object.entries(v)) out.set(k, readFinite(`${where}["${k}"]`, x));
  return out;
}

/** Builds a JSON object from a Map with keys as own data properties, whatever they are called. */
export function toRecord<V, W>(m: ReadonlyMap<string, V>, f: (v: V) => W): Record<string, W> {
  return Object.fromEntries([...m].map(([k, v]) => [k, f(v)]));
}

export function variablesParam(variables: readonly string[] | undefined): string[] | null {
  return variables === undefined ? null : [...variables];
}
